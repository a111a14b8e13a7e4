"""SOQL date literals (TODAY, LAST_N_DAYS:n...): a range of days, compared the way Salesforce compares them.

Salesforce reads them in the running user's time zone; the fake's user lives in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from kambot.testing.fake_salesforce.soql_lexer import SoqlError

WITH_N = {"LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO"}
LITERALS = {"TODAY", "YESTERDAY", "TOMORROW", *WITH_N}


def day_range(name: str, n: int | None, today: date) -> tuple[date, date]:
    """The days a literal covers, as [first, after) — LAST_N_DAYS:n includes today, NEXT_N_DAYS:n starts tomorrow."""
    day = timedelta(days=1)
    if name == "TODAY":
        return today, today + day
    if name == "YESTERDAY":
        return today - day, today
    if name == "TOMORROW":
        return today + day, today + 2 * day
    assert n is not None
    if name == "LAST_N_DAYS":
        return today - n * day, today + day
    if name == "NEXT_N_DAYS":
        return today + day, today + (n + 1) * day
    return today - n * day, today - (n - 1) * day  # N_DAYS_AGO


def range_test(field_type: str, op: str, first: date, after: date) -> Callable[[object], bool]:
    """Whether a stored date or datetime value stands in the given relation to the range."""
    if field_type == "date":
        lo, hi = first.isoformat(), after.isoformat()
    elif field_type == "datetime":
        lo, hi = f"{first.isoformat()}T00:00:00.000+0000", f"{after.isoformat()}T00:00:00.000+0000"
    else:
        raise SoqlError("INVALID_FIELD", "date literals compare only with date and datetime fields")
    tests = {"=": lambda v: v is not None and lo <= v < hi, "!=": lambda v: v is None or not lo <= v < hi,
             "<": lambda v: v is not None and v < lo, "<=": lambda v: v is not None and v < hi,
             ">": lambda v: v is not None and v >= hi, ">=": lambda v: v is not None and v >= lo}
    return tests[op]
