"""Delivery timing on each recipient's wall clock, across time zones, weekends and DST."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from kambot.domain.schedule import digest_due, next_run, reminder_due, wall_to_instant

TOKYO = ZoneInfo("Asia/Tokyo")  # UTC+9, no DST
LA = ZoneInfo("America/Los_Angeles")  # PST UTC-8 / PDT UTC-7


def utc(*args) -> datetime:
    """An aware UTC instant."""
    return datetime(*args, tzinfo=timezone.utc)


# --- reminders -------------------------------------------------------------------------------

def test_tokyo_due_at_its_own_nine():
    # Friday 2026-11-27 09:00 JST == 2026-11-27 00:00 UTC.
    assert reminder_due(utc(2026, 11, 26, 23, 59), TOKYO) is None
    assert reminder_due(utc(2026, 11, 27, 0, 0), TOKYO) == "2026-11-27"


def test_los_angeles_due_at_its_own_nine():
    # Friday 2026-11-27 09:00 PST == 2026-11-27 17:00 UTC.
    assert reminder_due(utc(2026, 11, 27, 16, 59), LA) is None
    assert reminder_due(utc(2026, 11, 27, 17, 0), LA) == "2026-11-27"


def test_the_same_instant_is_a_different_local_day():
    # 00:00 UTC Friday: Tokyo's Friday starts its reminder; LA is still on Thursday 16:00.
    assert reminder_due(utc(2026, 11, 27, 0, 0), TOKYO) == "2026-11-27"
    assert reminder_due(utc(2026, 11, 27, 0, 0), LA) == "2026-11-26"


@pytest.mark.parametrize("instant,tz", [
    (utc(2026, 11, 28, 0, 0), TOKYO),  # Saturday 09:00 JST
    (utc(2026, 11, 29, 3, 0), TOKYO),  # Sunday 12:00 JST
    (utc(2026, 11, 28, 17, 0), LA),  # Saturday 09:00 PST
    (utc(2026, 11, 29, 20, 0), LA),  # Sunday 12:00 PST
])
def test_no_reminders_on_weekends(instant, tz):
    assert reminder_due(instant, tz) is None


def test_weekday_is_the_local_one():
    # Saturday in UTC, still Friday 17:00 in LA; Sunday 15:30 UTC is Monday 00:30 in Tokyo (too early).
    assert reminder_due(utc(2026, 11, 28, 1, 0), LA) == "2026-11-27"
    assert reminder_due(utc(2026, 11, 29, 15, 30), TOKYO) is None
    assert reminder_due(utc(2026, 11, 30, 0, 0), TOKYO) == "2026-11-30"


def test_late_delivery_same_day_yes_next_day_no():
    # Friday 23:59 PST still delivers Friday's; at Saturday 00:00 it is gone.
    assert reminder_due(utc(2026, 11, 28, 7, 59), LA) == "2026-11-27"
    assert reminder_due(utc(2026, 11, 28, 8, 0), LA) is None
    # Thursday's missed reminder is never sent on Friday morning (before Friday's 9:00).
    assert reminder_due(utc(2026, 11, 27, 16, 0), LA) is None
    # Tokyo: Wednesday 23:59 JST yes, Thursday 00:00 JST no.
    assert reminder_due(utc(2026, 11, 25, 14, 59), TOKYO) == "2026-11-25"
    assert reminder_due(utc(2026, 11, 25, 15, 0), TOKYO) is None


def test_spring_forward_weekdays_around_2026_03_08():
    # Friday before: 09:00 PST == 17:00 UTC.
    assert reminder_due(utc(2026, 3, 6, 16, 59), LA) is None
    assert reminder_due(utc(2026, 3, 6, 17, 0), LA) == "2026-03-06"
    # Monday after: 09:00 PDT == 16:00 UTC (a fixed -8 offset would wait until 17:00).
    assert reminder_due(utc(2026, 3, 9, 15, 59), LA) is None
    assert reminder_due(utc(2026, 3, 9, 16, 0), LA) == "2026-03-09"
    # Tokyo's 9:00 does not move: 00:00 UTC on both sides.
    assert reminder_due(utc(2026, 3, 6, 0, 0), TOKYO) == "2026-03-06"
    assert reminder_due(utc(2026, 3, 9, 0, 0), TOKYO) == "2026-03-09"


def test_fall_back_weekdays_around_2026_11_01():
    # Friday before: 09:00 PDT == 16:00 UTC; Monday after: 09:00 PST == 17:00 UTC.
    assert reminder_due(utc(2026, 10, 30, 16, 0), LA) == "2026-10-30"
    assert reminder_due(utc(2026, 11, 2, 16, 30), LA) is None  # 08:30 PST
    assert reminder_due(utc(2026, 11, 2, 17, 0), LA) == "2026-11-02"


def test_dst_change_days_are_sundays_so_no_reminders():
    assert reminder_due(utc(2026, 3, 8, 18, 0), LA) is None
    assert reminder_due(utc(2026, 11, 1, 18, 0), LA) is None


def test_custom_hour():
    assert reminder_due(utc(2026, 11, 27, 15, 59), LA, hour=8) is None
    assert reminder_due(utc(2026, 11, 27, 16, 0), LA, hour=8) == "2026-11-27"


def test_naive_now_and_bad_hour_are_rejected():
    with pytest.raises(ValueError):
        reminder_due(datetime(2026, 11, 27, 9), LA)
    with pytest.raises(ValueError):
        reminder_due(utc(2026, 11, 27, 9), LA, hour=24)


# --- digests ---------------------------------------------------------------------------------

def test_digest_due_from_monday_nine_through_the_iso_week():
    # Tokyo Monday 2026-11-23 09:00 JST == 2026-11-23 00:00 UTC; ISO week 48.
    assert digest_due(utc(2026, 11, 22, 23, 59), TOKYO) is None  # Monday 08:59
    assert digest_due(utc(2026, 11, 23, 0, 0), TOKYO) == "2026-W48"
    assert digest_due(utc(2026, 11, 27, 12, 0), TOKYO) == "2026-W48"  # late, same week
    assert digest_due(utc(2026, 11, 29, 14, 59), TOKYO) == "2026-W48"  # Sunday 23:59 JST
    # Monday 00:00 of the next week: last week's is over and this week's is not due yet.
    assert digest_due(utc(2026, 11, 29, 15, 0), TOKYO) is None


def test_digest_on_another_weekday_and_hour():
    # Friday 17:00 PST == Saturday 01:00 UTC.
    assert digest_due(utc(2026, 11, 28, 0, 59), LA, weekday=4, hour=17) is None
    assert digest_due(utc(2026, 11, 28, 1, 0), LA, weekday=4, hour=17) == "2026-W48"
    assert digest_due(utc(2026, 11, 29, 20, 0), LA, weekday=4, hour=17) == "2026-W48"  # Sunday
    assert digest_due(utc(2026, 11, 30, 20, 0), LA, weekday=4, hour=17) is None  # next Monday


def test_digest_iso_year_boundary():
    # Sunday 2027-01-03 belongs to ISO week 2026-W53; Monday 2027-01-04 starts 2027-W01.
    assert digest_due(utc(2027, 1, 3, 12, 0), TOKYO) == "2026-W53"
    assert digest_due(utc(2027, 1, 4, 0, 0), TOKYO) == "2027-W01"


def test_digest_on_spring_forward_day():
    # Sunday 2026-03-08: 09:00 PDT == 16:00 UTC (PST would have made 16:30 UTC only 08:30).
    assert digest_due(utc(2026, 3, 8, 15, 59), LA, weekday=6) is None
    assert digest_due(utc(2026, 3, 8, 16, 30), LA, weekday=6) == "2026-W10"
    # 02:00 does not exist that day: due when the clock jumps to 03:00 PDT (10:00 UTC).
    assert digest_due(utc(2026, 3, 8, 9, 59, 59), LA, weekday=6, hour=2) is None
    assert digest_due(utc(2026, 3, 8, 10, 0), LA, weekday=6, hour=2) == "2026-W10"


def test_digest_on_fall_back_day():
    # Sunday 2026-11-01: 09:00 PST == 17:00 UTC (PDT would have made 16:30 UTC already 09:30).
    assert digest_due(utc(2026, 11, 1, 16, 30), LA, weekday=6) is None
    assert digest_due(utc(2026, 11, 1, 17, 0), LA, weekday=6) == "2026-W44"
    # 01:00 happens twice; the first one (PDT, 08:00 UTC) already counts.
    assert digest_due(utc(2026, 11, 1, 8, 0), LA, weekday=6, hour=1) == "2026-W44"


def test_digest_rejects_bad_weekday():
    with pytest.raises(ValueError):
        digest_due(utc(2026, 11, 27, 9), LA, weekday=7)


# --- next run --------------------------------------------------------------------------------

def test_next_reminder_later_today_or_next_weekday():
    assert next_run(utc(2026, 11, 27, 16, 0), LA) == utc(2026, 11, 27, 17, 0)  # Fri 08:00 PST
    nxt = next_run(utc(2026, 11, 27, 17, 0), LA)  # exactly 09:00: the next one is Monday
    assert nxt == utc(2026, 11, 30, 17, 0)
    assert nxt.tzinfo == LA and (nxt.hour, nxt.weekday()) == (9, 0)


def test_next_run_across_spring_forward():
    # From Friday 2026-03-06 10:00 PST to Monday 09:00 PDT == 16:00 UTC.
    assert next_run(utc(2026, 3, 6, 18, 0), LA) == utc(2026, 3, 9, 16, 0)
    assert next_run(utc(2026, 3, 6, 18, 0), TOKYO) == utc(2026, 3, 9, 0, 0)  # Tokyo: Monday 09:00 JST


def test_next_digest_run():
    assert next_run(utc(2026, 11, 23, 0, 0), TOKYO, weekdays={0}) == utc(2026, 11, 30, 0, 0)
    assert next_run(utc(2026, 10, 31, 12, 0), LA, weekdays={6}) == utc(2026, 11, 1, 17, 0)


def test_wall_to_instant_resolves_gaps_and_repeats():
    assert wall_to_instant(date(2026, 3, 8), time(2, 30), LA) == utc(2026, 3, 8, 10, 0)  # jump to 03:00
    assert wall_to_instant(date(2026, 3, 8), time(9), LA) == utc(2026, 3, 8, 16, 0)
    assert wall_to_instant(date(2026, 11, 1), time(1, 30), LA) == utc(2026, 11, 1, 8, 30)  # first 01:30
    assert wall_to_instant(date(2026, 11, 1), time(9), LA) == utc(2026, 11, 1, 17, 0)


def test_next_run_rejects_empty_weekdays():
    with pytest.raises(ValueError):
        next_run(utc(2026, 11, 27, 9), LA, weekdays=set())
