"""Import CSV files: check every row, then upsert in bulk inside the caller's transaction."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from kambot.storage.bulk import CHUNK
from kambot.importexport.csv_reading import BrokenCsv, read_csv
from kambot.importexport.headers import map_headers
from kambot.importexport.import_accounts import AccountWriter
from kambot.importexport.import_contacts import ContactWriter
from kambot.importexport.import_plans import PlanWriter
from kambot.importexport.import_touchpoints import TouchpointWriter
from kambot.importexport.owners import DirectoryError, Owners, UserDirectory
from kambot.importexport.progress import Progress
from kambot.importexport.result import ImportResult, Problem
from kambot.importexport.rows import to_record
from kambot.storage.accounts import ensure_team
from kambot.storage.db import session_scope

__all__ = ["CHUNK", "BrokenCsv", "DirectoryError", "ImportResult", "Problem", "Progress", "UserDirectory",
           "import_csv", "import_into", "read_csv"]

_WRITERS = {"accounts": AccountWriter, "contacts": ContactWriter, "touchpoints": TouchpointWriter,
            "plans": PlanWriter}


def import_csv(engine: Engine, kind: str, text: str, *, team: str, skip_invalid: bool = False,
               progress: Progress | None = None, directory: UserDirectory | None = None,
               strict: bool = False) -> ImportResult:
    """Import in one transaction: committed, or (with problems and not skip_invalid, or refused) nothing written.

    Owners are matched to Slack users through `directory` (None: only Slack ids are kept); with
    `strict`, an owner that matches nobody refuses the whole file. Raises DirectoryError when Slack
    cannot be asked (nothing is written then either).
    """
    with session_scope(engine) as session:
        result = import_into(session, kind, text, team=team, skip_invalid=skip_invalid, progress=progress,
                             directory=directory, strict=strict)
        if result.refused or (result.problems and not (skip_invalid and result.readable)):
            session.rollback()
    return result


def import_into(session: Session, kind: str, text: str, *, team: str, skip_invalid: bool = False,
                progress: Progress | None = None, directory: UserDirectory | None = None,
                strict: bool = False) -> ImportResult:
    """Import CSV text into the session's transaction; the caller rolls back if problems must reject it."""
    result = ImportResult(kind, strict=strict)
    owners = Owners(directory)
    try:
        with _sqlite_cache(session.connection()):
            return _import(session, kind, text, result, owners, team=team, skip_invalid=skip_invalid,
                           progress=progress)
    except BrokenCsv as exc:
        result.readable = False
        result.problems.append(Problem(exc.line, str(exc)))
        result.problems.sort()
        return result


def _import(session: Session, kind: str, text: str, result: ImportResult, owners: Owners, *, team: str,
            skip_invalid: bool, progress: Progress | None) -> ImportResult:
    """import_into's work, once the page cache is set up."""
    records = read_csv(text)
    first = next(records, None)
    headers, problems = map_headers(kind, first[1]) if first else (None, ["the file is empty (expected a header line)"])
    if problems:
        result.readable = False
        result.problems.extend(Problem(first[0] if first else 1, p) for p in problems)
        return result
    result.ignored_columns = headers.ignored
    ensure_team(session, team_id=team)
    writer = _WRITERS[kind](session.connection(), team, result)
    with _collector_paused():
        chunk: list[tuple[int, dict]] = []
        for line, cells in records:
            record, problems = to_record(kind, headers.pick(cells))
            if len(cells) > headers.width and any(c.strip() for c in cells[headers.width:]):
                problems.append(f"{len(cells)} values but {headers.width} columns in the header (a missing quote?)")
            if problems:
                result.problems.extend(Problem(line, p) for p in problems)
            else:
                owners.apply(kind, record)
                chunk.append((line, record))
            result.rows += 1
            if len(chunk) == CHUNK:
                writer.add(chunk, write=_writing(result, owners, skip_invalid))
                writer.refresh_statistics()
                chunk = []
                if progress is not None:
                    progress.update(result.rows)
        if chunk:
            writer.add(chunk, write=_writing(result, owners, skip_invalid))
        writer.finish(write=_writing(result, owners, skip_invalid), cascade=skip_invalid)
    result.problems.sort()
    result.unmatched, result.ambiguous = dict(owners.unmatched), dict(owners.ambiguous)
    result.directory = owners.directory is not None
    return result


def _writing(result: ImportResult, owners: Owners, skip_invalid: bool) -> bool:
    """Whether rows are still written: not once a problem rejects the file, or --strict meets an unknown owner."""
    return (skip_invalid or not result.problems) and not (result.strict and owners.unmatched)


# SQLite's default 2 MB page cache cannot hold the indexes a big import writes all over, so it
# spills dirty pages to the WAL and reads them back again and again (a sixth of the time at 200,000
# touchpoints). Up to 128 MB for the import, allocated only as pages are used, then back as it was.
@contextmanager
def _sqlite_cache(conn: Connection) -> Iterator[None]:
    """Give this SQLite connection a large page cache for the block."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -131072")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


# An import makes hundreds of thousands of small objects that all live until it ends; the cyclic
# garbage collector rescanned them again and again, finding nothing, for a quarter of the time.
@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
