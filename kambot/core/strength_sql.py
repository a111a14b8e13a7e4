"""Every contact's decayed score at an account, summed by the database: one row per contact.

`/kam who` ranks everyone at an account by decayed points (strength.contact_scores) but needs the touches
themselves only for the few people it names. Loading every touch to sum them ships ~5,000 touches, ~8,600
contact links and ~6,500 participants into Python on a 500-person, 20,000-touch account
(bench/bench_who.py), ~80% of the answer's time. Here the database sums points x decay per contact; the
named people's touches come from account_data.TouchSource.

Grouping by (contact, day, kind) with COUNT(*) and decaying in Python is exact too (the decay depends only on
the day), but saves almost nothing over a two-year horizon: a contact is rarely touched twice on one day
(8,503 groups for 8,618 links in the bench). It is the fallback for a database that cannot compute the decay.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple
from weakref import WeakKeyDictionary

from sqlalchemy import Date, Float, bindparam, case, cast, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from kambot.core.account_data import _day, _raw
from kambot.domain.strength import HALF_LIFE_DAYS, KIND_POINTS, grouped_scores
from kambot.storage.models import TouchpointContact

_LINK = TouchpointContact
# One range scan of ix_tpcontact_account_day: the link rows carry their touch's account, day and kind.
_LINK_WINDOW = (_LINK.team_id == bindparam("team"), _LINK.account_id == bindparam("account"),
                _LINK.occurred_on >= bindparam("since", type_=Date))
# strength._Points in SQL: a canonical kind compares as it is (the usual case, and cheap); anything else is
# lower-cased first; unknown kinds and NULL (read as "other") are worth 1 point.
_POINTS = case(KIND_POINTS, value=_LINK.kind, else_=case(KIND_POINTS, value=func.lower(_LINK.kind), else_=1.0))
_TODAY = bindparam("today", type_=Date)
# Whole days from a touch to today; a future touch counts as today (strength._Decay's max(0, ...)).
# PostgreSQL: date - date is an integer. SQLite stores ISO text: julianday() differences are whole numbers.
_DAYS = {
    "postgresql": func.greatest(0, cast(_TODAY, Date) - _LINK.occurred_on),
    "sqlite": func.max(0, func.julianday(_TODAY) - func.julianday(_LINK.occurred_on)),
}
# points x 0.5 ** (days / half-life), the same double arithmetic as strength._Decay (C pow() either way);
# with each contact's lowest touch id in the window, where account_data.TouchSource starts reading.
_SUMS = {
    dialect: (select(_LINK.contact_id, func.sum(_POINTS * func.power(0.5, cast(days, Float) / HALF_LIFE_DAYS)),
                     func.min(_LINK.touchpoint_id))
              .where(*_LINK_WINDOW).group_by(_LINK.contact_id))
    for dialect, days in _DAYS.items()
}
_GROUPS = (select(_LINK.contact_id, _LINK.occurred_on, _LINK.kind, func.count(), func.min(_LINK.touchpoint_id))
           .where(*_LINK_WINDOW).group_by(_LINK.contact_id, _LINK.occurred_on, _LINK.kind))
_SUMS_IN_SQL: WeakKeyDictionary[Engine, bool] = WeakKeyDictionary()


class WindowScores(NamedTuple):
    """Every contact touched since a day: decayed score, and lowest touch id (where its touches start)."""

    scores: dict[int, float]
    first_touch: dict[int, int]


def _sums_in_sql(conn) -> bool:
    """Whether the database computes the decay: PostgreSQL; SQLite with its math functions (3.35+, compiled
    in by most builds, not all). Asked once per engine."""
    engine = conn.engine
    known = _SUMS_IN_SQL.get(engine)
    if known is None:
        known = engine.dialect.name == "postgresql"
        if engine.dialect.name == "sqlite":
            try:
                conn.exec_driver_sql("SELECT power(0.5, 2.0)").fetchall()
                known = True
            except DBAPIError:  # no such function: power
                known = False
        _SUMS_IN_SQL[engine] = known
    return known


def contact_scores_since(session: Session, *, team_id: str, account_id: int, since: date,
                         today: date) -> WindowScores:
    """Each contact's decayed score over the account's touches since a day: strength.contact_scores of
    account_data.load_touches(...).by_person, contacts without touches left out. A sum may differ from that
    loop's in its last bit: the database adds in another order."""
    conn, params = session.connection(), {"team": team_id, "account": account_id, "since": since}
    if _sums_in_sql(conn):
        rows = _raw(conn, _SUMS[conn.engine.dialect.name], params | {"today": today})
        return WindowScores({pid: score for pid, score, _ in rows}, {pid: first for pid, _, first in rows})
    groups = _raw(conn, _GROUPS, params)
    first: dict[int, int] = {}
    for pid, _day_, _kind, _n, low in groups:
        first[pid] = min(first.get(pid, low), low)
    scores = grouped_scores(((pid, _day(day), kind or "other", n) for pid, day, kind, n, _ in groups), today=today)
    return WindowScores(scores, first)
