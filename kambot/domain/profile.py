"""What kambot knows about a Slack user: time zone and locale, and the reply language they imply."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Profile:
    """A user's time zone and locale as Slack last told us."""

    tz: str | None
    locale: str | None
    fetched_at: datetime


def lang_from_locale(locale: str | None) -> str:
    """Slack locale -> reply language: es-ES / es-LA -> es; anything else English."""
    return "es" if (locale or "").lower().startswith("es") else "en"
