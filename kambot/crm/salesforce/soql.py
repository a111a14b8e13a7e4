"""SOQL for the sync: literals quoted the SOQL way, cursors as datetime literals, ids in batches."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

ID_BATCH = 200  # ids per `IN (...)`: far under SOQL's 100,000-character statement limit


def quote(value: str) -> str:
    """A SOQL string literal ('O\\'Brien')."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def id_list(ids: Iterable[str]) -> str:
    """('001A', '001B') for an IN clause."""
    return "(" + ", ".join(quote(i) for i in ids) + ")"


def since_literal(modstamp: str) -> str:
    """A cursor (a SystemModstamp as Salesforce wrote it) as a SOQL datetime literal, to the second.

    Dropping the milliseconds makes `>` re-read the records of the cursor's own second: harmless, since every
    write of the sync is an upsert, and never a record missed.
    """
    return modstamp[:19] + "Z"


def changed_since(since: str | None) -> str:
    """The WHERE part (with its leading keyword) that reads what changed after a cursor, or everything."""
    return f" WHERE SystemModstamp > {since_literal(since)}" if since else ""


def day(value: date) -> str:
    """A SOQL date literal."""
    return value.isoformat()


def batches(ids: list[str], size: int = ID_BATCH) -> Iterator[list[str]]:
    """Ids in batches for IN clauses."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
