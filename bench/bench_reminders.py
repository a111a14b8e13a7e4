"""Time the whole reminder scan (every owner's due reminders) on the suite's workspace: L is 100,000 accounts."""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, select, text

from bench import bulk
from bench.workspace import SIZES, TEAM, sized
from kambot.jobs.reminder_scan import candidates, statement
from kambot.jobs.reminders import scan
from kambot.storage.db import make_engine, migrate, session_scope
from kambot.storage.models import Account, UserProfile

TARGET_SECONDS = 2.0
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc)  # the workspace is generated for this day


def build(engine, size: str) -> str:
    """Load the benchmark suite's workspace of `size` (Zipf-skewed, accounts interleaved on disk), once."""
    with engine.connect() as conn:
        if conn.execute(select(Account.id).where(Account.team_id == TEAM).limit(1)).first():
            return "reused"  # built by an earlier run on this database
    rows, seconds = bulk.load(engine, sized(size, today=NOW.date()))  # PostgreSQL: VACUUM ANALYZE included
    return f"{rows:,} rows loaded in {seconds:.0f} s"


def owner_days(engine) -> dict:
    """Every owner's local today at NOW, from the time zones the workspace stored (the scheduler's input)."""
    with session_scope(engine) as session:
        zones = dict(session.execute(select(UserProfile.user_id, UserProfile.tz)
                                     .where(UserProfile.team_id == TEAM)).all())
        owners = session.execute(select(Account.owner).where(Account.team_id == TEAM,
                                                             Account.owner.is_not(None)).distinct()).scalars()
        return {o: NOW.astimezone(ZoneInfo(zones.get(o) or "UTC")).date() for o in owners}


def explain(engine, days: dict) -> list[str]:
    """The scan statement's plan: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    sql = str(statement(engine.dialect.name, team_id=TEAM, days=days)
              .compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = sql.replace("LIMIT ? OFFSET", "LIMIT -1 OFFSET")  # the one bound value left
            return [str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
        conn.execute(text("SET LOCAL jit = off"))  # as the scan does
        return [row[0] for row in conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql)]


def _backend_cpu(session) -> float | None:
    """CPU seconds of the PostgreSQL backend serving this session (server on this machine), else None."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def measure(engine, days: dict, runs: int) -> dict:
    """Median wall, our CPU and the server backend's CPU of `runs` scans; statements of the last one."""
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    walls, cpus, servers, due = [], [], [], {}
    for _ in range(runs):
        with session_scope(engine) as session:
            before = _backend_cpu(session)  # on SQLite the database works in this process: in our CPU
            statements.clear()
            start, cpu = time.perf_counter(), time.process_time()
            due = scan(session, team_id=TEAM, days=days)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            count = len(statements)
            after = _backend_cpu(session)
            servers.append(after - before if before is not None and after is not None else 0.0)
    with session_scope(engine) as session:
        shipped = len(candidates(session, team_id=TEAM, days=days))
    return {"wall": statistics.median(walls), "wall_max": max(walls), "cpu": statistics.median(cpus),
            "server": statistics.median(servers), "statements": count, "rows": shipped, "owners": len(due),
            "due": sum(len(v) for v in due.values())}


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the bench database, then time the scan a few times and report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="L", choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the scan statement's plan")
    parser.add_argument("--database-url", default=None,
                        help="kept and reused by later runs (default: a temporary SQLite file, removed)")
    args = parser.parse_args(argv)
    folder = None
    url = args.database_url
    if url is None:
        folder = tempfile.TemporaryDirectory(prefix="kambot-bench-")
        url = f"sqlite:///{Path(folder.name) / 'bench.db'}"
    engine = make_engine(url)
    migrate(engine)
    start = time.perf_counter()
    how = build(engine, args.size)
    accounts, _contacts, touches = SIZES[args.size]
    print(f"database {engine.dialect.name}, size {args.size}: {accounts:,} accounts, {touches:,} touches; "
          f"{how} ({time.perf_counter() - start:.0f} s)")
    days = owner_days(engine)
    if args.explain:
        for line in explain(engine, days):
            print(f"  plan: {line}")
    found = measure(engine, days, args.runs)
    print(f"scan: {found['statements']} statement(s), {found['rows']:,} rows shipped, {found['owners']:,} of "
          f"{len(days):,} owners reminded, {found['due']:,} accounts due")
    print(f"  whole scan: median {found['wall']:.3f} s, max {found['wall_max']:.3f} s (target <= {TARGET_SECONDS} s)")
    server = f", PostgreSQL backend {found['server']:.3f} s" if engine.dialect.name == "postgresql" else ""
    print(f"  CPU (median): this process {found['cpu']:.3f} s{server}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"  (load average {load:.1f} on {os.cpu_count()} CPUs: wall time is inflated on a busy machine)")
    print("OK" if found["wall"] <= TARGET_SECONDS else "SLOW")
    engine.dispose()
    if folder is not None:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
