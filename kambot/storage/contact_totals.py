"""Each contact's running touch totals (weight, count, last day), kept in step with touchpointcontact.

Whoever inserts or deletes contact links passes the same links here in the same transaction:
create_touchpoint, delete_touchpoint and the touchpoint importer. The columns change by increments
(`touch_weight = touch_weight + :w`), which PostgreSQL applies to the row as committed by any concurrent
writer, so two processes logging touches with the same person at once both count. Rows are updated in
contact id order, so two writers lock them in the same order and cannot deadlock; the importer applies its
totals once, at the end, so it holds those row locks only from then to its commit.

`recount` rebuilds the columns from the links: for bulk loads that bypass the writers (benchmarks, tests),
and to repair a database after someone wrote links by hand.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Date, bindparam, case, func, select, update
from sqlalchemy.engine import Connection

from kambot.domain.running_score import touch_weight
from kambot.storage.models import Contact, TouchpointContact

_C = Contact.__table__.c
_DAY = bindparam("day", type_=Date)
_ADD = (update(Contact.__table__).where(_C.id == bindparam("cid"))
        .values(touch_weight=_C.touch_weight + bindparam("weight"), touch_count=_C.touch_count + bindparam("n"),
                last_touched_on=case((_C.last_touched_on.is_(None), _DAY), (_C.last_touched_on < _DAY, _DAY),
                                     else_=_C.last_touched_on)))
# After removing links: exactly 0 once the last link is gone (no float residue), and the last day read back
# from ix_tpcontact_contact_day (the removed link may have been the latest).
_LATEST = (select(func.max(TouchpointContact.occurred_on)).where(TouchpointContact.contact_id == _C.id)
           .scalar_subquery())
_REMOVE = (update(Contact.__table__).where(_C.id == bindparam("cid"))
           .values(touch_weight=case((_C.touch_count - bindparam("n") <= 0, 0.0),
                                     else_=_C.touch_weight - bindparam("weight")),
                   touch_count=_C.touch_count - bindparam("n"),
                   last_touched_on=_LATEST))


class TotalsChange:
    """Links added and removed in one transaction, summed per contact until `apply`."""

    def __init__(self) -> None:
        self._added: dict[int, list] = {}  # contact id -> [weight, count, latest day]
        self._removed: dict[int, list] = {}

    def add(self, contact_id: int, day: date, kind: str | None) -> None:
        """A link written: the contact gains the touch's weight."""
        _fold(self._added, contact_id, day, kind)

    def remove(self, contact_id: int, day: date, kind: str | None) -> None:
        """A link deleted: the contact loses exactly the weight it gained (same day, same kind)."""
        _fold(self._removed, contact_id, day, kind)

    def apply(self, conn: Connection) -> int:
        """Write the summed changes, contact by contact in id order, then start over; contacts changed."""
        removed = [{"cid": cid, "weight": w, "n": n} for cid, (w, n, _day) in sorted(self._removed.items())]
        if removed:  # removals first: a relinked touch's contact ends with the new link's last day
            conn.execute(_REMOVE, removed)
        added = [{"cid": cid, "weight": w, "n": n, "day": day} for cid, (w, n, day) in sorted(self._added.items())]
        if added:
            conn.execute(_ADD, added)
        self._added, self._removed = {}, {}
        return len({row["cid"] for row in removed + added})


def _fold(into: dict[int, list], contact_id: int, day: date, kind: str | None) -> None:
    weight = touch_weight(day, kind)
    found = into.get(contact_id)
    if found is None:
        into[contact_id] = [weight, 1, day]
    else:
        found[0] += weight
        found[1] += 1
        if day > found[2]:
            found[2] = day


def links_added(conn: Connection, links: Iterable[tuple[int, date, str | None]]) -> None:
    """Count new links (contact id, day, kind) in their contacts' totals."""
    change = TotalsChange()
    for contact_id, day, kind in links:
        change.add(contact_id, day, kind)
    change.apply(conn)


def links_removed(conn: Connection, links: Iterable[tuple[int, date, str | None]]) -> None:
    """Take deleted links (contact id, day, kind) out of their contacts' totals."""
    change = TotalsChange()
    for contact_id, day, kind in links:
        change.remove(contact_id, day, kind)
    change.apply(conn)


def recount(conn: Connection, *, team_id: str) -> int:
    """Rebuild a team's totals from its links (one pass in Python: SQLite may lack pow()); contacts updated."""
    change = TotalsChange()
    for contact_id, day, kind in conn.execute(
        select(TouchpointContact.contact_id, TouchpointContact.occurred_on, TouchpointContact.kind)
        .where(TouchpointContact.team_id == team_id)
    ):
        change.add(contact_id, day, kind)
    conn.execute(update(Contact.__table__).where(_C.team_id == team_id)
                 .values(touch_weight=0.0, touch_count=0, last_touched_on=None))
    return change.apply(conn)
