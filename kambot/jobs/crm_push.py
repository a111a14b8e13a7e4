"""Send the outbox to the CRM: claimed in the database, 200 records a request, each record exactly once."""
from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.crm.port import LIMIT_PAUSE, CrmClient, CrmError, CrmLimitReached, CrmUnavailable
from kambot.domain.crm import Activity, WriteResult
from kambot.domain.crm_activity import sobject_of
from kambot.jobs.crm_facts import activities, contact_updates
from kambot.storage.crm_connections import get_connection, record_status
from kambot.storage.crm_models import CrmOutbox
from kambot.storage.crm_outbox import claim, creations, due_rows, held
from kambot.storage.db import session_scope

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # a sender silent this long has crashed: its rows go to the next one
WINDOW = 5  # batches of due rows looked at to fill one upsert request with records of one object
MAX_ATTEMPTS = 10  # a request the CRM keeps refusing as a whole: reported as refused after this many


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@dataclass
class PushReport:
    """What one push did for one team."""

    sent: int = 0
    deleted: int = 0
    refused: int = 0
    retry: int = 0
    errors: list[str] = field(default_factory=list)


class CrmPush:
    """Delivers one team's outbox; several processes may run it at once (rows are claimed)."""

    def __init__(self, engine: Engine, client: CrmClient, *, meetings_as: str = "event", worker: str | None = None,
                 lease: timedelta = LEASE):
        self.engine, self.client, self.meetings_as, self.lease = engine, client, meetings_as, lease
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}"

    def run(self, team_id: str, now: datetime) -> PushReport:
        """Send every due create, then every due delete; stop at the first failure of the CRM itself."""
        report = PushReport()
        with session_scope(self.engine) as session:
            connection = get_connection(session, team_id=team_id)
            if connection is None or not connection.push_enabled:
                return report
            if connection.paused_until and connection.paused_until.replace(tzinfo=now.tzinfo) > now:
                report.errors.append("paused: over the API limit")
                return report
        try:
            while any(self._batch(team_id, now, op, report) for op in ("create", "update", "delete")):
                pass
        except CrmError as exc:
            report.errors.append(str(exc))
        with session_scope(self.engine) as session:
            record_status(session, team_id=team_id, usage=self.client.usage(), last_push_at=now,
                          **({"last_error": report.errors[-1]} if report.errors else {}))
        return report

    def _batch(self, team_id: str, now: datetime, op: str, report: PushReport) -> bool:
        """Claim, send and settle one batch; False when nothing was due."""
        among = self._one_object(team_id, now) if op == "create" else None
        with session_scope(self.engine) as session:  # the claim is committed before the CRM is asked
            rows = claim(session, team_id=team_id, now=now, worker=self.worker, lease=self.lease,
                         limit=self.client.batch_size, op=op, among=among)
            if op == "create":
                work = activities(session, rows, meetings_as=self.meetings_as)
            else:
                work = contact_updates(session, rows) if op == "update" else self._deletions(session, rows)
        if not rows:
            return False
        try:
            if op == "create":
                results = self._send_creates(rows, work)
            elif op == "update":
                changes = [a for a in work.values() if isinstance(a, Activity)]
                results = {r.key: r for r in self.client.update(changes)} if changes else {}
            else:
                results = self._send_deletes(work)
        except CrmError as exc:
            self._settle_failure(rows, now, exc, report)
            raise
        self._settle(rows, work, results, now, report, op)
        return True

    def _one_object(self, team_id: str, now: datetime) -> list[int]:
        """Ids of the next batch, all of one object (the oldest due row's), from a window of due rows: an
        upsert by External ID takes one object per request (Salesforce's rule), so a batch of Tasks and
        Events took two requests (100 records a request instead of 200)."""
        with session_scope(self.engine) as session:
            window = due_rows(session, team_id=team_id, now=now, lease=self.lease, op="create",
                              limit=WINDOW * self.client.batch_size)
        objects = [(row_id, sobject_of(part, json.loads(payload).get("kind"), meetings_as=self.meetings_as))
                   for row_id, part, payload in window]
        return [row_id for row_id, sobject in objects if sobject == objects[0][1]][:self.client.batch_size] \
            if objects else []

    def _deletions(self, session: Session, rows: list[CrmOutbox]) -> dict[int, Activity | str | None]:
        """Row id -> the CRM id to delete, None to wait (the create is still in flight), or a reason to skip."""
        made = creations(session, keys=[json.loads(r.payload)["of"] for r in rows])
        out: dict[int, Activity | str | None] = {}
        for row in rows:
            create = made.get(json.loads(row.payload)["of"])
            if create is None or create.status in ("cancelled", "refused"):
                out[row.id] = "nothing was created"
            elif create.status == "sent" and create.crm_id:
                out[row.id] = Activity(create.crm_id, "", {})
            else:
                out[row.id] = None
        return out

    def _send_creates(self, rows: list[CrmOutbox], work: dict) -> dict[str, WriteResult]:
        todo = [work[r.id] for r in rows if isinstance(work[r.id], Activity)]
        upsert = bool(todo) and all(self.client.has_external_id(s) for s in {a.sobject for a in todo})
        results: dict[str, WriteResult] = {}
        retried = {r.key for r in rows if r.attempts > 1}
        if not upsert and retried:
            # An earlier send may have reached the CRM and lost its answer: find its record before sending again.
            found = self.client.find([a for a in todo if a.key in retried])
            results.update((key, WriteResult(key, crm_id)) for key, crm_id in found.items())
        fresh = [a for a in todo if a.key not in results]
        if fresh:
            results.update((r.key, r) for r in self.client.create(fresh, upsert=upsert))
        return results

    def _send_deletes(self, work: dict) -> dict[str, WriteResult]:
        ids = [a.key for a in work.values() if isinstance(a, Activity)]
        return {r.key: r for r in self.client.delete(ids)} if ids else {}

    def _settle(self, rows: list[CrmOutbox], work: dict, results: dict[str, WriteResult], now: datetime,
                report: PushReport, op: str) -> None:
        """Record the CRM's answers on the rows this worker still holds."""
        with session_scope(self.engine) as session:
            mine = held(session, ids=[r.id for r in rows], worker=self.worker)
            for row_id, row in mine.items():
                item = work[row_id]
                if item is None:  # a delete whose create is in flight: later
                    row.status, row.next_attempt_at = "pending", now + timedelta(minutes=1)
                elif isinstance(item, str):
                    row.status, row.error = "cancelled", item
                else:
                    result = results.get(item.key)
                    if result is not None and result.ok:
                        row.status, row.crm_id, row.sent_at, row.error = "sent", result.crm_id, now, None
                        if op == "delete":
                            report.deleted += 1
                        else:
                            report.sent += 1
                    else:
                        row.status, row.error = "refused", result.error if result else "no answer for this record"
                        report.refused += 1
                session.add(row)

    def _settle_failure(self, rows: list[CrmOutbox], now: datetime, exc: CrmError, report: PushReport) -> None:
        """The CRM failed as a whole: the rows wait (with backoff), or the team pauses at the API limit."""
        with session_scope(self.engine) as session:
            for row in held(session, ids=[r.id for r in rows], worker=self.worker).values():
                gave_up = not isinstance(exc, (CrmUnavailable, CrmLimitReached)) and row.attempts >= MAX_ATTEMPTS
                row.status = "refused" if gave_up else "pending"
                row.next_attempt_at, row.error = now + backoff(row.attempts), str(exc)
                report.refused += gave_up
                report.retry += not gave_up
                session.add(row)
            if isinstance(exc, CrmLimitReached):
                record_status(session, team_id=rows[0].team_id, paused_until=exc.until or now + LIMIT_PAUSE,
                              last_error=str(exc))
        log.warning("CRM push for %s: %s (%d records wait)", rows[0].team_id, exc, len(rows))
