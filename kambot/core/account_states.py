"""Load the going-cold state of a team's accounts (one owner's or all) in four queries, whatever the count."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from kambot.domain.cadence import AccountState
from kambot.storage.models import Account, ReminderLog, Snooze
from kambot.storage.touchpoints import last_touch_by_account

# Above this many accounts an id list stops being cheaper than grouping the whole team's touches,
# and it would approach the bound-parameter limits of SQLite and psycopg.
MAX_ID_FILTER = 2000


def load_account_states(session: Session, *, team_id: str, owner: str | None = None) -> list[AccountState]:
    """Every account of the team (or of one owner) with its last touch, snooze and last reminder, by name."""
    query = select(Account.id, Account.name, Account.owner, Account.tier, Account.annual_revenue,
                   Account.renewal_date, Account.cadence_days).where(Account.team_id == team_id)
    if owner is not None:
        query = query.where(Account.owner == owner)
    rows = session.execute(query.order_by(Account.name_norm, Account.id)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    subset = ids if owner is not None and len(ids) <= MAX_ID_FILTER else None
    last_touch = last_touch_by_account(session, team_id=team_id, account_ids=subset)
    snoozes = _by_account(session, select(Snooze.account_id, Snooze.until).where(Snooze.team_id == team_id), subset,
                          Snooze.account_id)
    reminded = _by_account(
        session,
        select(ReminderLog.account_id, func.max(ReminderLog.reminded_on)).where(ReminderLog.team_id == team_id)
        .group_by(ReminderLog.account_id),
        subset, ReminderLog.account_id,
    )
    return [
        AccountState(id=r.id, name=r.name, owner=r.owner, tier=r.tier, annual_revenue=r.annual_revenue,
                     renewal_date=r.renewal_date, cadence_days=r.cadence_days, last_touch_on=last_touch.get(r.id),
                     snoozed_until=snoozes.get(r.id), last_reminded_on=reminded.get(r.id))
        for r in rows
    ]


def _by_account(session: Session, query, subset: list[int] | None, column) -> dict[int, date]:
    """account id -> date from a two-column query, narrowed to `subset` when one is given."""
    if subset is not None:
        query = query.where(column.in_(subset))
    return {account_id: day for account_id, day in session.execute(query)}
