"""Rows straight from the database driver, for the hot read paths that skip SQLAlchemy's Row objects."""
from __future__ import annotations

from datetime import date
from functools import lru_cache


def driver_rows(conn, statement, params: dict) -> list[tuple]:
    """All rows as plain driver tuples (ints and strings need no conversion; dates go through stored_day)."""
    # Skipping SQLAlchemy's Row objects saves ~15% of a `who` on a 5,000-touch account (bench/bench_who.py).
    result = conn.execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


@lru_cache(maxsize=4096)
def _parse_day(text: str) -> date:
    return date.fromisoformat(text)


def stored_day(value) -> date:
    """A date column's value: PostgreSQL drivers give dates, SQLite gives ISO text."""
    return _parse_day(value) if value.__class__ is str else value
