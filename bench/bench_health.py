"""Time `/kam health mine` and `/kam kpi <account>` among 100,000 accounts (bench_who's workspace).

The workspace is bench_who's: 100,000 accounts dealt round-robin to 12 reps (8,333 each), a target account
of 500 people and 20,000 touches. On top, one key account manager, U_KAM, is given a real portfolio:
--portfolio accounts (the target among them). `/kam health` is timed for U_KAM and, as the worst case,
for a rep holding 8,333 accounts; `/kam kpi` for the target account (12 weeks of health, 20,000 touches).
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from zoneinfo import ZoneInfo

from sqlalchemy import event, select, update

from bench.bench_who import NOW, TARGET, TEAM, USERS, _p99, build
from bench.scratch import scratch_engine
from kambot.app import freeze_startup_objects
from kambot.core.context import Context
from kambot.core.dispatch import Core
from kambot.storage.models import Account

TARGET_HEALTH_P99_MS, TARGET_KPI_S = 30.0, 1.0
KAM = "U_KAM"


def _give_portfolio(engine, size: int) -> None:
    """U_KAM owns the target and the next size - 1 accounts by id (taken from the round-robin reps)."""
    with engine.begin() as conn:
        first = conn.execute(select(Account.id).where(Account.team_id == TEAM, Account.name == TARGET)).scalar_one()
        conn.execute(update(Account).where(Account.team_id == TEAM, Account.id >= first, Account.id < first + size)
                     .values(owner=KAM))


def _time(core: Core, user: str, line: str, runs: int, expect: str) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per run of one `/kam` line."""
    ctx = Context(team_id=TEAM, user_id=user, now=NOW, tz=ZoneInfo("UTC"))
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        reply = core.slash(ctx, line)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if reply.kind != expect:
            raise SystemExit(f"unexpected reply to {line!r}: {reply.kind}: {reply.text[:300]}")
    return wall, cpu


def _statements(core: Core, user: str, line: str, expect: str) -> int:
    count = [0]

    def tick(*_args) -> None:
        count[0] += 1

    event.listen(core.engine, "before_cursor_execute", tick)
    try:
        _time(core, user, line, 1, expect)
    finally:
        event.remove(core.engine, "before_cursor_execute", tick)
    return count[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://…; default: a temporary SQLite file")
    parser.add_argument("--temp-postgres", action="store_true", help="start a throwaway PostgreSQL (tests/support)")
    parser.add_argument("--size", choices=("S", "L"), default="S", help="S: 10,000 accounts; L: 100,000")
    parser.add_argument("--portfolio", type=int, default=40, help="accounts U_KAM owns")
    parser.add_argument("--runs", type=int, default=100, help="runs of /kam health (U_KAM)")
    parser.add_argument("--big-runs", type=int, default=5, help="runs of /kam health for an 8,333-account rep")
    parser.add_argument("--kpi-runs", type=int, default=5)
    args = parser.parse_args(argv)
    accounts = 100_000 if args.size == "L" else 10_000
    with scratch_engine(args.database_url, temp_postgres=args.temp_postgres) as engine:
        start = time.perf_counter()
        build(engine, accounts=accounts, contacts=500, touches=20_000, map_people=100, span_days=2920)
        _give_portfolio(engine, args.portfolio)
        print(f"{engine.dialect.name}: {accounts:,} accounts, {KAM} owns {args.portfolio}, {USERS[1]} "
              f"{(accounts - args.portfolio) // len(USERS):,}-ish; built in {time.perf_counter() - start:.1f} s")
        core = Core(engine)
        load = os.getloadavg()[0] / (os.cpu_count() or 1)
        verdicts = []
        for user, line, expect, runs, target in (
                (KAM, "health", "health", args.runs, TARGET_HEALTH_P99_MS / 1000),
                (USERS[1], "health", "health", args.big_runs, None),
                (KAM, f"kpi {TARGET}", "kpi", args.kpi_runs, TARGET_KPI_S),
                (KAM, "kpi mine", "kpi", args.kpi_runs, None)):
            _time(core, user, line, 2, expect)  # warm-up: imports, templates, fonts, connection pool
            freeze_startup_objects()
            wall, cpu = _time(core, user, line, runs, expect)
            statements = _statements(core, user, line, expect)
            figure = _p99(wall) if line == "health" else max(wall)
            print(f"/kam {line} as {user}: median {statistics.median(wall) * 1000:.1f} ms, p99 {_p99(wall) * 1000:.1f}"
                  f" ms, max {max(wall) * 1000:.1f} ms (CPU median {statistics.median(cpu) * 1000:.1f} ms) over "
                  f"{runs} runs; {statements} statements")
            if target is not None:
                verdicts.append(f"{line}: {'OK' if figure <= target else 'SLOW'}")
        print(f"{'; '.join(verdicts)} (health p99 <= {TARGET_HEALTH_P99_MS:.0f} ms, a KPI picture <= "
              f"{TARGET_KPI_S:.0f} s); load average per CPU {load:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
