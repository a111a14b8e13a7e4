"""Who is asking, where, and when: the request context every command receives."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Callable
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Context:
    """One request: the team and user, their time zone and language, and the current instant."""

    team_id: str
    user_id: str
    now: datetime  # timezone-aware; the only clock the core ever reads
    tz: ZoneInfo = ZoneInfo("UTC")
    lang: str = "en"  # the user's preferred language (from their Slack locale); text may override
    channel_id: str | None = None
    source: str = "command"  # command | message | shortcut | import
    # Asks the door whether the bot is a member of channel_id (None: cannot tell); None where no door can.
    in_channel: Callable[[], bool | None] | None = field(default=None, compare=False, repr=False)
    # Asks the door for the names of users kambot has none for ({id: name}); None where no door can (the shell).
    user_names: Callable[[list[str]], dict[str, str]] | None = field(default=None, compare=False, repr=False)

    def bot_absent(self) -> bool:
        """True only when the door knows the bot is not in channel_id: nothing could be posted or read there."""
        return self.in_channel is not None and self.in_channel() is False

    @property
    def today(self) -> date:
        """The calendar day in the user's own time zone."""
        return self.now.astimezone(self.tz).date()

    @property
    def local_now(self) -> datetime:
        """The current instant on the user's wall clock."""
        return self.now.astimezone(self.tz)

    def with_lang(self, lang: str) -> "Context":
        """The same context answering in another language."""
        return replace(self, lang=lang)
