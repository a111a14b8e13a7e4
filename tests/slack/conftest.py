"""Fixtures of the Slack door's tests (defined in support.py), and no silently failing listener."""
import logging

import pytest

from tests.slack.support import app  # noqa: F401


@pytest.fixture(autouse=True)
def no_listener_crash(caplog):
    """A lazy listener that raised is logged, not re-raised: fail the test that caused it."""
    with caplog.at_level(logging.ERROR, logger="kambot.slack.listeners.lazy"):
        yield
    crashes = [r for r in caplog.records if r.name == "kambot.slack.listeners.lazy"]
    assert not crashes, crashes[0].getMessage() + "\n" + (crashes[0].exc_text or "")
