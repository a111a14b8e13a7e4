"""A fake Slack Web API on 127.0.0.1 that records every call, and requests signed as Slack signs them."""
from kambot.testing.fake_slack.api import FakeSlack

__all__ = ["FakeSlack"]
