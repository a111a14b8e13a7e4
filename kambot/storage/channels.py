"""Channel queries: which channels kambot reads for touchpoint reports."""
from __future__ import annotations

from sqlmodel import Session

from kambot.storage.models import WatchedChannel


def is_watched(session: Session, *, team_id: str, channel_id: str | None) -> bool:
    """Whether kambot reads this channel for touchpoint reports."""
    return bool(channel_id) and session.get(WatchedChannel, (team_id, channel_id)) is not None
