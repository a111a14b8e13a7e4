"""Peak memory of a bot process, measured in a child: build the app, warm its caches, serve the command mix.

Run by the suite as `python -m bench.memory URL SAMPLES.json REQUESTS`; prints one JSON line (MB).
"""
from __future__ import annotations

import json
import logging
import resource
import subprocess
import sys
from pathlib import Path

from bench.workspace import Sample


def _status_mb(field: str) -> float:
    """A memory figure of /proc/self/status (VmRSS: now, VmHWM: the peak), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    return _status_mb("VmRSS")


def _peak_mb() -> float:
    # Not getrusage's ru_maxrss alone: Linux carries the parent's peak into a forked child across exec, so
    # a child of the (big) benchmark process would report the parent. VmHWM is this program's own peak.
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(url: str, samples_file: str, requests: int) -> dict:
    """What one `bot.py serve` process holds: imports, the app, the name index and caches, a served mix."""
    logging.basicConfig(level=logging.WARNING)
    from bench.drive import COMMANDS, Driver  # imported here so the baseline below counts them
    from kambot.domain.parsing.line import warm_up
    from kambot.storage.db import make_engine
    from kambot.testing.fake_slack.api import FakeSlack

    stages = {"imports": _rss_mb()}
    samples = [Sample(**s) for s in json.loads(Path(samples_file).read_text())]
    engine = make_engine(url)
    with FakeSlack() as fake:
        driver = Driver(engine, fake)
        warm_up()  # what runner.run does before serving
        stages["app built"] = _rss_mb()
        for kind in COMMANDS:
            driver.run(kind, samples[:3])  # first use: name index, templates, statement caches
        stages["caches warm"] = _rss_mb()
        for n in range(requests):
            kind = COMMANDS[n % len(COMMANDS)]
            driver.run(kind, [samples[n % len(samples)]])
        stages["served"] = _rss_mb()
        driver.close()
    engine.dispose()
    return {"peak_mb": _peak_mb(), "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "stages": stages}


def measure(url: str, samples: list[Sample], requests: int, folder: Path, timeout: float = 900) -> dict:
    """Run the child and return its report."""
    path = folder / "memory-samples.json"
    path.write_text(json.dumps([s.__dict__ for s in samples]))
    done = subprocess.run([sys.executable, "-m", "bench.memory", url, str(path), str(requests)],
                          capture_output=True, text=True, timeout=timeout, cwd=Path(__file__).resolve().parent.parent)
    if done.returncode != 0:
        raise RuntimeError(f"memory child failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
