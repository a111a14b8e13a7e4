"""What every listener shares: settings, the core, the clock, and the Context built from a Slack payload."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable

from slack_sdk import WebClient

from kambot.config import Settings
from kambot.core.context import Context
from kambot.core.dispatch import Core
from kambot.domain.schedule import zone_named
from kambot.domain.profile import Profile, lang_from_locale
from kambot.slack.membership import bot_in_channel
from kambot.slack.profiles import Profiles

log = logging.getLogger(__name__)


@dataclass
class Deps:
    """The Slack door's shared pieces, built once by create_app."""

    settings: Settings
    core: Core
    clock: Callable[[], datetime]
    profiles: Profiles
    _dm_channels: dict[tuple[str, str], str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def context(self, client: WebClient, *, team_id: str, user_id: str, channel_id: str | None,
                source: str = "command") -> Context:
        """The full context, asking Slack for the user's zone and locale if unknown: call only after ack().

        It can also ask Slack, when a command needs to, for colleagues' names and whether the bot is in the channel.
        """
        ctx = self._build(self.profiles.get(client, team_id, user_id), team_id, user_id, channel_id, source)
        return replace(ctx, user_names=lambda ids: self.profiles.names(client, team_id, ids),
                       in_channel=lambda: bot_in_channel(client, channel_id))

    def quick_context(self, *, team_id: str, user_id: str, channel_id: str | None = None,
                      source: str = "command") -> Context:
        """A context from cached knowledge only (no Slack call): for work that must happen before the ack."""
        return self._build(self.profiles.peek(team_id, user_id), team_id, user_id, channel_id, source)

    def _build(self, profile: Profile | None, team_id: str, user_id: str, channel_id: str | None,
               source: str) -> Context:
        tz = zone_named(profile.tz if profile else None, self.settings.default_tz)
        lang = lang_from_locale(profile.locale if profile else None)
        return Context(team_id=team_id, user_id=user_id, now=self.clock(), tz=tz, lang=lang,
                       channel_id=channel_id, source=source)

    def dm_channel(self, client: WebClient, team_id: str, user_id: str) -> str:
        """The bot's DM channel with a user (conversations.open once per process and user)."""
        key = (team_id, user_id)
        with self._lock:
            known = self._dm_channels.get(key)
        if known:
            return known
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        with self._lock:
            self._dm_channels[key] = channel
        return channel
