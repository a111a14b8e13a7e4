"""Each Slack event is handled once, however many times and to however many processes Slack delivers it."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Callable

from slack_bolt import BoltResponse
from sqlalchemy import delete, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from kambot.storage.models import ProcessedEvent

log = logging.getLogger(__name__)
KEEP = timedelta(days=2)  # Slack retries within minutes; two days of keys is plenty
PRUNE_EVERY = timedelta(hours=1)
# ON CONFLICT DO NOTHING: a duplicate is an answer, not an error in the database's log
_INSERT_OR_SKIP = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def claim(engine: Engine, key: str, *, team_id: str | None, now: datetime) -> bool:
    """True for the first claim of `key` across every process on this database, False for a repeat."""
    table = ProcessedEvent.__table__
    values = {"key": key[:128], "team_id": (team_id or None) and team_id[:32], "received_at": now}
    upsert = _INSERT_OR_SKIP.get(engine.dialect.name)
    if upsert is not None:
        statement = (upsert(table).values(**values).on_conflict_do_nothing(index_elements=["key"])
                     .returning(table.c.key))
        # One statement, so autocommit: no BEGIN/COMMIT round trips on the ack path.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            return conn.execute(statement).first() is not None  # rowcount is unreliable here on psycopg 3
    try:
        with engine.begin() as conn:
            conn.execute(insert(table).values(**values))
        return True
    except IntegrityError:
        return False


class Dedupe:
    """Bolt global middleware: claim the event_id before any listener runs; repeats get an empty 200."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]):
        self._engine, self._clock = engine, clock
        self._last_prune: datetime | None = None
        self._lock = threading.Lock()

    def middleware(self, body: dict, next: Callable[[], None], logger: logging.Logger):  # noqa: A002 - Bolt's name
        """Run the rest of the chain only for the first delivery of an event."""
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if not event_id:
            return next()  # commands and clicks are not retried by Slack
        now = self._clock()
        if not claim(self._engine, f"event:{event_id}", team_id=body.get("team_id"), now=now):
            logger.info("duplicate delivery of %s ignored", event_id)
            return BoltResponse(status=200, body="")
        self._maybe_prune(now)
        return next()

    def _maybe_prune(self, now: datetime) -> None:
        with self._lock:
            if self._last_prune is not None and now - self._last_prune < PRUNE_EVERY:
                return
            self._last_prune = now
        threading.Thread(target=self._prune, args=(now - KEEP,), name="kambot-dedupe-prune", daemon=True).start()

    def _prune(self, before: datetime) -> None:
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(ProcessedEvent.__table__).where(ProcessedEvent.received_at < before))
        except Exception:  # noqa: BLE001 - pruning is housekeeping; the next hour tries again
            log.exception("pruning processed events failed")
