"""Code run in separate processes by the exactly-once tests (importable by a spawned interpreter)."""
from __future__ import annotations

from datetime import datetime


def tick_process(db_url: str, api_url: str, instants: list[str], barrier, results) -> None:
    """Build a scheduler from scratch (as `bot.py scheduler` would), wait for the other one, tick."""
    from kambot.config import Settings
    from kambot.jobs.scheduler import Scheduler
    from kambot.slack.messenger import SlackMessenger
    from kambot.storage.db import make_engine

    engine = make_engine(db_url)
    settings = Settings(slack_bot_token="xoxb-test", slack_api_url=api_url, default_tz="UTC")
    scheduler = Scheduler(engine, SlackMessenger(settings, engine), default_tz="UTC")
    barrier.wait(timeout=60)
    sent = 0
    for instant in instants:
        sent += scheduler.tick(datetime.fromisoformat(instant)).count("sent")
    engine.dispose()
    results.put(sent)
