"""One account's people and touches, loaded in four queries into the domain's dataclasses (no N+1)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Callable

from sqlalchemy import Date, bindparam, select
from sqlmodel import Session

from kambot.domain.recommend import Person
from kambot.domain.strength import Strength, Touch, contact_strength
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact, TouchpointParticipant, UserProfile
from kambot.storage.driver_rows import driver_rows, stored_day

# Touches older than this are not loaded. Strength halves every 45 days, so a touch two years old weighs
# 0.5 ** (730 / 45) ~ 0.00001 of a fresh one: it cannot move a score or a ranking, only cost time on
# accounts with tens of thousands of touches. The one visible effect: someone last met over two years
# ago reads as "no relationship" instead of "weak", which is fair after that long. (The account card asks
# storage separately for the last touch when nothing falls inside the horizon. `who`, the card and the
# reminders read running totals instead of touches, core.stored_relationships, and keep the same horizon
# for who counts as touched.)
HORIZON_DAYS = 730
MAX_LOOKUPS = 30  # names asked of Slack per picture: a map shows at most 3 holders a box


@dataclass(frozen=True, slots=True)
class TouchInfo:
    """The columns of one touchpoint the account card reads (no summary: it can be long)."""

    id: int
    occurred_on: date
    kind: str
    logged_by: str | None
    next_step: str | None
    next_step_due: date | None
    contact_ids: tuple[int, ...]
    participants: tuple[str, ...]  # our users who took part, the logger included


@dataclass
class TouchRows:
    """An account's touches as fetched: driver rows newest first, their contact links, and our people."""

    rows: list  # (id, occurred_on, kind, logged_by, next_step, next_step_due); dates may be ISO text (SQLite)
    links: list  # (touchpoint id, contact id)
    participants: dict[int, tuple[str, ...]]  # touchpoint id -> our users who took part, the logger included
    by_person: dict[int, list[Touch]]  # each contact's touches, in no particular order

    def contacts(self) -> dict[int, list[int]]:
        """Touchpoint id -> its contact ids (only the account card needs this direction)."""
        found: defaultdict[int, list[int]] = defaultdict(list)
        for tp_id, contact_id in self.links:
            found[tp_id].append(contact_id)
        return found


@dataclass
class AccountData:
    """An account with its people (active and departed) and its touches since the horizon."""

    account: Account
    people: list[Person]
    loaded: TouchRows
    since: date
    today: date

    @property
    def by_person(self) -> dict[int, list[Touch]]:
        """Each contact's touches as the domain's strength and ranking functions take them."""
        return self.loaded.by_person

    @cached_property
    def touches(self) -> list[TouchInfo]:
        """The touches newest first, each with its contacts and our people (built on first use)."""
        links, ours = self.loaded.contacts(), self.loaded.participants
        return [TouchInfo(tp_id, stored_day(day), kind or "other", logged_by, step, stored_day(due) if due else None,
                          tuple(links.get(tp_id, ())), ours.get(tp_id, ()))
                for tp_id, day, kind, logged_by, step, due in self.loaded.rows]

    @property
    def people_by_id(self) -> dict[int, Person]:
        """Everyone at the account by contact id."""
        return {p.id: p for p in self.people}

    @property
    def active(self) -> list[Person]:
        """The people still at the customer."""
        return [p for p in self.people if not p.departed]

    def strength(self, person_id: int) -> Strength:
        """How well our team knows one person."""
        return contact_strength(self.by_person.get(person_id) or (), today=self.today)


_PEOPLE = (
    select(Contact.id, Contact.name, Contact.title, Contact.department, Contact.role, Contact.reports_to_id,
           Contact.status, Contact.relationship_owner, Contact.touch_weight, Contact.last_touched_on, Contact.stance, Contact.influence)
    .where(Contact.team_id == bindparam("team"), Contact.account_id == bindparam("account"))
    .order_by(Contact.name_norm, Contact.id)
)
# Built once: the three statements of load_touches, over the same window of one account's touches.
_WINDOW = (Touchpoint.team_id == bindparam("team"), Touchpoint.account_id == bindparam("account"),
           Touchpoint.occurred_on >= bindparam("since", type_=Date))
_TOUCHES = (
    select(Touchpoint.id, Touchpoint.occurred_on, Touchpoint.kind, Touchpoint.logged_by, Touchpoint.next_step,
           Touchpoint.next_step_due)
    .where(*_WINDOW).order_by(Touchpoint.occurred_on.desc(), Touchpoint.id.desc())
)
# The links are selected by the same window instead of `IN (ids)`: one statement whatever the number of
# touches (an id list would need chunks under SQLite's parameter limit). A link row carries its touch's
# account and day, so this is one scan of ix_tpcontact_account_day, no join.
_LINKS = (select(TouchpointContact.touchpoint_id, TouchpointContact.contact_id)
          .where(TouchpointContact.team_id == bindparam("team"), TouchpointContact.account_id == bindparam("account"),
                 TouchpointContact.occurred_on >= bindparam("since", type_=Date)))
_PARTICIPANTS = (select(TouchpointParticipant.touchpoint_id, TouchpointParticipant.user_id)
                 .join(Touchpoint, Touchpoint.id == TouchpointParticipant.touchpoint_id).where(*_WINDOW))


def load_people(session: Session, *, team_id: str, account_id: int) -> list[Person]:
    """Every contact of an account (active and departed) as domain Persons, in one query."""
    return [person_of(row) for row in people_rows(session, team_id=team_id, account_id=account_id)]


def people_rows(session: Session, *, team_id: str, account_id: int) -> list[tuple]:
    """Every contact of an account as driver rows: Person's fields, then touch_weight and last_touched_on,
    then stance and influence."""
    return driver_rows(session.connection(), _PEOPLE, {"team": team_id, "account": account_id})


def person_of(row: tuple) -> Person:
    """The domain Person of a people_rows row."""
    return Person(*row[:6], row[6] or "active", row[7], row[10], row[11])


def load_touches(session: Session, *, team_id: str, account_id: int, since: date) -> TouchRows:
    """Touches of an account since a day, newest first: one query each for rows, contacts and our people."""
    conn, params = session.connection(), {"team": team_id, "account": account_id, "since": since}
    rows = driver_rows(conn, _TOUCHES, params)
    if not rows:
        return TouchRows([], [], {}, {})
    users: defaultdict[int, list[str]] = defaultdict(list)
    for tp_id, user_id in driver_rows(conn, _PARTICIPANTS, params):
        users[tp_id].append(user_id)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # a few distinct teams of ours: share the tuples
    participants: dict[int, tuple[str, ...]] = {}
    touch_of: dict[int, Touch] = {}
    for tp_id, day, kind, logged_by, _step, _due in rows:
        ours = users.get(tp_id) or []
        if logged_by and logged_by not in ours:  # whoever logged a touch took part (imports name nobody else)
            ours = [*ours, logged_by]
        key = tuple(ours)
        ours = participants[tp_id] = shared.setdefault(key, key)
        touch_of[tp_id] = Touch(stored_day(day), kind or "other", ours)
    links = driver_rows(conn, _LINKS, params)
    by_person: defaultdict[int, list[Touch]] = defaultdict(list)
    for tp_id, contact_id in links:  # any order: strength sums points and takes the latest day
        touch = touch_of.get(tp_id)  # None only for a touch committed between the two statements
        if touch is not None:
            by_person[contact_id].append(touch)
    return TouchRows(rows, links, participants, dict(by_person))


def load_account(session: Session, *, account: Account, today: date, horizon_days: int = HORIZON_DAYS) -> AccountData:
    """Everything the who, card and map answers need about one account, in four queries."""
    people = load_people(session, team_id=account.team_id, account_id=account.id)
    since = today - timedelta(days=horizon_days)
    loaded = load_touches(session, team_id=account.team_id, account_id=account.id, since=since)
    return AccountData(account, people, loaded, since, today)


def display_names(session: Session, *, team_id: str, user_ids: list[str],
                  lookup: Callable[[list[str]], dict[str, str]] | None = None) -> dict[str, str]:
    """Our users' names for pictures: stored Slack names, then `lookup` (the door asks Slack) for the rest,
    else the id without its "U_" prefix."""
    ids = sorted({u for u in user_ids if u})
    names = {u: u[2:] if u.startswith("U_") and len(u) > 2 else u for u in ids}
    known: set[str] = set()
    if ids:
        for user_id, name in session.execute(
            select(UserProfile.user_id, UserProfile.name)
            .where(UserProfile.team_id == team_id, UserProfile.user_id.in_(ids))
        ):
            if name and name.strip():
                names[user_id] = name.strip()
                known.add(user_id)
    missing = [u for u in ids if u not in known][:MAX_LOOKUPS]
    if lookup is not None and missing:
        names.update({u: n.strip() for u, n in lookup(missing).items() if u in names and n and n.strip()})
    return names
