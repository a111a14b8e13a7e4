"""The App Home's content as data: a user's accounts, worst health first, and their next steps this week."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from kambot.core.health_data import load_health
from kambot.domain.cadence import AccountState, account_cadence, days_since, is_stale, overdue_key
from kambot.domain.digest import DUE_SOON_DAYS, THREAD_DAYS
from kambot.storage.models import Account, Snooze, Touchpoint, TouchpointContact

SHOWN_ACCOUNTS = 30  # a Home tab is read at a glance; the rest is counted, not listed
SHOWN_NEXT_STEPS = 10


@dataclass(frozen=True)
class HomeAccount:
    """One account line: when it was last touched and how many days remain before it goes cold."""

    id: int
    name: str
    tier: str | None
    last_touch_on: date | None
    days_since: int | None
    days_left: int | None  # negative = overdue by that many days; None = never touched
    engaged: int  # distinct contacts touched in the last THREAD_DAYS days
    snoozed_until: date | None = None  # the owner asked for quiet until then (inclusive); None = not snoozed
    health: int | None = None  # account health 0-100 (kambot.domain.health)
    band: str | None = None  # healthy | watch | at_risk


@dataclass(frozen=True)
class HomeNextStep:
    """A next step due this week on one of the user's accounts."""

    account_id: int
    account_name: str
    text: str
    due: date


@dataclass
class HomeData:
    """Everything the Home tab shows; `total` counts all the user's accounts, shown or not."""

    accounts: list[HomeAccount] = field(default_factory=list)
    total: int = 0
    overdue: int = 0
    next_steps: list[HomeNextStep] = field(default_factory=list)
    next_steps_total: int = 0

    @property
    def hidden(self) -> int:
        """Accounts not listed."""
        return self.total - len(self.accounts)


def build_home(session: Session, *, team_id: str, user_id: str, today: date,
               limit: int = SHOWN_ACCOUNTS) -> HomeData:
    """The user's accounts ranked worst health first (then most overdue), with this week's next steps.

    Health is read for all the user's accounts at once (load_health's bulk reads, fed the states read
    here), so ranking costs a fixed number of queries however many accounts the user owns.
    """
    owned = select(Account.id).where(Account.team_id == team_id, Account.owner == user_id)
    rows = session.execute(
        select(Account.id, Account.name, Account.tier, Account.cadence_days, Account.renewal_date)
        .where(Account.id.in_(owned))
    ).all()
    last = dict(session.execute(
        select(Touchpoint.account_id, func.max(Touchpoint.occurred_on))
        .where(Touchpoint.team_id == team_id, Touchpoint.account_id.in_(owned))
        .group_by(Touchpoint.account_id)
    ).all())
    states = [AccountState(id=r.id, name=r.name, owner=user_id, tier=r.tier, cadence_days=r.cadence_days,
                           renewal_date=r.renewal_date, last_touch_on=last.get(r.id)) for r in rows]
    health = {h.state.id: h.health for h in load_health(session, team_id=team_id, today=today, states=states)}
    states.sort(key=lambda s: (health[s.id].score, overdue_key(s, today)))
    shown = states[:limit]
    engaged = _engaged(session, team_id, [s.id for s in shown], today - timedelta(days=THREAD_DAYS))
    snoozed = _snoozed(session, team_id, [s.id for s in shown], today)
    accounts = [replace(_line(s, today, engaged.get(s.id, 0)), snoozed_until=snoozed.get(s.id),
                        health=health[s.id].score, band=health[s.id].band) for s in shown]
    overdue = sum(1 for s in states if is_stale(s, today))
    steps, steps_total = _next_steps(session, team_id, owned, today)
    return HomeData(accounts=accounts, total=len(states), overdue=overdue, next_steps=steps,
                    next_steps_total=steps_total)


def _line(state: AccountState, today: date, engaged: int) -> HomeAccount:
    elapsed = days_since(state.last_touch_on, today)
    left = None if elapsed is None else account_cadence(state) - elapsed
    return HomeAccount(id=int(state.id), name=state.name, tier=state.tier, last_touch_on=state.last_touch_on,
                       days_since=elapsed, days_left=left, engaged=engaged)


def _snoozed(session: Session, team_id: str, ids: list[int], today: date) -> dict[int, date]:
    """The snoozes still running today on the shown accounts."""
    if not ids:
        return {}
    query = select(Snooze.account_id, Snooze.until).where(Snooze.team_id == team_id, Snooze.account_id.in_(ids),
                                                          Snooze.until >= today)
    return dict(session.execute(query).all())


def _engaged(session: Session, team_id: str, ids: list[int], since: date) -> dict[int, int]:
    """Distinct contacts touched since a day, per account: the link table's (account, day) index alone."""
    if not ids:
        return {}
    link = TouchpointContact
    query = (
        select(link.account_id, func.count(func.distinct(link.contact_id)))
        .where(link.account_id.in_(ids), link.occurred_on >= since, link.team_id == team_id)
        .group_by(link.account_id)
    )
    return dict(session.execute(query).all())


def _next_steps(session: Session, team_id: str, owned, today: date) -> tuple[list[HomeNextStep], int]:
    """Next steps due today through the next six days, soonest first (the digest's 'due this week')."""
    end = today + timedelta(days=DUE_SOON_DAYS - 1)
    where = (Touchpoint.team_id == team_id, Touchpoint.account_id.in_(owned), Touchpoint.next_step.is_not(None),
             Touchpoint.next_step != "", Touchpoint.next_step_due >= today, Touchpoint.next_step_due <= end)
    total = session.execute(select(func.count()).select_from(Touchpoint).where(*where)).scalar_one()
    rows = session.execute(
        select(Touchpoint.account_id, Account.name, Touchpoint.next_step, Touchpoint.next_step_due)
        .join(Account, Account.id == Touchpoint.account_id).where(*where)
        .order_by(Touchpoint.next_step_due, Account.name_norm, Touchpoint.id).limit(SHOWN_NEXT_STEPS)
    ).all()
    return [HomeNextStep(r[0], r[1], r[2], r[3]) for r in rows], total
