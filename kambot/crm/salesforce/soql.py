"""SOQL for the sync: literals quoted the SOQL way, cursors as datetime literals, ids in batches."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, Iterator

ID_BATCH = 200  # ids per `IN (...)`: far under SOQL's 100,000-character statement limit


def quote(value: str) -> str:
    """A SOQL string literal ('O\\'Brien')."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def id_list(ids: Iterable[str]) -> str:
    """('001A', '001B') for an IN clause."""
    return "(" + ", ".join(quote(i) for i in ids) + ")"


# Read again what changed in the minute before the cursor: SystemModstamp has whole seconds, and a record
# saved in the cursor's own second (or committed a little after its stamp) must not be missed. Every write of
# the sync is an upsert, so reading a record twice changes nothing.
OVERLAP = timedelta(minutes=1)


def since_literal(modstamp: str) -> str:
    """A cursor (a SystemModstamp as Salesforce wrote it) less the overlap, as a SOQL datetime literal."""
    moment = datetime.strptime(modstamp[:19], "%Y-%m-%dT%H:%M:%S") - OVERLAP
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def changed_since(since: str | None) -> str:
    """The WHERE part (with its leading keyword) that reads what changed since a cursor, or everything."""
    return f" WHERE SystemModstamp >= {since_literal(since)}" if since else ""


def day(value: date) -> str:
    """A SOQL date literal."""
    return value.isoformat()


def batches(ids: list[str], size: int = ID_BATCH) -> Iterator[list[str]]:
    """Ids in batches for IN clauses."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
