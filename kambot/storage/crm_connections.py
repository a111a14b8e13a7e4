"""A team's CRM connection and its CRM users: saved, read, and the sync's cursors and status kept."""
from __future__ import annotations

import json
from sqlalchemy import func, select
from sqlmodel import Session

from kambot.domain.crm import CrmUser as CrmUserRecord
from kambot.storage.crm_models import CrmConnection, CrmOutbox, CrmUser


def get_connection(session: Session, *, team_id: str) -> CrmConnection | None:
    """The team's connection, or None when it has not connected a CRM."""
    return session.get(CrmConnection, team_id)


def connected_teams(session: Session) -> list[str]:
    """Teams with a CRM connection."""
    return list(session.execute(select(CrmConnection.team_id).order_by(CrmConnection.team_id)).scalars())


def save_connection(session: Session, *, team_id: str, **fields) -> CrmConnection:
    """Create or change the team's connection."""
    row = session.get(CrmConnection, team_id) or CrmConnection(team_id=team_id)
    for name, value in fields.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return row


def cursors(row: CrmConnection) -> dict[str, str]:
    """Object -> the last SystemModstamp the sync read."""
    return json.loads(row.cursors or "{}")


def set_cursor(session: Session, *, team_id: str, name: str, value: str) -> None:
    """Remember how far the sync has read one object."""
    row = session.get(CrmConnection, team_id, with_for_update=True)
    if row is not None:
        row.cursors = json.dumps({**cursors(row), name: value}, sort_keys=True)
        session.add(row)


def record_status(session: Session, *, team_id: str, usage: tuple[int, int] | None = None, **fields) -> None:
    """Store what the last sync or push did (counts as a dict, errors as text) and the API calls used."""
    row = session.get(CrmConnection, team_id)
    if row is None:
        return
    for name, value in fields.items():
        setattr(row, name, json.dumps(value, sort_keys=True) if name == "counts" else value)
    if usage is not None:
        row.api_used, row.api_max = usage
    session.add(row)


def save_users(session: Session, *, team_id: str, users: list[CrmUserRecord], slack_ids: dict[str, str | None]) -> None:
    """Store the org's users and the Slack user each one is (by email)."""
    stored = {u.crm_id: u for u in session.execute(select(CrmUser).where(CrmUser.team_id == team_id)).scalars()}
    for user in users:
        row = stored.get(user.crm_id) or CrmUser(team_id=team_id, crm_id=user.crm_id)
        row.email, row.name, row.active = user.email, user.name, user.active
        if user.crm_id in slack_ids:
            row.slack_user_id = slack_ids[user.crm_id]
        session.add(row)
    session.flush()


def stored_users(session: Session, *, team_id: str) -> list[CrmUser]:
    """The org's users as last synced."""
    return list(session.execute(select(CrmUser).where(CrmUser.team_id == team_id)).scalars())


def owners(session: Session, *, team_id: str) -> dict[str, str]:
    """CRM user id -> Slack user id, for the users matched to Slack."""
    return dict(session.execute(select(CrmUser.crm_id, CrmUser.slack_user_id).where(
        CrmUser.team_id == team_id, CrmUser.slack_user_id.is_not(None))).all())


def crm_user_of(session: Session, *, team_id: str, slack_user_id: str | None) -> str | None:
    """The CRM user a Slack user is, when matched."""
    if not slack_user_id:
        return None
    return session.execute(select(CrmUser.crm_id).where(CrmUser.team_id == team_id, CrmUser.slack_user_id
                                                        == slack_user_id, CrmUser.active.is_(True))).scalars().first()


def outbox_counts(session: Session, *, team_id: str) -> dict[str, int]:
    """How many outbox records are in each status."""
    return dict(session.execute(select(CrmOutbox.status, func.count()).where(CrmOutbox.team_id == team_id)
                                .group_by(CrmOutbox.status)).all())


def unmatched_users(session: Session, *, team_id: str) -> list[CrmUser]:
    """Active CRM users no Slack user was found for (shown in status)."""
    return list(session.execute(select(CrmUser).where(CrmUser.team_id == team_id, CrmUser.active.is_(True),
                                                      CrmUser.slack_user_id.is_(None)).order_by(CrmUser.name)).scalars())

