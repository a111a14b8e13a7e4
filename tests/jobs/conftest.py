"""Fixtures of the job tests: the real SlackMessenger and Scheduler pointed at it."""
from __future__ import annotations

import pytest

from kambot.config import Settings
from kambot.jobs.scheduler import Scheduler
from kambot.slack.messenger import SlackMessenger


@pytest.fixture
def settings(fake) -> Settings:
    """Settings with a bot token, talking to the fake."""
    return Settings(slack_bot_token="xoxb-test", slack_api_url=fake.base_url, default_tz="UTC")


@pytest.fixture
def make_scheduler(engine, settings):
    """Build a scheduler (a fresh one = a restarted process) on the test database and the fake Slack."""

    def build(**options) -> Scheduler:
        return Scheduler(engine, SlackMessenger(settings, engine), default_tz="UTC", **options)

    return build
