"""One account's people and touches, loaded in four queries into the domain's dataclasses (no N+1)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from sqlalchemy import Date, bindparam, select, text
from sqlmodel import Session

from kambot.domain.recommend import Person
from kambot.domain.running_score import score_on
from kambot.domain.strength import Strength, Touch, contact_scores, contact_strength
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact, TouchpointParticipant, UserProfile

# Touches older than this are not loaded. Strength halves every 45 days, so a touch two years old weighs
# 0.5 ** (730 / 45) ~ 0.00001 of a fresh one: it cannot move a score or a ranking, only cost time on
# accounts with tens of thousands of touches. The one visible effect: someone last met over two years
# ago reads as "no relationship" instead of "weak", which is fair after that long. (The account card asks
# storage separately for the last touch when nothing falls inside the horizon.)
HORIZON_DAYS = 730


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
        return [TouchInfo(tp_id, _day(day), kind or "other", logged_by, step, _day(due) if due else None,
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

    def scores(self) -> dict[int, float]:
        """Decayed score per person, cheaply (no Strength objects), for ordering many people."""
        return contact_scores({p.id: self.by_person.get(p.id) or () for p in self.people}, today=self.today)


_PEOPLE = (
    select(Contact.id, Contact.name, Contact.title, Contact.department, Contact.role, Contact.reports_to_id,
           Contact.status, Contact.relationship_owner, Contact.touch_weight, Contact.last_touched_on)
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
    rows = _raw(session.connection(), _PEOPLE, {"team": team_id, "account": account_id})
    return [Person(*row[:6], row[6] or "active", row[7]) for row in rows]


def load_scored_people(session: Session, *, team_id: str, account_id: int, since: date,
                       today: date) -> tuple[list[Person], dict[int, float]]:
    """Every contact of an account, and the decayed score of each one touched since a day, in one query.

    The scores come from the contacts' running totals (storage.contact_totals, domain.running_score): the
    same numbers strength.contact_scores gives over load_touches(...).by_person, to a hair (a touch older than
    `since` still adds its ~0.00001), without reading a single touch."""
    rows = _raw(session.connection(), _PEOPLE, {"team": team_id, "account": account_id})
    people = [Person(*row[:6], row[6] or "active", row[7]) for row in rows]
    scores = {row[0]: score_on(row[8], today) for row in rows if row[9] is not None and _day(row[9]) >= since}
    return people, scores


def load_touches(session: Session, *, team_id: str, account_id: int, since: date) -> TouchRows:
    """Touches of an account since a day, newest first: one query each for rows, contacts and our people."""
    conn, params = session.connection(), {"team": team_id, "account": account_id, "since": since}
    rows = _raw(conn, _TOUCHES, params)
    if not rows:
        return TouchRows([], [], {}, {})
    users: defaultdict[int, list[str]] = defaultdict(list)
    for tp_id, user_id in _raw(conn, _PARTICIPANTS, params):
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
        touch_of[tp_id] = Touch(_day(day), kind or "other", ours)
    links = _raw(conn, _LINKS, params)
    by_person: defaultdict[int, list[Touch]] = defaultdict(list)
    for tp_id, contact_id in links:  # any order: strength sums points and takes the latest day
        touch = touch_of.get(tp_id)  # None only for a touch committed between the two statements
        if touch is not None:
            by_person[contact_id].append(touch)
    return TouchRows(rows, links, participants, dict(by_person))


def _ours(users: Collection[str], logged_by: str | None) -> tuple[str, ...]:
    """Our people on a touch: its participants, and whoever logged it (load_touches' rule, inlined there)."""
    if logged_by and (not users or logged_by not in users):
        return (*users, logged_by) if users else (logged_by,)
    return tuple(users) if users else ()


# The touches of a few contacts, one row per (contact, touch, participant of ours). They are read from the
# contacts' links, ix_tpcontact_contact_day (contact_id, occurred_on, team_id): one range per contact, since
# the day; then each touch by its primary key. SQLite without statistics (production) would rather walk the
# account's whole window and probe the links of every touch in it (3-4x slower on the bench's 5,000-touch
# window); CROSS JOIN fixes its join order. PostgreSQL plans it with statistics.
_CONTACT_TOUCHES_SQLITE = text(
    "SELECT tc.contact_id, t.id, t.occurred_on, t.kind, t.logged_by, tp.user_id"
    " FROM touchpointcontact AS tc CROSS JOIN touchpoint AS t ON t.id = tc.touchpoint_id"
    " LEFT OUTER JOIN touchpointparticipant AS tp ON tp.touchpoint_id = t.id"
    " WHERE tc.contact_id IN :contacts AND tc.occurred_on >= :since AND tc.team_id = :team"
    " AND tc.account_id = :account"
).bindparams(bindparam("contacts", expanding=True), bindparam("since", type_=Date))
_CONTACT_TOUCHES = (
    select(TouchpointContact.contact_id, Touchpoint.id, Touchpoint.occurred_on, Touchpoint.kind, Touchpoint.logged_by,
           TouchpointParticipant.user_id)
    .select_from(TouchpointContact).join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
    .outerjoin(TouchpointParticipant, TouchpointParticipant.touchpoint_id == Touchpoint.id)
    .where(TouchpointContact.contact_id.in_(bindparam("contacts", expanding=True)),
           TouchpointContact.occurred_on >= bindparam("since", type_=Date),
           TouchpointContact.team_id == bindparam("team"), TouchpointContact.account_id == bindparam("account"))
)
ONE_BY_ONE = 4  # contacts asked for one at a time (an org-chart walk) before the whole account is read


class TouchSource(Mapping[int, list[Touch]]):
    """Contact id -> its touches since a day, read on first use: a lazy stand-in for AccountData.by_person.

    Built from the ids of the contacts touched in the window (load_scored_people's scores), so
    `in`, len() and iteration need no query. A contact's list, once read, holds the touches load_touches
    would give it (in another order: strength sums points and takes the latest day).
    """

    def __init__(self, session: Session, *, team_id: str, account_id: int, since: date,
                 touched: Collection[int]) -> None:
        self._session = session
        self._params = {"team": team_id, "account": account_id, "since": since}
        self._touched = touched
        self._loaded: dict[int, list[Touch]] = {}
        self._asked = 0

    def __contains__(self, pid: object) -> bool:
        return pid in self._touched

    def __iter__(self) -> Iterator[int]:
        return iter(self._touched)

    def __len__(self) -> int:
        return len(self._touched)

    def __getitem__(self, pid: int) -> list[Touch]:
        found = self._loaded.get(pid)
        if found is None:
            if pid not in self._touched:
                raise KeyError(pid)
            self._asked += 1  # one at a time for a few, then everyone in one pass
            self.load((pid,) if self._asked <= ONE_BY_ONE else self._touched)
            found = self._loaded[pid]
        return found

    def load(self, pids: Iterable[int]) -> None:
        """Read these contacts' touches now: one statement, or load_touches' three for many contacts."""
        wanted = [pid for pid in dict.fromkeys(pids) if pid in self._touched and pid not in self._loaded]
        if not wanted:
            return
        if len(wanted) > ONE_BY_ONE:  # the whole account's window rather than a long IN list
            by_person = load_touches(self._session, team_id=self._params["team"],
                                     account_id=self._params["account"], since=self._params["since"]).by_person
        else:
            by_person = self._read(wanted)
        for pid in wanted:  # [] only for a contact whose touches went away since `touched` was read
            self._loaded[pid] = by_person.get(pid) or []

    def _read(self, wanted: list[int]) -> dict[int, list[Touch]]:
        conn = self._session.connection()
        params = self._params | {"contacts": wanted}
        statement = _CONTACT_TOUCHES_SQLITE if conn.engine.dialect.name == "sqlite" else _CONTACT_TOUCHES
        ours: dict[int, dict[str, None]] = {}  # touch id -> our people (a dict: rows repeat them per contact)
        links: dict[tuple[int, int], tuple] = {}  # (contact id, touch id) -> (day, kind, logged_by)
        for contact_id, tp_id, day, kind, logged_by, user_id in _raw(conn, statement, params):
            users = ours.setdefault(tp_id, {})
            if user_id is not None:
                users[user_id] = None
            links.setdefault((contact_id, tp_id), (day, kind, logged_by))
        by_person: defaultdict[int, list[Touch]] = defaultdict(list)
        shared: dict[int, Touch] = {}  # a touch of two wanted contacts is one object, as in load_touches
        for (contact_id, tp_id), (day, kind, logged_by) in links.items():
            touch = shared.get(tp_id)
            if touch is None:
                touch = shared[tp_id] = Touch(_day(day), kind or "other", _ours(ours[tp_id], logged_by))
            by_person[contact_id].append(touch)
        return by_person


def _raw(conn, statement, params: dict) -> list[tuple]:
    """All rows as plain driver tuples (ints and strings need no conversion; dates go through _day)."""
    # Skipping SQLAlchemy's Row objects saves ~15% of a `who` on a 5,000-touch account (bench/bench_who.py).
    result = conn.execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


@lru_cache(maxsize=4096)
def _parse_day(text: str) -> date:
    return date.fromisoformat(text)


def _day(value) -> date:
    """A date column's value: PostgreSQL drivers give dates, SQLite gives ISO text."""
    return _parse_day(value) if value.__class__ is str else value


def load_account(session: Session, *, account: Account, today: date, horizon_days: int = HORIZON_DAYS) -> AccountData:
    """Everything the who, card and map answers need about one account, in four queries."""
    people = load_people(session, team_id=account.team_id, account_id=account.id)
    since = today - timedelta(days=horizon_days)
    loaded = load_touches(session, team_id=account.team_id, account_id=account.id, since=since)
    return AccountData(account, people, loaded, since, today)


def display_names(session: Session, *, team_id: str, user_ids: list[str]) -> dict[str, str]:
    """Our users' names for pictures (cached Slack profile names, else the id without its "U_" prefix)."""
    ids = sorted({u for u in user_ids if u})
    names = {u: u[2:] if u.startswith("U_") and len(u) > 2 else u for u in ids}
    if ids:
        for user_id, name in session.execute(
            select(UserProfile.user_id, UserProfile.name)
            .where(UserProfile.team_id == team_id, UserProfile.user_id.in_(ids))
        ):
            if name and name.strip():
                names[user_id] = name.strip()
    return names
