"""Success plan queries: numbering, adding and closing objectives and actions, and the reads others share."""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from sqlalchemy import case, func, select
from sqlmodel import Session

from kambot.domain.text import strip_controls
from kambot.storage.models import utcnow
from kambot.storage.plan_models import PlanAction, PlanObjective

_CHUNK = 500  # ids per IN list: well under SQLite's and PostgreSQL's parameter limits


def overdue_actions(session: Session, *, team_id: str, account_ids: Iterable[int], today: date) -> dict[int, int]:
    """Open plan actions due before `today`, counted per account (accounts with none are left out)."""
    ids = list(dict.fromkeys(account_ids))
    counts: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        rows = session.execute(
            select(PlanAction.account_id, func.count())
            .where(PlanAction.team_id == team_id, PlanAction.status == "open", PlanAction.due < today,
                   PlanAction.account_id.in_(part))
            .group_by(PlanAction.account_id)
        ).all()
        counts.update({account_id: count for account_id, count in rows})
    return counts


def _next_number(session: Session, table, *, team_id: str, account_id: int) -> int:
    """The next per-account number of objectives or actions (1 for the first)."""
    top = session.execute(select(func.max(table.number))
                          .where(table.team_id == team_id, table.account_id == account_id)).scalar()
    return (top or 0) + 1


def add_objective(session: Session, *, team_id: str, account_id: int, title: str, measure: str | None = None,
                  target: str | None = None, target_date: date | None = None, owner: str | None = None,
                  sponsor_id: int | None = None, status: str = "on_track", created_by: str | None = None,
                  now: datetime | None = None) -> PlanObjective:
    """Add an objective to an account's plan, numbered after the last one."""
    row = PlanObjective(team_id=team_id, account_id=account_id,
                        number=_next_number(session, PlanObjective, team_id=team_id, account_id=account_id),
                        title=strip_controls(title), measure=strip_controls(measure), target=strip_controls(target),
                        target_date=target_date, owner=owner, sponsor_id=sponsor_id, status=status,
                        created_by=created_by, created_at=now or utcnow(), updated_at=now or utcnow())
    session.add(row)
    session.flush()
    return row


def add_action(session: Session, *, team_id: str, account_id: int, title: str, owner_user: str | None = None,
               owner_contact_id: int | None = None, due: date | None = None, objective_id: int | None = None,
               status: str = "open", created_by: str | None = None, now: datetime | None = None) -> PlanAction:
    """Add an action to an account's plan, numbered after the last one."""
    row = PlanAction(team_id=team_id, account_id=account_id,
                     number=_next_number(session, PlanAction, team_id=team_id, account_id=account_id),
                     title=strip_controls(title), owner_user=owner_user, owner_contact_id=owner_contact_id, due=due,
                     objective_id=objective_id, status=status, created_by=created_by, created_at=now or utcnow())
    session.add(row)
    session.flush()
    return row


def objectives_of(session: Session, *, team_id: str, account_id: int) -> list[PlanObjective]:
    """An account's objectives, by number."""
    return list(session.execute(select(PlanObjective).where(
        PlanObjective.team_id == team_id, PlanObjective.account_id == account_id)
        .order_by(PlanObjective.number)).scalars())


def actions_of(session: Session, *, team_id: str, account_id: int) -> list[PlanAction]:
    """An account's actions, by number."""
    return list(session.execute(select(PlanAction).where(
        PlanAction.team_id == team_id, PlanAction.account_id == account_id)
        .order_by(PlanAction.number)).scalars())


def get_action(session: Session, *, team_id: str, account_id: int, number: int) -> PlanAction | None:
    """One action of an account by its number, or None."""
    return session.execute(select(PlanAction).where(
        PlanAction.team_id == team_id, PlanAction.account_id == account_id, PlanAction.number == number)).scalar()


def get_objective(session: Session, *, team_id: str, account_id: int, number: int) -> PlanObjective | None:
    """One objective of an account by its number, or None."""
    return session.execute(select(PlanObjective).where(
        PlanObjective.team_id == team_id, PlanObjective.account_id == account_id,
        PlanObjective.number == number)).scalar()


def action_by_id(session: Session, *, team_id: str, action_id: int) -> PlanAction | None:
    """One action of this team by its id (a button's value), or None."""
    row = session.get(PlanAction, action_id)
    return row if row is not None and row.team_id == team_id else None


def set_action_status(action: PlanAction, status: str, *, now: datetime, touch_id: int | None = None) -> None:
    """Mark an action done, dropped or open again (closing remembers when, and the touch that closed it)."""
    action.status = status
    action.closed_at = None if status == "open" else now
    action.closed_by_touch = touch_id if status == "done" else None


def open_actions(session: Session, *, team_id: str, account_id: int) -> list[PlanAction]:
    """An account's open actions, by number (a logged next step is matched against them)."""
    return list(session.execute(select(PlanAction).where(
        PlanAction.team_id == team_id, PlanAction.account_id == account_id, PlanAction.status == "open")
        .order_by(PlanAction.number)).scalars())


def plan_progress(session: Session, *, team_id: str, account_ids: Iterable[int], today: date) -> dict[int, dict]:
    """Per account with a plan: actions done and counted (not dropped), overdue, objectives and those at risk."""
    ids = list(dict.fromkeys(account_ids))
    found: dict[int, dict] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        # The overdue ones are summed, not grouped by `due < today`: PostgreSQL cannot match a GROUP BY
        # expression that holds a bound parameter to the same expression in the SELECT list.
        overdue_count = func.sum(case((PlanAction.due < today, 1), else_=0))
        for account_id, status, count, overdue in session.execute(
                select(PlanAction.account_id, PlanAction.status, func.count(), overdue_count)
                .where(PlanAction.team_id == team_id, PlanAction.account_id.in_(part))
                .group_by(PlanAction.account_id, PlanAction.status)).all():
            row = found.setdefault(account_id, _empty_progress())
            if status != "dropped":
                row["counted"] += count
            if status == "done":
                row["done"] += count
            if status == "open":
                row["overdue"] += overdue or 0
        for account_id, status, count in session.execute(
                select(PlanObjective.account_id, PlanObjective.status, func.count())
                .where(PlanObjective.team_id == team_id, PlanObjective.account_id.in_(part))
                .group_by(PlanObjective.account_id, PlanObjective.status)).all():
            row = found.setdefault(account_id, _empty_progress())
            row["objectives"] += count
            if status in ("at_risk", "off_track"):
                row["at_risk"] += count
    return found


def _empty_progress() -> dict:
    return {"done": 0, "counted": 0, "overdue": 0, "objectives": 0, "at_risk": 0}
