"""The reminder scan: the owners' accounts that may be due today, decided by the database in one statement."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Mapping

from sqlalchemy import Date, and_, case, cast, func, literal, not_, or_, select, text
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from kambot.core.account_states import MAX_ID_FILTER
from kambot.domain.cadence import TIER_CADENCE_DAYS, UNTIERED_CADENCE_DAYS, AccountState
from kambot.domain.reminders import ACTION_AHEAD_DAYS, QUIET_DAYS, DueAction, ReminderItem, due_actions_of, due_reminders
from kambot.storage.models import Account, ReminderLog, Snooze, Touchpoint
from kambot.storage.plan_models import PlanAction

account, touch = Account.__table__, Touchpoint.__table__
snooze, reminder = Snooze.__table__, ReminderLog.__table__
action = PlanAction.__table__


def scan(session: Session, *, team_id: str, days: Mapping[str, date]) -> dict[str, list[ReminderItem]]:
    """Due reminders of the owners in `days` (owner -> their local today), from one statement."""
    groups: dict[date, list[AccountState]] = defaultdict(list)
    for state in candidates(session, team_id=team_id, days=days):
        groups[days[state.owner]].append(state)
    due: dict[str, list[ReminderItem]] = {}
    for day, states in groups.items():  # owners in different zones may be on different calendar days
        due.update(due_reminders(states, today=day))
    return due


def due_actions(session: Session, *, team_id: str, days: Mapping[str, date]) -> dict[str, list[DueAction]]:
    """Owner -> their open plan actions due within a week of their day or overdue (owners with none left out).

    One statement over ix_planaction_team_owner (team, owner, status, due); the exact day is each owner's own.
    """
    if not days:
        return {}
    horizon = max(days.values()) + timedelta(days=ACTION_AHEAD_DAYS)
    owned = (action.c.owner_user.in_(sorted(days)) if len(days) <= MAX_ID_FILTER
             else action.c.owner_user.is_not(None))
    rows = session.execute(
        select(action.c.owner_user, action.c.account_id, account.c.name, action.c.number, action.c.title,
               action.c.due)
        .join(account, and_(account.c.id == action.c.account_id, account.c.team_id == team_id))
        .where(action.c.team_id == team_id, owned, action.c.status == "open", action.c.due.is_not(None),
               action.c.due <= horizon)).all()
    found: dict[str, list[DueAction]] = defaultdict(list)
    for owner, account_id, name, number, title, due in rows:
        if owner in days:
            found[owner].append(DueAction(account_id=account_id, account=name, number=number, title=title, due=due))
    picked = {owner: due_actions_of(actions, today=days[owner]) for owner, actions in found.items()}
    return {owner: actions for owner, actions in picked.items() if actions}


def candidates(session: Session, *, team_id: str, days: Mapping[str, date]) -> list[AccountState]:
    """The owners' accounts that may be due on their owner's day; `due_reminders` makes the exact call."""
    # The database drops what cannot be due on any owner's day (fresh on the latest day, snoozed or
    # quiet through it), so little more than the due accounts cross the wire: 47,000 rows instead of
    # 208,000 at 100,000 accounts, and fewer still once the quiet week holds most stale accounts.
    if not days:
        return []
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # A probe per account makes the estimate big enough for JIT compilation, which only adds time to
        # index probes: 40 ms at 100,000 accounts, 200 ms once past the inlining threshold (measured on
        # a draft of this query). For this transaction only.
        conn.execute(text("SET LOCAL jit = off"))
    rows = conn.execute(statement(conn.dialect.name, team_id=team_id, days=days))
    return [AccountState(id=r[0], name=r[1], owner=r[2], tier=r[3], cadence_days=r[4], last_touch_on=r[5],
                         snoozed_until=r[6], last_reminded_on=r[7]) for r in rows if r[2] in days]


def statement(dialect: str, *, team_id: str, days: Mapping[str, date]):
    """SELECT id, name, owner, tier, cadence_days, last touch, snooze end, last reminder: maybe-due accounts."""
    earliest, latest = min(days.values()), max(days.values())
    # Each level is a subquery with OFFSET 0, so the database neither flattens it nor re-evaluates its
    # per-account lookups in the next level's WHERE: one index probe per account and lookup.
    owned = account.c.owner.in_(sorted(days)) if len(days) <= MAX_ID_FILTER else account.c.owner.is_not(None)
    last = (select(func.max(touch.c.occurred_on))
            .where(touch.c.team_id == team_id, touch.c.account_id == account.c.id).scalar_subquery())
    accounts = (select(account.c.id, account.c.name, account.c.owner, account.c.tier, account.c.cadence_days,
                       last.label("last_touch"))
                .where(account.c.team_id == team_id, owned).offset(0).subquery("accounts"))
    # Stale on some owner's day implies stale on the latest one, so this keeps every account that can be.
    stale = or_(accounts.c.last_touch.is_(None),
                accounts.c.last_touch < _days_before(dialect, latest, _shortest_cadence(accounts.c)))
    until = (select(snooze.c.until).where(snooze.c.team_id == team_id, snooze.c.account_id == accounts.c.id,
                                          snooze.c.until >= earliest).scalar_subquery())
    reminded = (select(func.max(reminder.c.reminded_on))
                .where(reminder.c.team_id == team_id, reminder.c.account_id == accounts.c.id,
                       reminder.c.reminded_on > earliest - timedelta(days=QUIET_DAYS)).scalar_subquery())
    stale_rows = (select(*accounts.c, until.label("snoozed_until"), reminded.label("last_reminded_on"))
                  .where(stale).offset(0).subquery("stale"))
    s = stale_rows.c
    # Quiet on every owner's day: snoozed through the latest day, or reminded within the quiet week
    # before it and not touched since (the rules of `is_snoozed` and `recently_reminded`).
    quiet = or_(s.snoozed_until >= latest,
                and_(s.last_reminded_on > latest - timedelta(days=QUIET_DAYS),
                     or_(s.last_touch.is_(None), s.last_touch < s.last_reminded_on)))
    return select(s.id, s.name, s.owner, s.tier, s.cadence_days, s.last_touch, s.snoozed_until,
                  s.last_reminded_on).where(not_(func.coalesce(quiet, False)))


def _shortest_cadence(columns) -> ColumnElement:
    """`cadence_for` in SQL, never longer than it: the shortest cadence for a tier spelled oddly."""
    tiers = [(columns.tier.in_([tier, tier.lower()]), days) for tier, days in TIER_CADENCE_DAYS.items()]
    shortest = min(*TIER_CADENCE_DAYS.values(), UNTIERED_CADENCE_DAYS)
    return case((columns.cadence_days > 0, columns.cadence_days), *tiers, else_=shortest)


def _days_before(dialect: str, day: date, days: ColumnElement) -> ColumnElement:
    """The date `days` days before `day`, in the database's own date arithmetic."""
    if dialect == "sqlite":  # dates are ISO text there, and date() answers in the same form
        return func.date(day.isoformat(), func.printf("-%d days", days))
    return cast(literal(day, Date), Date) - days  # typed: `'2026-11-28' - 14` alone would be integer arithmetic
