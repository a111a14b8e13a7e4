"""Touchpoint queries: writing a touch with its people, and reading touches in bulk (no N+1)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from sqlalchemy import delete, func, select
from sqlmodel import Session

from kambot.domain.text import strip_controls
from kambot.storage.contact_totals import links_added, links_removed, touch_users
from kambot.storage.crm_outbox import enqueue_touch, take_back_touch
from kambot.storage.models import Touchpoint, TouchpointContact, TouchpointParticipant, utcnow


@dataclass(frozen=True)
class TouchRow:
    """A touchpoint with the ids of its customer contacts and our participants."""

    touch: Touchpoint
    contact_ids: tuple[int, ...]
    participants: tuple[str, ...]


def create_touchpoint(session: Session, *, team_id: str, account_id: int, occurred_on: date, kind: str,
                      summary: str, next_step: str | None = None, next_step_due: date | None = None,
                      logged_by: str | None = None, source: str = "command",
                      contact_ids: Iterable[int] = (), participants: Iterable[str] = (),
                      created_at: datetime | None = None) -> Touchpoint:
    """Record a touchpoint and who took part, in the caller's transaction (created_at: the caller's clock)."""
    touch = Touchpoint(
        team_id=team_id, account_id=account_id, occurred_on=occurred_on, kind=kind, summary=strip_controls(summary),
        next_step=strip_controls(next_step), next_step_due=next_step_due, logged_by=logged_by, source=source,
        **({"created_at": created_at} if created_at is not None else {}),
    )
    session.add(touch)
    session.flush()
    contact_ids, participants = list(dict.fromkeys(contact_ids)), list(dict.fromkeys(participants))
    for contact_id in contact_ids:
        session.add(TouchpointContact(touchpoint_id=touch.id, contact_id=contact_id, team_id=team_id,
                                      account_id=account_id, occurred_on=occurred_on, kind=kind))
    for user_id in participants:
        session.add(TouchpointParticipant(touchpoint_id=touch.id, user_id=user_id, team_id=team_id))
    session.flush()
    users = touch_users(participants, logged_by)
    links_added(session.connection(), team_id, ((contact_id, occurred_on, kind, users) for contact_id in contact_ids))
    # The CRM write is owed in this same transaction: a touch is never saved without it, nor it without the touch.
    enqueue_touch(session, touch, contact_ids=contact_ids, participants=participants, now=created_at or utcnow())
    return touch


def get_touchpoint(session: Session, *, team_id: str, touchpoint_id: int) -> Touchpoint | None:
    """One touchpoint of this team, or None."""
    touch = session.get(Touchpoint, touchpoint_id)
    return touch if touch is not None and touch.team_id == team_id else None


def delete_touchpoint(session: Session, *, team_id: str, touchpoint_id: int, now: datetime | None = None) -> bool:
    """Remove a touchpoint and its links (Undo); False when there is nothing to remove."""
    # Locked: two Undo clicks on one touch in two processes must not both take it out of the totals (the
    # second waits, then finds no row).
    touch = session.execute(select(Touchpoint).where(Touchpoint.id == touchpoint_id, Touchpoint.team_id == team_id)
                            .with_for_update()).scalars().first()
    if touch is None:
        return False
    gone = session.execute(select(TouchpointContact.contact_id)
                           .where(TouchpointContact.touchpoint_id == touchpoint_id)).scalars().all()
    users = touch_users(session.execute(select(TouchpointParticipant.user_id).where(
        TouchpointParticipant.touchpoint_id == touchpoint_id)).scalars(), touch.logged_by)
    session.execute(delete(TouchpointContact).where(TouchpointContact.touchpoint_id == touchpoint_id))
    session.execute(delete(TouchpointParticipant).where(TouchpointParticipant.touchpoint_id == touchpoint_id))
    session.delete(touch)
    session.flush()  # the links are gone before the totals read back each relationship's last day
    links_removed(session.connection(), team_id,
                  ((contact_id, touch.occurred_on, touch.kind, users) for contact_id in gone))
    take_back_touch(session, team_id=team_id, touchpoint_id=touchpoint_id, now=now or utcnow())
    return True


def with_people(session: Session, touches: list[Touchpoint]) -> list[TouchRow]:
    """Attach contact ids and participants to touches with two queries in all."""
    ids = [t.id for t in touches]
    contacts: dict[int, list[int]] = {}
    people: dict[int, list[str]] = {}
    for chunk in _chunks(ids, 900):  # stay under SQLite's bound-parameter limit
        for tp_id, contact_id in session.execute(
            select(TouchpointContact.touchpoint_id, TouchpointContact.contact_id)
            .where(TouchpointContact.touchpoint_id.in_(chunk))
        ):
            contacts.setdefault(tp_id, []).append(contact_id)
        for tp_id, user_id in session.execute(
            select(TouchpointParticipant.touchpoint_id, TouchpointParticipant.user_id)
            .where(TouchpointParticipant.touchpoint_id.in_(chunk))
        ):
            people.setdefault(tp_id, []).append(user_id)
    return [TouchRow(t, tuple(contacts.get(t.id, ())), tuple(people.get(t.id, ()))) for t in touches]


def touches_of_account(session: Session, *, team_id: str, account_id: int, since: date | None = None,
                       limit: int | None = None) -> list[TouchRow]:
    """An account's touchpoints, newest first, with their people."""
    query = select(Touchpoint).where(Touchpoint.team_id == team_id, Touchpoint.account_id == account_id)
    if since is not None:
        query = query.where(Touchpoint.occurred_on >= since)
    query = query.order_by(Touchpoint.occurred_on.desc(), Touchpoint.id.desc())
    if limit:
        query = query.limit(limit)
    return with_people(session, list(session.execute(query).scalars()))


def last_touch_by_account(session: Session, *, team_id: str, account_ids: Iterable[int] | None = None) -> dict[int, date]:
    """The day of each account's latest touchpoint (accounts never touched are absent)."""
    query = select(Touchpoint.account_id, func.max(Touchpoint.occurred_on)).where(Touchpoint.team_id == team_id)
    if account_ids is not None:
        query = query.where(Touchpoint.account_id.in_(sorted(set(account_ids))))
    return {account_id: day for account_id, day in session.execute(query.group_by(Touchpoint.account_id))}


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
