"""Reading an org: SOQL pages through query/queryAll, or Bulk API 2.0 for a first load of a large org."""
from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

from kambot.crm.salesforce.calls import Connection

BULK_PAGE = 50_000  # records per Bulk API 2.0 results page
# simple-salesforce sleeps `wait` seconds before it first asks whether a job is done (5 by default), then
# polls every wait + e^n ms up to 2 s: a job of an org our size is done in seconds, so ask after one.
BULK_WAIT = 1


def _strip(record: dict) -> dict:
    """A REST record without its attributes, relationship fields flattened ('Opportunity.AccountId')."""
    flat = {}
    for key, value in record.items():
        if key == "attributes":
            continue
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items() if k != "attributes"})
        else:
            flat[key] = value
    return flat


def rest_pages(conn: Connection, soql: str, *, include_deleted: bool) -> Iterator[list[dict]]:
    """Every page of a SOQL query, following nextRecordsUrl until done."""
    result = conn.call(lambda sf: sf.query(soql, include_deleted=include_deleted, timeout=conn.timeout))
    yield [_strip(r) for r in result.get("records", [])]
    while not result.get("done", True):
        url = result["nextRecordsUrl"]
        result = conn.call(lambda sf: sf.query_more(url, identifier_is_url=True, include_deleted=include_deleted,
                                                    timeout=conn.timeout))
        yield [_strip(r) for r in result.get("records", [])]


def _rows(page: str) -> list[dict]:
    """A Bulk CSV page as rows; empty fields read as None."""
    rows = csv.reader(io.StringIO(page))
    header = next(rows, None) or []
    return [{k: (v if v != "" else None) for k, v in zip(header, row)} for row in rows if row]


def bulk_pages(conn: Connection, sobject: str, soql: str) -> Iterator[list[dict]]:
    """Every page of a Bulk API 2.0 query job, as rows of text (empty fields read as None).

    The next page is downloaded and parsed on a thread of its own while the caller writes this one (the
    socket read and the database both let go of the GIL): at most two pages are held at once.
    """
    pages = conn.call(lambda sf: getattr(sf.bulk2, sobject).query(soql, max_records=BULK_PAGE, wait=BULK_WAIT))

    def fetch() -> list[dict] | None:
        try:
            return _rows(conn.call(lambda _sf: next(pages)))
        except StopIteration:
            return None

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-page") as pool:
        ahead = pool.submit(fetch)
        while (page := ahead.result()) is not None:
            ahead = pool.submit(fetch)
            yield page


def count(conn: Connection, sobject: str, where: str) -> int:
    """SELECT COUNT() of an object."""
    return int(conn.call(lambda sf: sf.query(f"SELECT COUNT() FROM {sobject}{where}"))["totalSize"])
