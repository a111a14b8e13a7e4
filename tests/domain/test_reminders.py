"""Bundled reminders: staleness, snoozes, the quiet week and ordering."""
from datetime import date, timedelta

import pytest

from kambot.domain.cadence import AccountState
from kambot.domain.reminders import ReminderItem, due_reminders, snooze_until

TODAY = date(2026, 11, 27)


def ago(days: int | None) -> date | None:
    """The day `days` before TODAY."""
    return None if days is None else TODAY - timedelta(days=days)


def state(id=1, name="Acme", tier="A", days=20, owner="U1", reminded=None, **kw) -> AccountState:
    """An account last touched `days` ago and last reminded `reminded` days ago."""
    return AccountState(id=id, name=name, owner=owner, tier=tier, last_touch_on=ago(days),
                        last_reminded_on=ago(reminded), **kw)


def ids(result, owner="U1"):
    """Account ids reminded to one owner."""
    return [item.account_id for item in result.get(owner, [])]


def test_stale_account_becomes_an_item():
    result = due_reminders([state(days=20)], today=TODAY)
    assert result == {"U1": [ReminderItem(1, "Acme", "A", 20, 14)]}


def test_fresh_accounts_and_unowned_accounts_are_left_out():
    result = due_reminders([state(1, days=14), state(2, days=40, owner=None)], today=TODAY)
    assert result == {}


def test_never_touched_item_has_no_days():
    (item,) = due_reminders([state(days=None, tier="b")], today=TODAY)["U1"]
    assert (item.days_since_last_touch, item.tier, item.cadence_days) == (None, "B", 30)


@pytest.mark.parametrize("until_offset,quiet", [(0, True), (3, True), (-1, False)])
def test_snooze_is_quiet_through_its_last_day(until_offset, quiet):
    snoozed = state(snoozed_until=TODAY + timedelta(days=until_offset))
    assert (ids(due_reminders([snoozed], today=TODAY)) == []) is quiet


@pytest.mark.parametrize("reminded,quiet", [(0, True), (1, True), (6, True), (7, False), (30, False)])
def test_seven_day_quiet_period_after_a_reminder(reminded, quiet):
    result = due_reminders([state(days=40, reminded=reminded)], today=TODAY)
    assert (ids(result) == []) is quiet


def test_touched_after_reminder_then_stale_again_is_reminded():
    # Weekly-cadence override: reminded 5 days ago, touched 4 days ago, stale again today.
    again = state(days=4, reminded=5, cadence_days=3)
    assert ids(due_reminders([again], today=TODAY)) == [1]


def test_touch_on_the_reminder_day_counts_as_after_it():
    again = state(days=4, reminded=4, cadence_days=2)
    assert ids(due_reminders([again], today=TODAY)) == [1]


def test_not_touched_since_reminder_stays_quiet():
    unanswered = state(days=6, reminded=5, cadence_days=3)
    assert ids(due_reminders([unanswered], today=TODAY)) == []


def test_order_tier_first_then_most_overdue():
    states = [
        state(1, "C way over", tier="C", days=200),
        state(2, "A slightly", tier="A", days=15),
        state(3, "B never", tier="B", days=None),
        state(4, "A never", tier="A", days=None),
        state(5, "A more", tier="A", days=40),
        state(6, "No tier", tier=None, days=300),
    ]
    assert ids(due_reminders(states, today=TODAY)) == [4, 5, 2, 3, 1, 6]


def test_one_bundle_per_owner():
    states = [state(1, owner="U2"), state(2, owner="U1"), state(3, owner="U2", days=5)]
    result = due_reminders(states, today=TODAY)
    assert list(result) == ["U1", "U2"]
    assert ids(result, "U2") == [1]


def test_snooze_until_week_and_month():
    assert snooze_until(TODAY, "week") == date(2026, 12, 4)
    assert snooze_until(TODAY, "month") == date(2026, 12, 27)
    assert snooze_until(date(2026, 1, 31), "month") == date(2026, 2, 28)


def test_snooze_until_rejects_other_periods():
    with pytest.raises(ValueError):
        snooze_until(TODAY, "year")


def test_week_snooze_end_to_end():
    until = snooze_until(TODAY, "week")
    snoozed = state(days=40, snoozed_until=until)
    assert ids(due_reminders([snoozed], today=until)) == []
    assert ids(due_reminders([snoozed], today=until + timedelta(days=1))) == [1]
