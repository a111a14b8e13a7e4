"""Contact queries, always scoped to one team."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import or_, select
from sqlmodel import Session

from kambot.domain.text import first_word, normalize_name, strip_controls
from kambot.storage.crm_outbox import enqueue_contact_edit
from kambot.storage.models import Contact, utcnow


def create_contact(session: Session, *, team_id: str, account_id: int, name: str, title: str | None = None,
                   department: str | None = None, email: str | None = None, role: str | None = None,
                   reports_to_id: int | None = None, relationship_owner: str | None = None,
                   status: str = "active", stance: str | None = None, influence: str | None = None) -> Contact:
    """Add a person to an account (control characters never stored)."""
    name, title, department = strip_controls(name), strip_controls(title), strip_controls(department)
    contact = Contact(
        team_id=team_id, account_id=account_id, name=name.strip(), name_norm=normalize_name(name),
        first_norm=first_word(name), title=title, department=department, email=(email or None) and email.strip().lower(),
        role=role or None, reports_to_id=reports_to_id, relationship_owner=relationship_owner, status=status,
        stance=stance, influence=influence,
    )
    session.add(contact)
    session.flush()
    return contact


def update_contact(session: Session, contact: Contact, *, now: datetime | None = None, **changes) -> Contact:
    """Change fields of a contact, keeping its normalised name in step (control characters never stored;
    `now`: the caller's clock)."""
    changes = {k: strip_controls(v) if isinstance(v, str) else v for k, v in changes.items()}
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        changes["name_norm"] = normalize_name(changes["name"])
        changes["first_norm"] = first_word(changes["name"])
    if changes.get("email"):
        changes["email"] = changes["email"].strip().lower()
    changed = {key: value for key, value in changes.items() if getattr(contact, key) != value}
    for key, value in changes.items():
        setattr(contact, key, value)
    session.add(contact)
    session.flush()
    enqueue_contact_edit(session, contact, changes=changed, now=now or utcnow())  # same transaction as the edit
    return contact


def contacts_of_account(session: Session, *, team_id: str, account_id: int) -> list[Contact]:
    """Every contact of one account (active and departed), by name."""
    return list(session.execute(
        select(Contact).where(Contact.team_id == team_id, Contact.account_id == account_id).order_by(Contact.name_norm)
    ).scalars())


def contacts_named(session: Session, *, team_id: str, norms: Iterable[str],
                   account_ids: Iterable[int] | None = None) -> list[Contact]:
    """Contacts whose full name or first name is among `norms` (normalised), optionally in some accounts."""
    norms = sorted({n for n in norms if n})
    if not norms:
        return []
    query = select(Contact).where(
        Contact.team_id == team_id, or_(Contact.name_norm.in_(norms), Contact.first_norm.in_(norms))
    )
    if account_ids is not None:
        query = query.where(Contact.account_id.in_(sorted(set(account_ids))))
    return list(session.execute(query.limit(500)).scalars())


def contact_by_email(session: Session, *, team_id: str, email: str) -> Contact | None:
    """The contact with this email in the team, if any."""
    return session.execute(
        select(Contact).where(Contact.team_id == team_id, Contact.email == email.strip().lower()).limit(1)
    ).scalar_one_or_none()


def contacts_by_ids(session: Session, *, team_id: str, ids: Iterable[int]) -> dict[int, Contact]:
    """Contacts by id, in one query."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = session.execute(select(Contact).where(Contact.team_id == team_id, Contact.id.in_(ids))).scalars()
    return {c.id: c for c in rows}
