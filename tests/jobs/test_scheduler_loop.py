"""The scheduler loop: ticks on whole minutes, stops cleanly on request or on SIGTERM/SIGINT."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

import pytest

from kambot.config import ROOT
from kambot.jobs.scheduler import seconds_to_next_minute
from tests.jobs.helpers import posts, utc
from tests.support.factories import make_account


def test_sleeps_until_the_next_whole_minute():
    assert seconds_to_next_minute(utc(2026, 11, 27, 15, 0)) == 60
    assert seconds_to_next_minute(datetime(2026, 11, 27, 15, 0, 45, tzinfo=timezone.utc)) == 15


def test_run_forever_ticks_then_stops_on_request(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="UTC")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    scheduler = make_scheduler()
    thread = threading.Thread(target=scheduler.run_forever, kwargs={
        "clock": lambda: utc(2026, 11, 30, 9, 0), "handle_signals": False})
    thread.start()
    fake.wait_for("chat.postMessage", 1, timeout=30)
    scheduler.stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert len(posts(fake)) == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_bot_py_scheduler_stops_cleanly_on_a_signal(db_url, engine, fake, signum):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=db_url, SLACK_BOT_TOKEN="xoxb-test", SLACK_API_URL=fake.base_url, LOG_LEVEL="INFO")
    process = subprocess.Popen([sys.executable, "bot.py", "scheduler"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        seen = ""
        while "started" not in seen and time.monotonic() < deadline:
            seen += process.stderr.readline()
        assert "started" in seen
        time.sleep(0.5)
        process.send_signal(signum)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "stopped" in err
