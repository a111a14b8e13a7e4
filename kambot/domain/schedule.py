"""When reminders and digests are due, on each recipient's own wall clock."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REMINDER_WEEKDAYS = frozenset(range(5))  # Monday-Friday
REMINDER_HOUR = 9
DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 9


def _local(now_utc: datetime, tz: ZoneInfo) -> datetime:
    """The instant on the recipient's wall clock (a naive `now` would silently mean server time)."""
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware")
    return now_utc.astimezone(tz)


def _check_hour(hour: int) -> None:
    """Reject hours that no wall clock shows."""
    if not 0 <= hour <= 23:
        raise ValueError(f"hour must be 0-23, got {hour}")


def reminder_due(now_utc: datetime, tz: ZoneInfo, hour: int = REMINDER_HOUR) -> str | None:
    """The local day ('2026-11-27') whose reminder is due now, or None.

    Due from `hour`:00 local on a weekday until local midnight: a delivery missed during downtime
    still goes out later that day, never for a day that is already over. Comparing wall-clock
    readings makes DST transparent (a skipped hour is reached when the clock jumps past it).
    """
    _check_hour(hour)
    local = _local(now_utc, tz)
    if local.weekday() in REMINDER_WEEKDAYS and local.hour >= hour:
        return local.date().isoformat()
    return None


def digest_due(
    now_utc: datetime, tz: ZoneInfo, weekday: int = DIGEST_WEEKDAY, hour: int = DIGEST_HOUR
) -> str | None:
    """The ISO week ('2026-W48') whose digest is due now, or None.

    Due from `weekday` at `hour`:00 local until the end of that ISO week (Sunday midnight), so a
    late delivery still goes out within the week and never for a week that is over.
    """
    _check_hour(hour)
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) - 6 (Sunday), got {weekday}")
    local = _local(now_utc, tz)
    if (local.weekday(), local.hour) >= (weekday, hour):
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def wall_to_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The first UTC instant at which the clock in `tz` reads `day` `at` or later."""
    wall = datetime.combine(day, at)
    # fold=0 picks the first of two readings when clocks fall back (the earlier delivery).
    instant = wall.replace(tzinfo=tz, fold=0).astimezone(timezone.utc)
    if instant.astimezone(tz).replace(tzinfo=None) == wall:
        return instant
    # The wall time was skipped (spring forward): the clock first reads later than `wall` at the
    # jump itself, which lies between the two fold readings; find it to the second.
    low = int(wall.replace(tzinfo=tz, fold=1).timestamp())  # still reads before `wall`
    high = int(instant.timestamp())  # already reads after `wall`
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, timezone.utc)


def next_run(
    now_utc: datetime,
    tz: ZoneInfo,
    *,
    weekdays: Collection[int] = REMINDER_WEEKDAYS,
    hour: int = REMINDER_HOUR,
) -> datetime:
    """The next scheduled delivery strictly after now, in `tz` (for display).

    Reminders use the defaults; a weekly digest passes weekdays={its weekday}.
    """
    _check_hour(hour)
    if not weekdays or not set(weekdays) <= set(range(7)):
        raise ValueError(f"weekdays must be a non-empty subset of 0-6, got {weekdays!r}")
    today = _local(now_utc, tz).date()
    for offset in range(8):  # today's slot may have passed; the same weekday next week has not
        day = today + timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        instant = wall_to_instant(day, time(hour), tz)
        if instant > now_utc:
            return instant.astimezone(tz)
    raise AssertionError("unreachable: every weekday recurs within 8 days")


def zone_named(name: str | None, default: str = "UTC") -> ZoneInfo:
    """The time zone called `name` (a Slack profile's tz), else `default`, else UTC: a typo never fails."""
    for candidate in (name, default):
        try:
            if candidate:
                return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")
