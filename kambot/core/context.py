"""Who is asking, where, and when: the request context every command receives."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
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
