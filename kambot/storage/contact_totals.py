"""Running touch totals (weight, count, last day) of each contact and of each relationship with our users.

Whoever inserts or deletes contact links, or changes who took part in a touch, passes the change here in
the same transaction: create_touchpoint, delete_touchpoint and the touchpoint importer. The columns change
by increments (`touch_weight = touch_weight + :w`), which PostgreSQL applies to the row as committed by any
concurrent writer, so two processes logging touches with the same person at once both count. Rows are
updated in key order, so two writers lock them in the same order and cannot deadlock; the importer applies
its totals once, at the end, so it holds those row locks only from then to its commit.

`recount` rebuilds both tables from the links: for bulk loads that bypass the writers (benchmarks, tests),
and to repair a database after someone wrote links by hand.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Date, and_, bindparam, case, delete, exists, func, or_, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection

from kambot.domain.running_score import touch_weight
from kambot.storage.contact_totals_pg import add_to_contacts, add_to_relationships
from kambot.storage.models import Contact, Relationship, Touchpoint, TouchpointContact, TouchpointParticipant

_C, _R, _L = Contact.__table__.c, Relationship.__table__.c, TouchpointContact.__table__.c
_DAY, _N, _WEIGHT = bindparam("day", type_=Date), bindparam("n"), bindparam("weight")


def _later(column):
    """The last day after adding links up to :day."""
    return case((column.is_(None), _DAY), (column < _DAY, _DAY), else_=column)


def _unless_later(column, read_back):
    """The last day after removing links up to :day: kept when later (a touch the removal did not take, or a
    concurrent log's, which PostgreSQL shows this UPDATE once it waited for it), else read back from the
    links left."""
    return case((column > _DAY, column), else_=read_back)


_ADD = (update(Contact.__table__).where(_C.id == bindparam("cid"))
        .values(touch_weight=_C.touch_weight + _WEIGHT, touch_count=_C.touch_count + _N,
                last_touched_on=_later(_C.last_touched_on)))
# After removing links: exactly 0 once the last link is gone (no float residue), and the last day read back
# from the links left when the removed one may have been the latest.
_REMOVE = (update(Contact.__table__).where(_C.id == bindparam("cid"))
           .values(touch_weight=case((_C.touch_count - _N <= 0, 0.0), else_=_C.touch_weight - _WEIGHT),
                   touch_count=_C.touch_count - _N,
                   last_touched_on=_unless_later(_C.last_touched_on, select(func.max(_L.occurred_on))
                                                 .where(_L.contact_id == _C.id).scalar_subquery())))
_TOUCH, _PART = Touchpoint.__table__.c, TouchpointParticipant.__table__.c
# A relationship's last day: its contact's latest link to a touch our user logged or took part in.
_LAST_MET = (select(func.max(_L.occurred_on)).select_from(Touchpoint.__table__.join(
    TouchpointContact.__table__, _L.touchpoint_id == _TOUCH.id))
    .where(_L.contact_id == _R.contact_id,
           or_(_TOUCH.logged_by == _R.user_id,
               exists().where(_PART.touchpoint_id == _TOUCH.id, _PART.user_id == _R.user_id)
               .correlate_except(TouchpointParticipant.__table__)))
    .scalar_subquery())
_PAIR = and_(_R.contact_id == bindparam("cid"), _R.user_id == bindparam("uid"))
_UNMET = (update(Relationship.__table__).where(_PAIR)
          .values(touch_weight=case((_R.touch_count - _N <= 0, 0.0), else_=_R.touch_weight - _WEIGHT),
                  # (none left: the row is deleted next; NOT NULL keeps its last day until then)
                  touch_count=_R.touch_count - _N,
                  last_touched_on=_unless_later(_R.last_touched_on, func.coalesce(_LAST_MET, _R.last_touched_on))))
_GONE = delete(Relationship.__table__).where(_PAIR, _R.touch_count <= 0)


def _met_sqlite():
    """Add to a relationship, creating it on its first touch (PostgreSQL: contact_totals_pg)."""
    statement = sqlite.insert(Relationship.__table__).values(
        contact_id=bindparam("cid"), user_id=bindparam("uid"), team_id=bindparam("team"), touch_weight=_WEIGHT,
        touch_count=_N, last_touched_on=_DAY)
    return statement.on_conflict_do_update(
        index_elements=[_R.contact_id, _R.user_id],
        set_={"touch_weight": _R.touch_weight + statement.excluded.touch_weight,
              "touch_count": _R.touch_count + statement.excluded.touch_count,
              "last_touched_on": func.max(_R.last_touched_on, statement.excluded.last_touched_on)})


_MET_SQLITE = _met_sqlite()


class TotalsChange:
    """Links added and removed in one transaction, summed per contact and per relationship until `apply`."""

    def __init__(self, team_id: str) -> None:
        self.team_id = team_id
        self._added: dict[int, list] = {}  # contact id -> [weight, count, latest day]
        self._removed: dict[int, list] = {}
        self._met: dict[tuple[int, str], list] = {}  # (contact id, our user) -> [weight, count, latest day]
        self._unmet: dict[tuple[int, str], list] = {}

    def add(self, contact_id: int, day: date, kind: str | None, users: Iterable[str] = ()) -> None:
        """A link written: the contact, and its relationship with each of our users on the touch, gain its weight."""
        weight = touch_weight(day, kind)
        _fold(self._added, contact_id, weight, day)
        for user in set(users):
            _fold(self._met, (contact_id, user), weight, day)

    def remove(self, contact_id: int, day: date, kind: str | None, users: Iterable[str] = ()) -> None:
        """A link deleted (or its users changed): exactly the weight it gave (same day, same kind) goes."""
        weight = touch_weight(day, kind)
        _fold(self._removed, contact_id, weight, day)
        for user in set(users):
            _fold(self._unmet, (contact_id, user), weight, day)

    def apply(self, conn: Connection) -> int:
        """Write the summed changes in key order, then start over; contacts changed."""
        # removals first: a relinked touch's contact ends with the last day of the links it keeps or gains
        removed = [{"cid": cid, "weight": w, "n": n, "day": day} for cid, (w, n, day) in sorted(self._removed.items())]
        if removed:
            conn.execute(_REMOVE, removed)
        unmet = [{"cid": cid, "uid": uid, "weight": w, "n": n, "day": day}
                 for (cid, uid), (w, n, day) in sorted(self._unmet.items())]
        if unmet:
            conn.execute(_UNMET, unmet)
            conn.execute(_GONE, [{"cid": row["cid"], "uid": row["uid"]} for row in unmet])
        added = [(cid, *totals) for cid, totals in sorted(self._added.items())]
        met = [(cid, uid, *totals) for (cid, uid), totals in sorted(self._met.items())]
        if conn.dialect.name == "postgresql":
            if added:
                add_to_contacts(conn, added)
            if met:
                add_to_relationships(conn, self.team_id, met)
        else:
            if added:
                conn.execute(_ADD, [{"cid": cid, "weight": w, "n": n, "day": day} for cid, w, n, day in added])
            if met:
                conn.execute(_MET_SQLITE, [{"cid": cid, "uid": uid, "team": self.team_id, "weight": w, "n": n,
                                            "day": day} for cid, uid, w, n, day in met])
        self._added, self._removed, self._met, self._unmet = {}, {}, {}, {}
        return len({row["cid"] for row in removed} | {row[0] for row in added})


def _fold(into: dict, key, weight: float, day: date) -> None:
    found = into.get(key)
    if found is None:
        into[key] = [weight, 1, day]
    else:
        found[0] += weight
        found[1] += 1
        if day > found[2]:
            found[2] = day


def touch_users(participants: Iterable[str], logged_by: str | None) -> set[str]:
    """Our people on a touch: its participants and whoever logged it (imports may name nobody else)."""
    users = set(participants)
    if logged_by:
        users.add(logged_by)
    return users


_ALL_LINKS = (select(_L.contact_id, _L.touchpoint_id, _L.occurred_on, _L.kind, _TOUCH.logged_by, _PART.user_id)
              .select_from(TouchpointContact.__table__.join(Touchpoint.__table__, _TOUCH.id == _L.touchpoint_id)
                           .outerjoin(TouchpointParticipant.__table__, _PART.touchpoint_id == _L.touchpoint_id))
              .where(_L.team_id == bindparam("team"), _L.contact_id >= bindparam("low"),
                     _L.contact_id < bindparam("high"))
              .order_by(_L.contact_id, _L.touchpoint_id))
RECOUNT_CONTACTS = 20_000  # contacts per pass: memory stays bounded on a 2,000,000-touch workspace


def recount(conn: Connection, *, team_id: str) -> int:
    """Rebuild a team's totals from its links, a range of contacts at a time; contacts with touches."""
    conn.execute(update(Contact.__table__).where(_C.team_id == team_id)
                 .values(touch_weight=0.0, touch_count=0, last_touched_on=None))
    conn.execute(delete(Relationship.__table__).where(_R.team_id == team_id))
    low, top = conn.execute(select(func.min(_C.id), func.max(_C.id)).where(_C.team_id == team_id)).one()
    touched = 0
    while low is not None and low <= top:
        change, key, users, link = TotalsChange(team_id), None, set(), None
        rows = conn.execute(_ALL_LINKS, {"team": team_id, "low": low, "high": low + RECOUNT_CONTACTS})
        for contact_id, touch_id, day, kind, logged_by, user_id in rows:
            if (contact_id, touch_id) != key:
                if link is not None:
                    change.add(*link, users)
                key, users, link = (contact_id, touch_id), touch_users((), logged_by), (contact_id, day, kind)
            if user_id is not None:
                users.add(user_id)
        if link is not None:
            change.add(*link, users)
        touched += change.apply(conn)
        low += RECOUNT_CONTACTS
    return touched


def links_added(conn: Connection, team_id: str, links: Iterable[tuple[int, date, str | None, Iterable[str]]]) -> None:
    """Count new links (contact id, day, kind, our users on the touch) in the totals."""
    change = TotalsChange(team_id)
    for contact_id, day, kind, users in links:
        change.add(contact_id, day, kind, users)
    change.apply(conn)


def links_removed(conn: Connection, team_id: str,
                  links: Iterable[tuple[int, date, str | None, Iterable[str]]]) -> None:
    """Take deleted links (contact id, day, kind, our users on the touch) out of the totals."""
    change = TotalsChange(team_id)
    for contact_id, day, kind, users in links:
        change.remove(contact_id, day, kind, users)
    change.apply(conn)
