"""The reminder scan: a constant number of queries, and the same answer as the domain on full states."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import event

from kambot.core.account_states import load_account_states
from kambot.domain.reminders import due_reminders
from kambot.jobs.reminders import scan
from kambot.storage.db import session_scope
from kambot.storage.models import ReminderLog, Snooze
from tests.jobs.helpers import account

TODAY = date(2026, 11, 27)


def _workspace(engine, accounts: int, prefix: str = "Account") -> None:
    rng = random.Random(5)
    ids = []
    for n in range(accounts):
        days = [TODAY - timedelta(days=rng.randrange(90)) for _ in range(rng.randrange(3))]
        ids.append(account(engine, f"{prefix} {n}", owner=f"U{n % 4}", tier="ABC "[n % 4].strip() or None,
                           touched=days, cadence_days=rng.choice([None, None, 0, 5, 90])))
    with session_scope(engine) as session:
        for n, account_id in enumerate(ids):
            if n % 5 == 0:
                session.add(Snooze(team_id="T1", account_id=account_id, until=TODAY + timedelta(days=n % 3 - 1)))
            if n % 3 == 0:
                session.add(ReminderLog(team_id="T1", account_id=account_id, owner=f"U{n % 4}",
                                        reminded_on=TODAY - timedelta(days=n % 12)))


def test_scan_agrees_with_the_domain_on_full_states(engine):
    _workspace(engine, 60)
    days = {"U0": TODAY, "U1": TODAY, "U2": TODAY + timedelta(days=1), "U3": TODAY - timedelta(days=1)}
    with session_scope(engine) as session:
        found = scan(session, team_id="T1", days=days)
        states = load_account_states(session, team_id="T1")
    expected = {}
    for owner, day in days.items():
        expected.update(due_reminders([s for s in states if s.owner == owner], today=day))
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
        assert sum("GROUP BY touchpoint.account_id" in s for s in statements) == 1
    assert counts[0] == counts[1] <= 5
