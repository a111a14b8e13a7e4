"""Account health's inputs, read from running totals and indexes (never every touch), for today or a past day.

For a past day the score is computed from the data as it was on that day, with no history table: a
contact's running `last_touched_on` is still right for the contacts not touched since; only the few
touched after the day get their last day before it from the (contact, day) index, and likewise each
account's last touch. Roles, statuses, cadences and renewal dates are read as they are now.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlmodel import Session

from kambot.core.account_states import load_account_states
from kambot.domain.cadence import AccountState, account_cadence
from kambot.domain.health import KEY_ROLES, THREAD_DAYS, Health, HealthInputs, health
from kambot.domain.recommend_model import role_key
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact
from kambot.storage.plans import overdue_actions
from kambot.storage.touchpoints import last_touch_by_account

STEP_CHUNK = 500  # accounts per overdue-steps query: their last days are few, the probes stay cheap
CHUNK = 2000  # ids per IN list, under SQLite's and psycopg's bound-parameter limits


@dataclass(frozen=True)
class AccountHealth:
    """One account's state and its health on a day."""

    state: AccountState
    health: Health
    inputs: HealthInputs


def load_health(session: Session, *, team_id: str, owner: str | None = None, account_ids: list[int] | None = None,
                today: date, as_of: date | None = None, states: list[AccountState] | None = None
                ) -> list[AccountHealth]:
    """Health of the team's accounts (one owner's, or the given ids) on `as_of` (default today), by name."""
    as_of = as_of or today
    if states is None:
        states = (states_of(session, team_id=team_id, account_ids=account_ids) if account_ids is not None
                  else load_account_states(session, team_id=team_id, owner=owner))
    if not states:
        return []
    ids = [s.id for s in states]
    people = _contacts(session, team_id=team_id, account_ids=ids)
    last_touch = {s.id: s.last_touch_on for s in states}
    if as_of < today:
        _rewind(session, team_id=team_id, people=people, last_touch=last_touch, as_of=as_of)
    steps = _overdue_steps(session, team_id=team_id, last_touch=last_touch, as_of=as_of)
    actions = overdue_actions(session, team_id=team_id, account_ids=ids, today=as_of) if as_of == today else {}
    thread_after = as_of - timedelta(days=THREAD_DAYS)
    threads: dict[int, int] = {}
    roles: dict[int, dict[str, date | None]] = {}
    for account_id, _cid, role, status, last in people:
        if (status or "").strip().lower() == "left":
            continue
        if last is not None and thread_after < last <= as_of:
            threads[account_id] = threads.get(account_id, 0) + 1
        key = role_key(role)
        if key in KEY_ROLES:
            held = roles.setdefault(account_id, {})
            day = last if last is not None and last <= as_of else None
            if key not in held or (day is not None and (held[key] is None or day > held[key])):
                held[key] = day
    out = []
    for s in states:
        last = last_touch.get(s.id)
        inputs = HealthInputs(cadence_days=account_cadence(s), last_touch_on=last if last and last <= as_of else None,
                              threads=threads.get(s.id, 0), roles=roles.get(s.id, {}),
                              overdue_steps=steps.get(s.id, 0), overdue_actions=actions.get(s.id, 0),
                              renewal_on=s.renewal_date)
        out.append(AccountHealth(s, health(inputs, as_of), inputs))
    return out


def states_of(session: Session, *, team_id: str, account_ids: list[int]) -> list[AccountState]:
    """The going-cold state of the given accounts only (no snooze or reminder: health needs neither)."""
    states = []
    for part in _chunks(list(account_ids)):
        rows = session.execute(select(Account.id, Account.name, Account.owner, Account.tier, Account.annual_revenue,
                                      Account.renewal_date, Account.cadence_days)
                               .where(Account.team_id == team_id, Account.id.in_(part))).all()
        last = last_touch_by_account(session, team_id=team_id, account_ids=[r.id for r in rows])
        states += [AccountState(id=r.id, name=r.name, owner=r.owner, tier=r.tier, annual_revenue=r.annual_revenue,
                                renewal_date=r.renewal_date, cadence_days=r.cadence_days, last_touch_on=last.get(r.id))
                   for r in rows]
    return sorted(states, key=lambda s: (s.name.casefold(), s.id))


def _contacts(session: Session, *, team_id: str, account_ids: list[int]) -> list[list]:
    """[account id, contact id, role, status, last touched] of the accounts' contacts (running totals)."""
    rows = []
    for part in _chunks(account_ids):
        rows += [list(r) for r in session.execute(
            select(Contact.account_id, Contact.id, Contact.role, Contact.status, Contact.last_touched_on)
            .where(Contact.team_id == team_id, Contact.account_id.in_(part)))]
    return rows


def _rewind(session: Session, *, team_id: str, people: list[list], last_touch: dict, as_of: date) -> None:
    """Put each contact's and account's last day back to what it was on `as_of` (only those touched since)."""
    later = [p[1] for p in people if p[4] is not None and p[4] > as_of]
    before: dict[int, date] = {}
    for part in _chunks(later) or [[]]:  # one statement even when nobody moved: a count that never varies
        before.update(session.execute(
            select(TouchpointContact.contact_id, func.max(TouchpointContact.occurred_on))
            .where(TouchpointContact.contact_id.in_(part), TouchpointContact.occurred_on <= as_of,
                   TouchpointContact.team_id == team_id)
            .group_by(TouchpointContact.contact_id)).all())
    for p in people:
        if p[4] is not None and p[4] > as_of:
            p[4] = before.get(p[1])
    moved = [a for a, day in last_touch.items() if day is not None and day > as_of]
    for a in moved:
        last_touch[a] = None
    for part in _chunks(moved) or [[]]:
        last_touch.update(session.execute(
            select(Touchpoint.account_id, func.max(Touchpoint.occurred_on))
            .where(Touchpoint.team_id == team_id, Touchpoint.account_id.in_(part), Touchpoint.occurred_on <= as_of)
            .group_by(Touchpoint.account_id)).all())


def _overdue_steps(session: Session, *, team_id: str, last_touch: dict, as_of: date) -> dict[int, int]:
    """Per account, the next steps set on its last touch day (as of `as_of`) and due before it: the digest's rule.

    `last_touch` already holds each account's last day as of `as_of`, so each (account, day) pair is one
    probe of the (team, account, day) index: no correlated max() per touch.
    """
    pairs = {a: day for a, day in last_touch.items() if day is not None}
    counts: dict[int, int] = {}
    accounts = list(pairs)
    for start in range(0, len(accounts), STEP_CHUNK):
        part = accounts[start:start + STEP_CHUNK]
        # account IN and day IN: index probes on both databases (a row-value IN was a scan of the team's
        # index on SQLite); the few rows of other pairs are dropped here.
        for account_id, day, count in session.execute(
                select(Touchpoint.account_id, Touchpoint.occurred_on, func.count())
                .where(and_(Touchpoint.team_id == team_id, Touchpoint.account_id.in_(part),
                            Touchpoint.occurred_on.in_(sorted({pairs[a] for a in part})),
                            Touchpoint.next_step_due < as_of, Touchpoint.next_step.is_not(None),
                            Touchpoint.next_step != ""))
                .group_by(Touchpoint.account_id, Touchpoint.occurred_on)).all():
            if pairs[account_id] == day:
                counts[account_id] = count
    return counts


def _chunks(ids: list) -> list[list]:
    return [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]
