"""An account's relationships read from the running totals the database keeps (storage.contact_totals).

`/kam who` ranks everyone by score and explains only the few people it names. Both come from totals, never
from touches: the contact rows give every score (read with the people, one query), and the named people's
Relationship rows plus their touches of the last 60 days, counted from an index, give their strength (one
more query). So the answer costs the same on an account with 500 touches or 50,000.

Against strength.contact_strength over the touches since the horizon, what differs is below display: a
score carries touches older than the horizon at their ~0.00001 weight (domain.running_score). Who counts as
touched, and which of our people hold a relationship, still follow the horizon, from the last days kept.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Date, bindparam, func, literal, null, select, union_all
from sqlmodel import Session

from kambot.core.account_data import HORIZON_DAYS, people_rows, person_of
from kambot.domain.recommend import Person
from kambot.domain.running_score import decay_to
from kambot.domain.strength import RECENT_DAYS, Strength, strength_from_totals
from kambot.storage.models import Relationship, TouchpointContact
from kambot.storage.driver_rows import driver_rows, stored_day

_R, _L = Relationship, TouchpointContact
_WANTED = bindparam("contacts", expanding=True)
# One round trip for the named people: each relationship with our users since the horizon, then each
# person's touches in the last 60 days, counted from ix_tpcontact_contact_day.
_NAMED = union_all(
    select(_R.contact_id, _R.user_id, _R.touch_weight, _R.last_touched_on, literal(0))
    .where(_R.contact_id.in_(_WANTED), _R.team_id == bindparam("team"),
           _R.last_touched_on >= bindparam("since", type_=Date)),
    select(_L.contact_id, null(), literal(0.0), null(), func.count())
    .where(_L.contact_id.in_(_WANTED), _L.team_id == bindparam("team"),
           _L.occurred_on >= bindparam("recent", type_=Date))
    .group_by(_L.contact_id),
)


class StoredRelationships:
    """domain.relationships.Relationships over one account's stored totals; strengths read on first use."""

    def __init__(self, session: Session, *, team_id: str, since: date, today: date, rows: list[tuple]) -> None:
        self._session, self._team, self._since, self._today = session, team_id, since, today
        decay = decay_to(today)
        self._last: dict[int, date] = {}
        self.scores: dict[int, float] = {}  # everyone touched since the horizon: their decayed score
        for row in rows:
            weight, last = row[8], row[9]
            if last is not None and (last := stored_day(last)) >= since:
                self._last[row[0]] = last
                self.scores[row[0]] = max(0.0, weight) * decay
        self._strengths: dict[int, Strength] = {}

    def strength(self, pid: int) -> Strength:
        """How well our team knows one person (read now unless `load` already did)."""
        found = self._strengths.get(pid)
        if found is None:
            self.load((pid,))
            found = self._strengths[pid]
        return found

    def load(self, pids: Iterable[int]) -> None:
        """Read these people's strengths in one query (nothing to read for people never touched)."""
        wanted = [pid for pid in dict.fromkeys(pids) if pid not in self._strengths]
        touched = [pid for pid in wanted if pid in self.scores]
        holders: dict[int, list[tuple[str, float, date]]] = {pid: [] for pid in wanted}
        recent: dict[int, int] = {}
        if touched:
            decay, params = decay_to(self._today), {
                "contacts": touched, "team": self._team, "since": self._since,
                "recent": self._today - timedelta(days=RECENT_DAYS - 1)}
            for contact_id, user_id, weight, last, count in driver_rows(self._session.connection(), _NAMED, params):
                if user_id is None:
                    recent[contact_id] = count
                else:
                    holders[contact_id].append((user_id, max(0.0, weight) * decay, stored_day(last)))
        for pid in wanted:
            self._strengths[pid] = strength_from_totals(
                self.scores.get(pid, 0.0), recent.get(pid, 0), self._last.get(pid), holders[pid], today=self._today)


def account_relationships(session: Session, *, team_id: str, account_id: int, today: date,
                          horizon_days: int = HORIZON_DAYS) -> tuple[list[Person], StoredRelationships]:
    """Every contact of an account (active and departed), and our relationships with them (touches within the
    horizon count), in one query."""
    since = today - timedelta(days=horizon_days)
    rows = people_rows(session, team_id=team_id, account_id=account_id)
    return [person_of(row) for row in rows], StoredRelationships(session, team_id=team_id, since=since,
                                                                  today=today, rows=rows)
