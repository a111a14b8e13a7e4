"""What a date phrase means before we know which way to read it, and the day it comes to from today."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Shift:
    """So many days and months from today: "yesterday", "in 2 weeks"."""

    days: int = 0
    months: int = 0


@dataclass(frozen=True)
class Weekday:
    """A named weekday, and which side of today it lies on."""

    weekday: int
    direction: int  # -1 before today, +1 after today, 0 as the caller prefers


@dataclass(frozen=True)
class Weekend:
    """A weekend, read as its Saturday: the last one, the coming one, or as the caller prefers (0)."""

    direction: int


@dataclass(frozen=True)
class MonthDay:
    """A day of a named month, with or without a year."""

    month: int
    day: int | None  # None = last day of the month
    year: int | None


@dataclass(frozen=True)
class DayOfMonth:
    """A bare day number: "by the 15th"."""

    day: int


MONTH_END, WEEK_END, IMPOSSIBLE, NOISE = "month_end", "week_end", "impossible", "noise"
# The most days each month can have in any year (index 1 = January): "Feb 29" is a date, "Feb 30" not.
MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
NEAR_FUTURE_DAYS = 45


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add(today: date, shift: Shift) -> date:
    day = today
    if shift.months:
        year, month0 = divmod(today.year * 12 + today.month - 1 + shift.months, 12)
        day = date(year, month0 + 1, min(today.day, _days_in(year, month0 + 1)))
    return day + timedelta(days=shift.days)


def _month_day(md: MonthDay, today: date, past: bool) -> tuple[date | None, str | None]:
    if not 1 <= md.month <= 12 or (md.day is not None and not 1 <= md.day <= 31):
        return None, "impossible"
    if md.year is not None:
        try:
            return date(md.year, md.month, md.day or _days_in(md.year, md.month)), None
        except ValueError:
            return None, "impossible"
    if md.day is not None and md.day > MAX_DAY[md.month]:
        return None, "impossible"
    # Yearless: the most recent such day not after today (past) or the coming one (future);
    # "Feb 29" may have to walk a few years to find a leap year. Read backwards, a day coming up within
    # NEAR_FUTURE_DAYS is that day, not last year's: "call on Dec 1" typed on Nov 27 is a slip (or a next
    # step) to point out, not a touch to file eleven months back.
    if past and md.day is not None:
        for year in (today.year, today.year + 1):  # "Jan 3" typed on Dec 20 is coming up next year
            if md.day <= _days_in(year, md.month):
                coming = date(year, md.month, md.day)
                if today < coming <= today + timedelta(days=NEAR_FUTURE_DAYS):
                    return coming, None  # the caller refuses it as a future date
    year = today.year
    for _ in range(9):
        last = _days_in(year, md.month)
        if (md.day or last) <= last:
            candidate = date(year, md.month, md.day or last)
            if (candidate <= today) if past else (candidate >= today):
                return candidate, None
        year += -1 if past else 1
    return None, "impossible"


def _day_of_month(day: int, today: date, past: bool) -> date:
    year, month = today.year, today.month
    while True:  # ends within 13 steps: every day 1..31 exists in some month of any year
        if day <= _days_in(year, month):
            candidate = date(year, month, day)
            if (candidate <= today) if past else (candidate >= today):
                return candidate
        year, month0 = divmod(year * 12 + month - 1 + (-1 if past else 1), 12)
        month = month0 + 1


def resolve(meaning: object, today: date, past: bool) -> tuple[date | None, str | None]:
    """The day a meaning comes to, reading it backwards (past) or forwards; or why there is none."""
    if isinstance(meaning, Shift):
        return _add(today, meaning), None
    if isinstance(meaning, Weekday):
        direction = meaning.direction or (-1 if past else 1)
        if direction < 0:  # never today: "Thursday" said on a Thursday is last week's
            return today - timedelta(days=(today.weekday() - meaning.weekday) % 7 or 7), None
        return today + timedelta(days=(meaning.weekday - today.weekday()) % 7 or 7), None
    if isinstance(meaning, Weekend):
        if (meaning.direction or (-1 if past else 1)) < 0:  # the Saturday just gone, today if it is Saturday
            return today - timedelta(days=(today.weekday() - 5) % 7), None
        return today + timedelta(days=(5 - today.weekday()) % 7 or 7), None
    if isinstance(meaning, MonthDay):
        return _month_day(meaning, today, past)
    if isinstance(meaning, DayOfMonth):
        return _day_of_month(meaning.day, today, past), None
    if meaning == MONTH_END:
        return today.replace(day=_days_in(today.year, today.month)), None
    if meaning == WEEK_END:  # the coming Friday, today if it is Friday
        return today + timedelta(days=(4 - today.weekday()) % 7), None
    return None, "impossible"
