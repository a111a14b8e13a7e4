"""The outgoing port the jobs own: DMs, channel posts and user profiles; the Slack door implements it."""
from __future__ import annotations

from typing import Protocol

from kambot.core.reply import Reply
from kambot.domain.profile import Profile


class DeliveryError(Exception):
    """A delivery was refused; `error` is the platform's code (channel_not_found, not_in_channel, ratelimited...)."""

    def __init__(self, error: str, method: str = ""):
        super().__init__(f"{method}: {error}" if method else error)
        self.error = error
        self.method = method


class NoToken(DeliveryError):
    """No bot token is known for the workspace (not installed, or no SLACK_BOT_TOKEN)."""


class Messenger(Protocol):
    """What reminders and digests need from the chat platform."""

    def send_dm(self, team_id: str, user_id: str, reply: Reply) -> str | None:
        """Post the reply in the bot's DM with the user; returns the message's id (Slack's ts)."""

    def post_channel(self, team_id: str, channel_id: str, reply: Reply) -> str | None:
        """Post the reply in a channel; returns the message's id."""

    def user_profile(self, team_id: str, user_id: str) -> Profile | None:
        """The user's time zone and locale (cached), or None when unknown."""
