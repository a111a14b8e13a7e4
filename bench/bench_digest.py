"""Time render_digest on a large database: one owner, tier A, a list of accounts, a whole team, 1,000 in a row.

    python -m bench.bench_digest [--accounts 100000] [--touches 2000000] [--teams 100] [--database-url URL]

Accounts are spread over `--teams` workspaces (a KAM owns 25 accounts; 15% are tier A) and touches over
two years, tier A touched most. Without --database-url the data goes to a temporary SQLite file.
Wall time depends on what else the machine runs: this process's CPU time is printed next to it, and on
PostgreSQL the CPU time of the server backend that answered (read from /proc when the server is local).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import event, text

from kambot.app import freeze_startup_objects
from kambot.core.digest_render import render_digest
from kambot.storage.contact_totals import recount
from kambot.storage.db import make_engine, migrate, session_scope
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact

TARGET_ONE = 0.050  # seconds per digest
TARGET_MANY = 30.0  # seconds for 1,000 digests
TODAY = date(2026, 11, 30)  # a Monday
CREATED = datetime(2026, 11, 30, tzinfo=timezone.utc)
ACCOUNTS_PER_OWNER = 25
CONTACTS_PER_ACCOUNT = 4
ROLES = ("champion", "decision_maker", "economic_buyer", None)
TIER_WEIGHT = {"A": 4, "B": 2, "C": 1}  # touches per account scale with how much the account matters
COLUMNS = {
    Account: ("id", "team_id", "name", "name_norm", "aliases", "owner", "tier", "annual_revenue", "renewal_date",
              "created_at"),
    Contact: ("id", "team_id", "account_id", "name", "name_norm", "first_norm", "role", "status", "created_at"),
    Touchpoint: ("id", "team_id", "account_id", "occurred_on", "kind", "summary", "next_step", "next_step_due",
                 "logged_by", "source", "created_at"),
    TouchpointContact: ("touchpoint_id", "contact_id", "team_id", "account_id", "occurred_on", "kind"),
}


def generate(engine, *, accounts: int, touches: int, teams: int, seed: int = 7) -> None:
    """Fill an empty, migrated database with explicit ids (no round trips to learn them)."""
    started, rng = time.perf_counter(), random.Random(seed)
    sqlite = engine.dialect.name == "sqlite"
    # The SQLite dialect stores dates as ISO text; giving it text skips a Python conversion per value.
    day = (lambda d: d.isoformat()) if sqlite else (lambda d: d)
    created = CREATED.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else CREATED
    per_team = max(1, accounts // teams)
    team_of = [f"T{min(i // per_team, teams - 1)}" for i in range(accounts)]
    owner_of = [f"U{min(i // per_team, teams - 1)}_{(i % per_team) // ACCOUNTS_PER_OWNER}" for i in range(accounts)]
    tiers = [("A" if r < 0.15 else "B" if r < 0.5 else "C") for r in (rng.random() for _ in range(accounts))]
    rows = {
        Account: [(i + 1, team_of[i], f"Account {i + 1}", f"account {i + 1}", "", owner_of[i], tiers[i],
                   round(rng.paretovariate(1.16) * 10_000, 2), day(TODAY + timedelta(days=rng.randrange(-30, 365))),
                   created) for i in range(accounts)],
        Contact: [(i * CONTACTS_PER_ACCOUNT + k + 1, team_of[i], i + 1, f"Person {i + 1}-{k}", f"person {i + 1} {k}",
                   "person", ROLES[k], "active", created)
                  for i in range(accounts) for k in range(CONTACTS_PER_ACCOUNT)],
        Touchpoint: [], TouchpointContact: [],
    }
    days = [day(TODAY - timedelta(days=n - 30)) for n in range(800)]  # days[n + 30]: n days ago
    touched = rng.choices(range(accounts), weights=[TIER_WEIGHT[t] for t in tiers], k=touches)
    touch_rows, link_rows, rand = rows[Touchpoint], rows[TouchpointContact], rng.random
    for tid, i in enumerate(touched, start=1):
        ago = int(rand() ** 1.5 * 730)  # recent days a little busier
        due = days[ago + 29 - int(rand() * 20)] if rand() < 0.3 else None  # 1-20 days after the touch
        touch_rows.append((tid, team_of[i], i + 1, days[ago + 30], "call", "Discussed renewal, pricing and the pilot.",
                           "send proposal" if due else None, due, owner_of[i], "import", created))
        first = i * CONTACTS_PER_ACCOUNT + 1
        link_rows.append((tid, first + int(rand() * CONTACTS_PER_ACCOUNT), team_of[i], i + 1, days[ago + 30], "call"))
        if rand() < 0.3:  # a second person in the room
            second = first + int(rand() * CONTACTS_PER_ACCOUNT)
            if second != link_rows[-1][1]:
                link_rows.append((tid, second, team_of[i], i + 1, days[ago + 30], "call"))
    built = time.perf_counter()
    _load(engine, rows)
    print(f"rows built in {built - started:.1f} s, loaded and indexed in {time.perf_counter() - built:.1f} s")


def _load(engine, rows: dict) -> None:
    """Bulk insert with the driver's executemany, indexes built once at the end."""
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":  # a throwaway file: durability buys nothing, memory sorts faster
            for pragma in ("synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
                conn.exec_driver_sql(f"PRAGMA {pragma}")
        # Building each index once after the load is several times faster than updating it per row.
        indexes = [index for model in rows for index in model.__table__.indexes]
        for index in indexes:
            index.drop(conn)
        for model, values in rows.items():
            columns = COLUMNS[model]
            sql = (f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) "
                   f"VALUES ({', '.join([mark] * len(columns))})")
            for start in range(0, len(values), 100_000):
                conn.exec_driver_sql(sql, values[start:start + 100_000])
        for index in indexes:
            index.create(conn)
        for team in sorted({row[1] for row in rows[Contact]}):  # links written directly: the contacts' totals
            recount(conn, team_id=team)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("account", "contact", "touchpoint"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
        conn.exec_driver_sql("ANALYZE")


def _pid_seconds(pid: int | None) -> float:
    try:  # the server runs on this machine in the benchmark; elsewhere its share reads 0
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, 10 ms ticks


def time_one(engine, *, team_id: str, scope: str, runs: int) -> dict:
    """Wall and CPU (ours, median; the server backend's, mean) of render_digest, each run in its own session."""
    walls, cpus, server, statements, replies = [], [], 0.0, [], []
    event.listen(engine, "before_cursor_execute", count := lambda *args: statements.append(1))
    try:
        for _ in range(runs):
            with session_scope(engine) as session:
                conn = session.connection()  # the server backend's pid, before the clocks (SQLite: none)
                postgres = conn.dialect.name == "postgresql"
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() if postgres else None
                before = _pid_seconds(pid)
                statements.clear()
                start, cpu = time.perf_counter(), time.process_time()
                replies = render_digest(session, team_id=team_id, today=TODAY, scope=scope)
            walls.append(time.perf_counter() - start)  # the commit and the return to the pool included
            cpus.append(time.process_time() - cpu)
            server += _pid_seconds(pid) - before
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return {"wall": statistics.median(walls), "max": max(walls), "cpu": statistics.median(cpus),
            "server": server / runs, "queries": len(statements), "parts": len(replies)}


def main(argv: list[str] | None = None) -> int:
    """Generate (unless --reuse), time the digests and print OK or SLOW (judged on wall time)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=2_000_000)
    parser.add_argument("--teams", type=int, default=100, help="workspaces the accounts are spread over")
    parser.add_argument("--database-url", help="an EMPTY database (default: a temporary SQLite file)")
    parser.add_argument("--reuse", action="store_true", help="the database already holds generated data")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--many", type=int, default=1000, help="digests in the batch run (0 skips it)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file (for --reuse)")
    args = parser.parse_args(argv)
    folder = None if args.database_url else Path(tempfile.mkdtemp(prefix="kambot-bench-"))
    try:
        return _run(args, args.database_url or f"sqlite:///{folder / 'bench.db'}")
    finally:
        if folder is not None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(args, url: str) -> int:
    """Generate, then time each scenario against its target."""
    engine = make_engine(url)
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    if not args.reuse:
        migrate(engine)
        start = time.perf_counter()
        generate(engine, accounts=args.accounts, touches=args.touches, teams=args.teams)
        engine.dispose()  # the loading connection was tuned for bulk work; time with ordinary ones
        print(f"generated {args.accounts:,} accounts, {args.touches:,} touches in {args.teams} teams "
              f"in {time.perf_counter() - start:.1f} s")
    print("load average at start (1, 5, 15 min):", *(f"{v:.1f}" for v in os.getloadavg()))
    listed = "accounts:" + ";".join(str(i) for i in range(1, args.accounts // args.teams, 50))
    scenarios = (("one owner", "owner:U0_0", TARGET_ONE), ("tier A", "tier:A", TARGET_ONE),
                 ("20 accounts", listed, TARGET_ONE), ("whole team", "all", None))
    for _, scope, _ in scenarios:  # warm-up: templates, pool, statement caches, the team's key set
        time_one(engine, team_id="T0", scope=scope, runs=2)
    freeze_startup_objects()  # as `bot.py serve` does once warm (kambot.app)
    ok = True
    for label, scope, target in scenarios:
        got = time_one(engine, team_id="T0", scope=scope, runs=args.runs)
        ok &= target is None or got["wall"] <= target
        verdict = f"target <= {target * 1000:.0f} ms" if target else "no target"
        server = f", server CPU {got['server'] * 1000:.1f} ms" if engine.dialect.name == "postgresql" else ""
        print(f"{label:>11}: median {got['wall'] * 1000:.1f} ms (CPU {got['cpu'] * 1000:.1f} ms{server}), "
              f"max {got['max'] * 1000:.1f} ms, {got['queries']} queries, {got['parts']} message(s) ({verdict})")
    if args.many:
        rng = random.Random(1)
        owners = max(1, args.accounts // args.teams // ACCOUNTS_PER_OWNER)
        start, cpu = time.perf_counter(), time.process_time()
        for n in range(args.many):
            team = rng.randrange(args.teams)
            scope = "tier:A" if n % 2 else f"owner:U{team}_{rng.randrange(owners)}"
            with session_scope(engine) as session:
                render_digest(session, team_id=f"T{team}", today=TODAY, scope=scope)
        total = time.perf_counter() - start
        ok &= total <= TARGET_MANY
        print(f"{args.many} digests (half one owner, half tier A, random teams): {total:.1f} s "
              f"(CPU {time.process_time() - cpu:.1f} s; target <= {TARGET_MANY:.0f} s)")
    print("load average at end:", *(f"{v:.1f}" for v in os.getloadavg()))
    print("OK" if ok else "SLOW")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
