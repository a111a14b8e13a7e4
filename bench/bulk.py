"""Bulk loading of a workspace plan: DBAPI executemany on SQLite (no journal while loading), COPY on PostgreSQL."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Iterable, Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from bench.workspace import Plan
from kambot.storage.contact_totals import recount

WITH_IDS = ("account", "accountname", "reminderlog", "contact", "touchpoint")
BATCH = 10_000  # rows per executemany on the plain path


def next_ids(engine: Engine) -> dict[str, int]:
    """The first free id of each table the plan numbers itself (so a plan can join a database with rows)."""
    with engine.connect() as conn:
        return {t: int(conn.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {t}").scalar()) + 1 for t in WITH_IDS}


def load(engine: Engine, plan: Plan, *, fast: bool = True) -> tuple[int, float]:
    """Write the plan; returns (rows, seconds). fast: drop and rebuild indexes, tune the session for bulk."""
    started = time.perf_counter()
    plan.base = next_ids(engine)
    now = datetime.now(timezone.utc)
    sqlite = engine.dialect.name == "sqlite"
    # The form each driver stores for a UTCDateTime column, given as text: no per-row conversion.
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now.isoformat(sep=" ")
    tables = plan.rows(stamp)
    if not fast:
        rows = _plain(engine, tables)
    elif sqlite:
        rows = _sqlite(engine, tables)
    else:
        rows = _postgres(engine, tables)
    with engine.begin() as conn:  # the loaders wrote links directly: the contacts' totals from them
        recount(conn, team_id=plan.team)
    if engine.dialect.name == "postgresql" and fast:
        _vacuum(engine)
    engine.dispose()  # the loading connection was tuned for bulk work: measure with ordinary ones
    return rows, time.perf_counter() - started


def _counted(rows: Iterable[tuple], tally: list[int]) -> Iterator[tuple]:
    for row in rows:
        tally[0] += 1
        yield row


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _indexes(engine: Engine, tables) -> tuple[list[str], list[str]]:
    """(index names, CREATE INDEX statements) of the loaded tables: built once after the load, not per row."""
    found = [ix for name, _, _ in tables for ix in SQLModel.metadata.tables[name].indexes]
    return [ix.name for ix in found], [str(CreateIndex(ix).compile(dialect=engine.dialect)) for ix in found]


def _plain(engine: Engine, tables) -> int:
    """Ordinary executemany in one transaction, indexes kept (small plans, databases already in use)."""
    mark, tally = "?" if engine.dialect.paramstyle == "qmark" else "%s", [0]
    with engine.begin() as conn:
        for name, columns, rows in tables:
            sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
            for batch in _batches(_counted(rows, tally), BATCH):
                conn.exec_driver_sql(sql, batch)
        if engine.dialect.name == "postgresql":
            for statement in _setvals():
                conn.exec_driver_sql(statement)
    return tally[0]


def _setvals() -> list[str]:
    """Explicit ids: move PostgreSQL's sequences past them, or the next INSERT reuses id 1."""
    return [f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))" for t in WITH_IDS]


def _sqlite(engine: Engine, tables) -> int:
    names, creates = _indexes(engine, tables)
    raw, tally = engine.raw_connection(), [0]
    try:
        db = raw.driver_connection
        db.commit()
        db.isolation_level = None  # we say BEGIN/COMMIT ourselves; PRAGMA journal_mode needs no open transaction
        # A throwaway load: no rollback journal, no fsync, no FK check per row, a big page cache for the sorts.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "foreign_keys=OFF", "cache_size=-512000",
                       "temp_store=MEMORY"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("BEGIN")
        for name in names:
            db.execute(f'DROP INDEX IF EXISTS "{name}"')
        for name, columns, rows in tables:
            db.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           _counted(rows, tally))  # the iterator streams: nothing is held in memory
        for create in creates:
            db.execute(create)
        db.execute("COMMIT")
        # No ANALYZE: kambot never runs it, so production SQLite plans from its built-in estimates; so do we.
        db.execute("PRAGMA journal_mode=WAL")  # back to what every kambot connection uses
        db.execute("PRAGMA synchronous=NORMAL")
    finally:
        raw.close()
    return tally[0]


def _postgres(engine: Engine, tables) -> int:
    names, creates = _indexes(engine, tables)
    raw, count = engine.raw_connection(), 0
    try:
        pg = raw.driver_connection
        with pg.cursor() as cur:
            superuser = cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
            if superuser:  # foreign keys are triggers: skip them for rows we generated consistent
                cur.execute("SET session_replication_role = replica")
            for name in names:
                cur.execute(f'DROP INDEX IF EXISTS "{name}"')
            for name, columns, rows in tables:
                with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            for create in creates:
                cur.execute(create)
            for statement in _setvals():
                cur.execute(statement)
            if superuser:
                cur.execute("SET session_replication_role = DEFAULT")
        pg.commit()
    finally:
        raw.close()
    return count


def _vacuum(engine: Engine) -> None:
    """VACUUM ANALYZE: statistics for the planner, and the visibility map that index-only scans need."""
    raw = engine.raw_connection()
    try:
        pg = raw.driver_connection
        pg.commit()
        pg.autocommit = True  # VACUUM cannot run in a transaction
        pg.execute("VACUUM ANALYZE")
        pg.autocommit = False
    finally:
        raw.close()
