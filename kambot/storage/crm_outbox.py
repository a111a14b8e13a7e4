"""The outbox of CRM writes: enqueued with the touch, claimed in the database, settled with the CRM's answer."""
from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session

from kambot.domain.crm import outbox_key
from kambot.storage.crm_models import CrmConnection, CrmOutbox
from kambot.storage.models import Touchpoint


def enqueue_touch(session: Session, touch: Touchpoint, *, contact_ids: list[int], participants: list[str],
                  now: datetime) -> int:
    """Owe the CRM this touch (and its next step), in the touch's own transaction; 0 when the team has no CRM."""
    connection = session.get(CrmConnection, touch.team_id)
    if connection is None or not connection.push_enabled:
        return 0
    payload = {"account_id": touch.account_id, "contact_ids": contact_ids, "participants": participants,
               "kind": touch.kind, "occurred_on": touch.occurred_on.isoformat(), "summary": touch.summary,
               "next_step": touch.next_step, "next_step_due": touch.next_step_due and touch.next_step_due.isoformat(),
               "logged_by": touch.logged_by}
    parts = ["touch", *(["next"] if touch.next_step else [])]
    token = secrets.token_hex(4)
    for part in parts:
        session.add(CrmOutbox(team_id=touch.team_id, key=outbox_key(touch.team_id, touch.id, token, part), part=part,
                              touchpoint_id=touch.id, payload=json.dumps(payload), next_attempt_at=now,
                              created_at=now))
    return len(parts)


CONTACT_FIELDS = ("name", "title", "department", "email", "reports_to_id")  # what Salesforce holds of a contact


def enqueue_contact_edit(session: Session, contact, *, changes: dict, now: datetime) -> bool:
    """Owe the CRM a contact edit made in Slack, when the team pushes contact edits and the contact is the CRM's."""
    fields = {k: v for k, v in changes.items() if k in CONTACT_FIELDS}
    if not fields or not getattr(contact, "crm_id", None):
        return False
    connection = session.get(CrmConnection, contact.team_id)
    if connection is None or not connection.push_contacts:
        return False
    session.add(CrmOutbox(team_id=contact.team_id, key=f"kambot:{contact.team_id}:contact:{secrets.token_hex(8)}",
                          op="update", part="contact", payload=json.dumps({"contact_id": contact.id, "fields": fields}),
                          next_attempt_at=now, created_at=now))
    return True


def take_back_touch(session: Session, *, team_id: str, touchpoint_id: int, now: datetime) -> int:
    """Undo: what was not sent yet is cancelled, what was (or may have been) sent is owed a delete."""
    rows = session.execute(select(CrmOutbox).where(CrmOutbox.team_id == team_id, CrmOutbox.touchpoint_id
                                                   == touchpoint_id, CrmOutbox.op == "create")
                           .with_for_update()).scalars().all()
    # A touch that reused the id of one undone before: that one's records are already taken back.
    done = set(session.execute(select(CrmOutbox.key).where(CrmOutbox.key.in_([r.key + ":undo" for r in rows])))
               .scalars()) if rows else set()
    owed = 0
    for row in rows:
        if row.key + ":undo" in done:
            continue
        if row.status == "pending":
            row.status = "cancelled"
        elif row.status in ("sending", "sent"):
            owed += 1
            session.add(CrmOutbox(team_id=team_id, key=row.key + ":undo", op="delete", part=row.part,
                                  touchpoint_id=touchpoint_id, payload=json.dumps({"of": row.key}),
                                  next_attempt_at=now, created_at=now))
        session.add(row)
    return owed


def _due(now: datetime, lease: timedelta):
    """Pending rows whose time has come, and rows a crashed or stuck sender still holds."""
    return or_(and_(CrmOutbox.status == "pending", CrmOutbox.next_attempt_at <= now),
               and_(CrmOutbox.status == "sending", CrmOutbox.claimed_at < now - lease))


def due_rows(session: Session, *, team_id: str, now: datetime, lease: timedelta, limit: int,
             op: str) -> list[tuple[int, str, str]]:
    """(id, part, payload) of the next due rows, oldest first, without claiming them."""
    return [tuple(r) for r in session.execute(
        select(CrmOutbox.id, CrmOutbox.part, CrmOutbox.payload).where(
            CrmOutbox.team_id == team_id, CrmOutbox.op == op, _due(now, lease)).order_by(CrmOutbox.id).limit(limit))]


def claim(session: Session, *, team_id: str, now: datetime, worker: str, lease: timedelta, limit: int,
          op: str, among: list[int] | None = None) -> list[CrmOutbox]:
    """Take up to `limit` due rows for this worker (several processes may call this at once); only rows of
    `among` when given."""
    if among is not None and not among:
        return []
    query = (select(CrmOutbox.id).where(CrmOutbox.team_id == team_id, CrmOutbox.op == op, _due(now, lease))
             .order_by(CrmOutbox.id).limit(limit))
    if among is not None:
        query = query.where(CrmOutbox.id.in_(among))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # two senders take different rows, neither waits
    ids = list(session.execute(query).scalars())
    if not ids:
        return []
    # The condition again: on SQLite another process may have claimed a row between the read and this write.
    session.execute(update(CrmOutbox).where(CrmOutbox.id.in_(ids), _due(now, lease)).values(
        status="sending", claimed_by=worker, claimed_at=now, attempts=CrmOutbox.attempts + 1))
    return list(session.execute(select(CrmOutbox).where(CrmOutbox.id.in_(ids), CrmOutbox.claimed_by == worker,
                                                        CrmOutbox.claimed_at == now)).scalars())


def held(session: Session, *, ids: list[int], worker: str) -> dict[int, CrmOutbox]:
    """The rows this worker still holds (a lease that ran out may have passed them to another)."""
    return {r.id: r for r in session.execute(select(CrmOutbox).where(
        CrmOutbox.id.in_(ids), CrmOutbox.claimed_by == worker, CrmOutbox.status == "sending")
        .with_for_update()).scalars()}


def creations(session: Session, *, keys: list[str]) -> dict[str, CrmOutbox]:
    """The create rows an Undo refers to, by key."""
    return {r.key: r for r in session.execute(select(CrmOutbox).where(CrmOutbox.key.in_(keys))).scalars()}


def refused_unnotified(session: Session, *, team_id: str) -> list[CrmOutbox]:
    """Refused writes whose logger has not been told yet."""
    return list(session.execute(select(CrmOutbox).where(CrmOutbox.team_id == team_id, CrmOutbox.status == "refused",
                                                        CrmOutbox.notified.is_(False))).scalars())
