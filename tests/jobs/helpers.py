"""Inspection helpers shared by the job tests (rows are made with tests/support/factories.py)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Delivery, DigestSubscription, ReminderLog


def utc(*parts: int) -> datetime:
    """An aware UTC instant: utc(2026, 11, 30, 0, 0)."""
    return datetime(*parts, tzinfo=timezone.utc)


def subscribe(engine, channel: str, *, team: str = "T1", lang: str = "en", tz: str = "UTC", weekday: int = 0,
              hour: int = 9, scope: str = "all") -> int:
    """Subscribe a channel to the weekly digest; returns the subscription id."""
    with session_scope(engine) as session:
        sub = DigestSubscription(team_id=team, channel_id=channel, lang=lang, tz=tz, weekday=weekday, hour=hour,
                                 scope=scope)
        session.add(sub)
        session.flush()
        return sub.id


def deliveries(engine) -> dict[str, Delivery]:
    """Every Delivery row by key."""
    with session_scope(engine) as session:
        return {d.key: d for d in session.execute(select(Delivery)).scalars()}


def reminder_logs(engine) -> list[ReminderLog]:
    """Every ReminderLog row."""
    with session_scope(engine) as session:
        return list(session.execute(select(ReminderLog).order_by(ReminderLog.id)).scalars())


def posts(fake, channel: str | None = None) -> list:
    """chat.postMessage calls Slack accepted (429s and refusals excluded), optionally to one channel."""
    return [c for c in fake.calls("chat.postMessage") if c.status == 200 and (c.response or {}).get("ok")
            and (channel is None or c.params.get("channel") == channel)]


def dm_texts(fake, user: str) -> list[str]:
    """The full text (all blocks) of each accepted DM to a user."""
    found = []
    for call in posts(fake, "D" + user):
        blocks = call.params.get("blocks") or []
        parts = [b.get("text", {}).get("text", "") for b in blocks if b.get("type") == "section"]
        parts += [e.get("text", "") for b in blocks if b.get("type") == "context" for e in b.get("elements") or []]
        found.append("\n".join(parts))
    return found
