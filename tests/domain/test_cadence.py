"""Cadence by tier, overrides and staleness boundaries."""
from datetime import date, timedelta

import pytest

from kambot.domain.cadence import (
    AccountState, cadence_for, days_since, first_stale_day, is_stale, overdue_days, stale_accounts,
)

TODAY = date(2026, 11, 27)


def state(id=1, name="Acme", tier="A", days=None, **kw) -> AccountState:
    """An account last touched `days` ago (None: never)."""
    last = None if days is None else TODAY - timedelta(days=days)
    return AccountState(id=id, name=name, owner="U1", tier=tier, last_touch_on=last, **kw)


def test_default_cadence_by_tier():
    assert (cadence_for("A"), cadence_for("B"), cadence_for("C")) == (14, 30, 60)


def test_untiered_and_lowercase_tiers():
    assert cadence_for(None) == 60
    assert cadence_for(" a ") == 14


def test_override_wins_and_nonpositive_override_is_ignored():
    assert cadence_for("A", 45) == 45
    assert cadence_for("C", 7) == 7
    assert cadence_for("A", 0) == 14
    assert cadence_for("B", -3) == 30


@pytest.mark.parametrize("tier,days,stale", [
    ("A", 14, False), ("A", 15, True),
    ("B", 30, False), ("B", 31, True),
    ("C", 60, False), ("C", 61, True),
    ("A", 0, False),
])
def test_stale_only_after_exceeding_cadence(tier, days, stale):
    assert is_stale(state(tier=tier, days=days), TODAY) is stale


def test_never_touched_is_stale_and_most_overdue():
    never = state(days=None)
    assert is_stale(never, TODAY)
    assert overdue_days(never, TODAY) is None


def test_override_changes_the_boundary():
    assert not is_stale(state(tier="A", days=45, cadence_days=45), TODAY)
    assert is_stale(state(tier="A", days=46, cadence_days=45), TODAY)
    assert is_stale(state(tier="C", days=8, cadence_days=7), TODAY)


def test_days_since():
    assert days_since(None, TODAY) is None
    assert days_since(date(2026, 11, 20), TODAY) == 7
    # A touch dated tomorrow (another time zone) counts as today, not as -1.
    assert days_since(date(2026, 11, 28), TODAY) == 0


def test_overdue_days_is_days_past_cadence():
    assert overdue_days(state(tier="A", days=20), TODAY) == 6
    assert overdue_days(state(tier="B", days=10), TODAY) == -20


def test_first_stale_day():
    assert first_stale_day(date(2026, 11, 1), 14) == date(2026, 11, 16)
    assert first_stale_day(None, 14) is None


def test_stale_accounts_sorted_most_overdue_first():
    states = [
        state(1, "Fresh", "A", days=3),
        state(2, "Bit late", "A", days=16),  # 2 over
        state(3, "Very late", "C", days=100),  # 40 over
        state(4, "Never", "B", days=None),
        state(5, "Also late", "B", days=32),  # 2 over, ties with "Bit late": name decides
    ]
    assert [s.id for s in stale_accounts(states, TODAY)] == [4, 3, 5, 2]
