"""Delivery claims: a row per scheduled message, taken BEFORE sending so nothing is ever sent twice.

A claim is an INSERT of the delivery's unique key (a conflict means someone else has it). The claim is
a lease: if its process dies before sending, the row stays "claimed" and, once older than the lease,
another process takes it over with one conditional UPDATE (rowcount 1 wins). A failed send becomes
"retry" and is taken again after a backoff, "failed" after MAX_ATTEMPTS. Right after Slack accepts a
message the row becomes "sent" in its own short transaction; the one residual window is a crash
between Slack's answer and that UPDATE, which can repeat that one message once after the lease.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from kambot.storage.models import Delivery

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
MAX_BACKOFF = timedelta(minutes=30)
FINAL = frozenset({"sent", "failed"})
TABLE = Delivery.__table__


def worker_id() -> str:
    """Who holds a claim: host, pid and a random suffix (pids repeat across restarts)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:120]


def reminder_key(team_id: str, owner: str, day: str) -> str:
    """remind:<team>:<owner>:<YYYY-MM-DD> (the owner's local day)."""
    return f"remind:{team_id}:{owner}:{day}"


def digest_key(team_id: str, subscription_id: int, week: str) -> str:
    """digest:<team>:<subscription id>:<YYYY-Www> (the subscription's ISO week)."""
    return f"digest:{team_id}:{subscription_id}:{week}"


def backoff(attempts: int) -> timedelta:
    """Wait before retrying after `attempts` failed tries: 1, 2, 4, 8... minutes, at most 30."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _db_time(moment: datetime) -> datetime:
    """Aware UTC, as the UTCDateTime columns take it (a naive instant is taken to be UTC)."""
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Claim:
    """A delivery this worker now holds; `attempt` counts every try including this one."""

    key: str
    attempt: int
    worker: str


@dataclass(frozen=True)
class Row:
    """The state of one delivery row."""

    key: str
    status: str
    attempts: int
    claimed_at: datetime


def _reclaimable(row: Row, now: datetime, lease: timedelta) -> datetime | None:
    """The cutoff a takeover must beat, or None when the row is not up for grabs."""
    if row.status == "claimed":
        return _db_time(now - lease)
    if row.status == "retry":
        return _db_time(now - backoff(row.attempts))
    return None


class Claims:
    """Claim, release and finish deliveries on one engine (SQLite and PostgreSQL alike, no locks held)."""

    def __init__(self, engine: Engine, *, worker: str | None = None, lease: timedelta = LEASE,
                 max_attempts: int = MAX_ATTEMPTS):
        self.engine, self.worker = engine, worker or worker_id()
        self.lease, self.max_attempts = lease, max_attempts

    def rows(self, keys: Iterable[str]) -> dict[str, Row]:
        """Existing rows for these keys (chunked under SQLite's parameter limit)."""
        keys, found = sorted(set(keys)), {}
        with self.engine.connect() as conn:
            for start in range(0, len(keys), 500):
                query = select(TABLE.c.key, TABLE.c.status, TABLE.c.attempts, TABLE.c.claimed_at).where(
                    TABLE.c.key.in_(keys[start:start + 500]))
                found.update({r.key: Row(r.key, r.status, r.attempts, r.claimed_at) for r in conn.execute(query)})
        return found

    def open_keys(self, keys: Iterable[str], now: datetime) -> set[str]:
        """The keys still worth working on now: never claimed, or claimable again."""
        keys = set(keys)
        rows = self.rows(keys)
        return {k for k in keys if k not in rows or self._takeable(rows[k], now)}

    def _takeable(self, row: Row, now: datetime) -> bool:
        cutoff = _reclaimable(row, now, self.lease)
        return cutoff is not None and row.claimed_at <= cutoff

    def claim(self, key: str, *, team_id: str, kind: str, now: datetime) -> Claim | None:
        """Take the delivery: INSERT the key, else take over an expired lease or a due retry; None = not ours."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(TABLE).values(key=key, team_id=team_id, kind=kind, status="claimed", attempts=1,
                                                  claimed_by=self.worker, claimed_at=_db_time(now)))
            return Claim(key, 1, self.worker)
        except IntegrityError:
            pass  # someone has (or had) it: maybe their lease ran out, or a retry is due
        row = self.rows([key]).get(key)
        cutoff = None if row is None else _reclaimable(row, now, self.lease)
        if row is None or cutoff is None or not row.claimed_at <= cutoff:
            return None
        # Compare-and-set on (status, attempts): every claim bumps attempts, so one contender wins.
        guard = (TABLE.c.key == key, TABLE.c.status == row.status, TABLE.c.attempts == row.attempts,
                 TABLE.c.claimed_at <= cutoff)
        with self.engine.begin() as conn:
            if row.attempts >= self.max_attempts:  # a crash loop or a hopeless target: give up, visibly
                conn.execute(update(TABLE).where(*guard).values(status="failed"))
                return None
            won = conn.execute(update(TABLE).where(*guard).values(
                status="claimed", attempts=row.attempts + 1, claimed_by=self.worker, claimed_at=_db_time(now)))
        return Claim(key, row.attempts + 1, self.worker) if won.rowcount == 1 else None

    def sent(self, claim: Claim, now: datetime, conn=None) -> None:
        """Mark sent, unconditionally: the message went out, so nobody may take this key again."""
        statement = update(TABLE).where(TABLE.c.key == claim.key).values(status="sent", sent_at=_db_time(now),
                                                                          error=None)
        if conn is not None:
            conn.execute(statement)
            return
        with self.engine.begin() as own:
            own.execute(statement)

    def failed(self, claim: Claim, error: str, now: datetime) -> str:
        """Record a failed try: "retry" after a backoff, or "failed" once attempts run out; returns the status."""
        status = "failed" if claim.attempt >= self.max_attempts else "retry"
        with self.engine.begin() as conn:
            conn.execute(update(TABLE).where(TABLE.c.key == claim.key, TABLE.c.claimed_by == claim.worker,
                                             TABLE.c.status == "claimed")
                         .values(status=status, error=error[:500], claimed_at=_db_time(now)))
        return status

    def deliver(self, key: str, *, team_id: str, kind: str, now: datetime, send: Callable[[], None],
                after: Callable[[Connection], None] | None = None) -> tuple[str, str | None]:
        """Claim, send, mark sent (with `after`'s rows): ("sent" | "retry" | "failed" | "taken", error)."""
        claim = self.claim(key, team_id=team_id, kind=kind, now=now)
        if claim is None:
            return "taken", None
        try:
            send()  # builds its content only now: the winner of the claim does the work
        except Exception as exc:  # noqa: BLE001 - Slack's refusal or our bug: record it, retry later
            error = getattr(exc, "error", None) or f"{type(exc).__name__}: {exc}"
            if not hasattr(exc, "error"):
                log.exception("delivery %s raised", key)
            status = self.failed(claim, error, now)
            log.warning("delivery %s not sent (attempt %d, %s): %s", key, claim.attempt, status, error)
            return status, error
        # Straight after Slack's answer: this short transaction is the only window for a duplicate.
        with self.engine.begin() as conn:
            self.sent(claim, now, conn)
            if after is not None:
                after(conn)
        return "sent", None
