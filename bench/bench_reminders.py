"""Time the whole reminder scan (every owner's due reminders) over 100,000 accounts and 2,000,000 touches."""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert, select, text

from kambot.domain.text import normalize_name
from kambot.jobs.reminders import scan
from kambot.storage.db import make_engine, migrate, session_scope
from kambot.storage.models import Account, ReminderLog, Snooze, Team, Touchpoint
from kambot.storage.touchpoints import last_touch_by_account

TARGET_SECONDS = 2.0
TEAM = "T_BENCH"
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc)
ZONES = ("America/Los_Angeles", "America/New_York", "Europe/Madrid", "Asia/Tokyo", "UTC")
CHUNK = 20_000


def build(engine, *, accounts: int, touches: int, owners: int, span_days: int = 400, seed: int = 11) -> None:
    """Bulk-insert the workspace with SQLAlchemy core executemany, in chunks (no ORM objects)."""
    rng = random.Random(seed)
    today = NOW.date()
    with engine.begin() as conn:
        if conn.execute(select(Team.team_id).where(Team.team_id == TEAM)).first():
            return  # built by an earlier run on this database
        conn.execute(insert(Team), [{"team_id": TEAM, "name": "Bench", "accounts_version": 1}])
        first = (conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM account")).scalar() or 0) + 1
        ids = range(first, first + accounts)
        for start in range(0, accounts, CHUNK):
            conn.execute(insert(Account), [
                {"id": i, "team_id": TEAM, "name": f"Account {i:06d}", "name_norm": normalize_name(f"Account {i:06d}"),
                 "aliases": "", "owner": f"U_OWNER{i % owners:04d}", "tier": "ABC"[i % 3], "created_at": NOW,
                 "cadence_days": 45 if i % 50 == 0 else None}
                for i in ids[start:start + CHUNK]])
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-400000")  # 400 MB: index pages stay in memory while loading
        for chunk in _chunks(_touches(rng, first, accounts, touches, today, span_days)):
            conn.execute(insert(Touchpoint), chunk)
        # Some accounts snoozed and some reminded lately, so every input of the scan has rows.
        conn.execute(insert(Snooze), [{"team_id": TEAM, "account_id": i, "until": today + timedelta(days=5),
                                       "by_user": None} for i in ids[::20]])
        conn.execute(insert(ReminderLog), [{"team_id": TEAM, "account_id": i, "owner": f"U_OWNER{i % owners:04d}",
                                            "reminded_on": today - timedelta(days=i % 10)} for i in ids[::7]])
    # Fresh statistics, and on PostgreSQL a visibility map, so the planner can use index-only scans
    # (autovacuum does this in production; a bench that just loaded 2M rows must ask for it).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def _touches(rng: random.Random, first: int, accounts: int, touches: int, today, span_days: int):
    """Touch rows account by account (as an import would write them), about touches/accounts each."""
    per_account, extra = divmod(touches, accounts)
    for n in range(accounts):
        for _ in range(per_account + (1 if n < extra else 0)):
            day = today - timedelta(days=rng.randrange(span_days))
            yield {"team_id": TEAM, "account_id": first + n, "occurred_on": day, "kind": "call", "summary": "",
                   "next_step": None, "next_step_due": None, "logged_by": "U_OWNER0000", "source": "import",
                   "created_at": NOW}


def _chunks(rows):
    """Lists of CHUNK rows for executemany."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def owner_days(owners: int) -> dict:
    """Every owner's local today at NOW, owners spread over five time zones."""
    return {f"U_OWNER{n:04d}": NOW.astimezone(ZoneInfo(ZONES[n % len(ZONES)])).date() for n in range(owners)}


def query_plan(engine) -> list[str]:
    """How the database runs the last-touch GROUP BY: it should use the (team_id, account_id, occurred_on) index."""
    sql = "SELECT account_id, max(occurred_on) FROM touchpoint WHERE team_id = '%s' GROUP BY account_id" % TEAM
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        return [row[-1] for row in conn.exec_driver_sql(explain + sql)]


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the bench database, then time the scan a few times and report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=2_000_000)
    parser.add_argument("--owners", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args(argv)
    folder = None
    url = args.database_url
    if url is None:
        folder = tempfile.TemporaryDirectory(prefix="kambot-bench-")
        url = f"sqlite:///{Path(folder.name) / 'bench.db'}"
    engine = make_engine(url)
    migrate(engine)
    start = time.perf_counter()
    build(engine, accounts=args.accounts, touches=args.touches, owners=args.owners)
    print(f"database {engine.dialect.name}: {args.accounts:,} accounts, {args.touches:,} touches, "
          f"{args.owners} owners; built in {time.perf_counter() - start:.1f} s")
    for line in query_plan(engine):
        print(f"  plan: {line}")
    queries = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    days = owner_days(args.owners)
    walls, cpus, due = [], [], {}
    for _ in range(args.runs):
        queries.clear()
        start, cpu = time.perf_counter(), time.process_time()
        with session_scope(engine) as session:
            due = scan(session, team_id=TEAM, days=days)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)  # SQLite runs in this process: CPU time includes the queries
    with session_scope(engine) as session:
        start = time.perf_counter()
        last_touch_by_account(session, team_id=TEAM)
        group_by = time.perf_counter() - start
    items = sum(len(v) for v in due.values())
    print(f"scan: {len(queries)} queries, {len(due)} owners with reminders, {items:,} accounts due")
    print(f"  last-touch GROUP BY alone: {group_by:.3f} s")
    print(f"  whole scan: median {statistics.median(walls):.3f} s, max {max(walls):.3f} s "
          f"(target <= {TARGET_SECONDS} s)")
    print(f"  whole scan CPU: median {statistics.median(cpus):.3f} s, max {max(cpus):.3f} s")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"  (load average {load:.1f} on {os.cpu_count()} CPUs: wall time is inflated on a busy machine)")
    print("OK" if statistics.median(walls) <= TARGET_SECONDS else "SLOW")
    engine.dispose()
    if folder is not None:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
