"""`python bot.py` as a new user runs it: no Slack credentials -> the demo shell, and it says so."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args, *, stdin: str, tmp_path, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'kambot.db'}", LOG_LEVEL="WARNING", **(extra_env or {}))
    return subprocess.run([sys.executable, "bot.py", *args], cwd=ROOT, input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_plain_run_without_credentials_starts_the_demo_shell(tmp_path):
    done = _run([], stdin="/kam account Acme\n¿qué cuentas tengo frías?\n", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "No Slack credentials" in done.stderr
    assert "Acme Corp" in done.stdout and "tier A" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_shell_json_prints_one_slack_payload_per_line(tmp_path):
    done = _run(["shell", "--json", "--tz", "Asia/Tokyo"], stdin="/kam help\n/kam log call with Robert at Acme\n",
                tmp_path=tmp_path)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 2 and all(line.startswith('{"text"') for line in lines)
    assert '"action_id": "touchpoint_undo"' in lines[1]


def test_garbage_input_never_shows_a_traceback(tmp_path):
    junk = "\n".join(["/kam log", "/kam who", "/kam map", "/kam cadence Acme -5", "/kam contact Acme: , role king",
                      "/kam log call at Acme on 31/02", "\x00\x01", "/kam " + "x" * 5000, "/kam digest subscribe nowhere"])
    done = _run(["shell"], stdin=junk + "\n", tmp_path=tmp_path)
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.count("\n") >= 9
