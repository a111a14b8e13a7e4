"""Real `bot.py` processes for the multi-process tests: started with a lifetime, watched, and always stopped."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIFETIME = 170  # seconds: a child stops by itself (SIGALRM) even if the test process hangs
# Runs in the child, then becomes bot.py (same pid): it also dies with the test process (PR_SET_PDEATHSIG).
_LAUNCH = ("import ctypes, os, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGKILL); "
           f"signal.alarm({LIFETIME}); os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")


def free_port() -> int:
    """A port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Proc:
    """One bot.py process and where its log goes."""

    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None
    args: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Its Slack endpoint."""
        return f"http://127.0.0.1:{self.port}/slack/events"

    def tail(self, chars: int = 3000) -> str:
        """The end of its log, for failure messages."""
        return f"--- {self.name} ---\n" + (self.log.read_text(errors="replace")[-chars:] if self.log.exists() else "")

    def alive(self) -> bool:
        return self.popen.poll() is None


def spawn(name: str, args: list[str], env: dict, folder: Path, port: int | None = None) -> Proc:
    """Start `python bot.py <args>` in the repository, output to folder/name.log."""
    log = folder / f"{name}.log"
    with open(log, "wb") as out:
        popen = subprocess.Popen([sys.executable, "-c", _LAUNCH, "bot.py", *args], cwd=ROOT, env=env,
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    return Proc(name, popen, log, port, args)


def serve(name: str, env: dict, folder: Path) -> Proc:
    """`bot.py serve` on a free port of 127.0.0.1."""
    port = free_port()
    return spawn(name, ["serve", "--host", "127.0.0.1", "--port", str(port)], env, folder, port)


def wait_healthy(procs: list[Proc], timeout: float = 90) -> None:
    """Until every server answers /healthz (a process that exits fails with its log)."""
    deadline = time.monotonic() + timeout
    waiting = list(procs)
    while waiting:
        for proc in list(waiting):
            assert proc.alive(), f"{proc.name} exited with {proc.popen.returncode}\n{proc.tail()}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{proc.port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        waiting.remove(proc)
            except OSError:
                pass
        assert time.monotonic() < deadline, "not healthy in time:\n" + "\n".join(p.tail() for p in waiting)
        time.sleep(0.2)


def stop(procs: list[Proc], grace: float = 10) -> dict[str, int | None]:
    """SIGTERM every live process, SIGKILL what is still running after `grace` seconds; exit codes by name."""
    for proc in procs:
        if proc.alive():
            proc.popen.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.popen.kill()
            proc.popen.wait(timeout=5)
    return {p.name: p.popen.returncode for p in procs}


def environment(database_url: str, slack_api_url: str, signing_secret: str) -> dict:
    """The deployment's variables (docs/deployment.md), pointing at the test database and the fake Slack."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DB_", "KAMBOT_"))}
    return env | {"DATABASE_URL": database_url, "SLACK_API_URL": slack_api_url, "SLACK_BOT_TOKEN": "xoxb-test",
                  "SLACK_SIGNING_SECRET": signing_secret, "DB_POOL_SIZE": "2", "DB_MAX_OVERFLOW": "3",
                  "KAMBOT_TEAM": "T1", "KAMBOT_TZ": "UTC", "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
