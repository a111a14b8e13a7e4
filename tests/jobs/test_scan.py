"""The reminder scan: a constant number of queries, and the same answer as the domain on full states."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import event

from kambot.core.account_states import load_account_states
from kambot.domain.reminders import due_reminders
from kambot.jobs.reminders import scan
from kambot.storage.db import session_scope
from kambot.storage.models import Account, ReminderLog, Snooze, Touchpoint
from tests.support.factories import make_account

TODAY = date(2026, 11, 27)


def _workspace(engine, accounts: int, prefix: str = "Account") -> None:
    rng = random.Random(5)
    ids = []
    for n in range(accounts):
        days = [TODAY - timedelta(days=rng.randrange(90)) for _ in range(rng.randrange(3))]
        ids.append(make_account(engine, f"{prefix} {n}", owner=f"U{n % 4}", tier="ABC "[n % 4].strip() or None,
                           touched=days, cadence_days=rng.choice([None, None, 0, 5, 90])).id)
    with session_scope(engine) as session:
        for n, account_id in enumerate(ids):
            if n % 5 == 0:
                session.add(Snooze(team_id="T1", account_id=account_id, until=TODAY + timedelta(days=n % 3 - 1)))
            if n % 3 == 0:
                session.add(ReminderLog(team_id="T1", account_id=account_id, owner=f"U{n % 4}",
                                        reminded_on=TODAY - timedelta(days=n % 12)))


def _scan_and_domain(engine, days: dict) -> tuple[dict, dict]:
    """What the SQL scan finds for owners on their days, and what the domain says over every account."""
    with session_scope(engine) as session:
        found = scan(session, team_id="T1", days=days)
        states = load_account_states(session, team_id="T1")
    expected = {}
    for owner, day in days.items():
        expected.update(due_reminders([s for s in states if s.owner == owner], today=day))
    return found, expected


def test_scan_agrees_with_the_domain_on_full_states(engine):
    _workspace(engine, 60)
    days = {"U0": TODAY, "U1": TODAY, "U2": TODAY + timedelta(days=1), "U3": TODAY - timedelta(days=1)}
    found, expected = _scan_and_domain(engine, days)
    assert found == expected and sum(len(v) for v in found.values()) > 10


def test_one_owner_only(engine):
    _workspace(engine, 20)
    with session_scope(engine) as session:
        found = scan(session, team_id="T1", days={"U1": TODAY})
    assert set(found) == {"U1"}


def test_the_scan_costs_the_same_queries_whatever_the_number_of_accounts(engine):
    counts = []
    for size in (10, 30):
        _workspace(engine, size, prefix=f"Batch {size}")
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        with session_scope(engine) as session:
            scan(session, team_id="T1", days={f"U{n}": TODAY for n in range(4)})
        event.remove(engine, "before_cursor_execute", listener)
        counts.append(len(statements))
        assert sum("FROM touchpoint" in s for s in statements) == 1  # one statement decides, in the database
    assert counts[0] == counts[1] <= 2  # on PostgreSQL a SET LOCAL comes first


def test_the_database_filter_agrees_with_the_domain_at_every_boundary(engine):
    # Owners a day apart (the SQL decides at the latest day, Python per owner), and every edge of the
    # rules: cadence exactly reached or passed, odd tiers and overrides, a touch dated tomorrow,
    # snoozes ending on either day, reminders at the edge of the quiet week, answered or not.
    touched = [None, 1, 2, 13, 14, 15, 16, 29, 30, 31, 59, 60, 61, -2]
    tiers = ["A", "a", "B", "c", "x", " "]
    overrides = [None, 0, -3, 1, 15]
    quiet = [(None, None), (0, None), (1, None), (-1, None), (None, 6), (None, 7), (None, 0), (None, 2), (3, 5)]
    n = 0
    with session_scope(engine) as session:
        for ago in touched:
            for tier in tiers:
                for override in overrides:
                    n += 1
                    acc = Account(team_id="T1", name=f"Edge {n}", name_norm=f"edge {n}", owner=f"U{n % 2}",
                                  tier=tier, cadence_days=override)
                    session.add(acc)
                    session.flush()
                    if ago is not None:
                        session.add(Touchpoint(team_id="T1", account_id=acc.id, kind="call",
                                               occurred_on=TODAY - timedelta(days=ago)))
                    snoozed, reminded = quiet[n % len(quiet)]
                    if snoozed is not None:
                        session.add(Snooze(team_id="T1", account_id=acc.id, until=TODAY + timedelta(days=snoozed)))
                    if reminded is not None:
                        session.add(ReminderLog(team_id="T1", account_id=acc.id, owner=f"U{n % 2}",
                                                reminded_on=TODAY - timedelta(days=reminded)))
    days = {"U0": TODAY, "U1": TODAY + timedelta(days=1)}
    found, expected = _scan_and_domain(engine, days)
    assert found == expected and 100 < sum(len(v) for v in found.values()) < n
