"""Once-only writes: a button's work claims a key in the same transaction, so a repeat finds it taken."""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from kambot.storage.models import ProcessedEvent

_INSERT_OR_SKIP = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def claim_key(*parts: object) -> str:
    """A fixed-length key for any tuple of ids (message ts, action, block, value...)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return "once:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()


def claim_once(session: Session, key: str, *, team_id: str | None, now: datetime) -> bool:
    """True for the first claim of `key`; False when another transaction (any process) committed it.

    Inside the caller's transaction: rolled back with it, so a refused click can be tried again. On
    PostgreSQL a concurrent claim of the same key waits for the first to finish; on SQLite the insert
    takes the write lock, so the rest of the work is serialised behind it.
    """
    table = ProcessedEvent.__table__
    values = {"key": key[:128], "team_id": (team_id or None) and team_id[:32], "received_at": now}
    upsert = _INSERT_OR_SKIP[session.get_bind().dialect.name]
    statement = upsert(table).values(**values).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.key)
    return session.execute(statement).first() is not None
