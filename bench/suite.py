"""One benchmark run: a database of one size, loaded, then every measurement; profiles where a target is missed."""
from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable

from bench import bulk, cpu, jobs, memory, targets
from bench.databases import Databases
from bench.drive import COMMANDS, TEAM_WIDE, Driver, Timings, lines
from bench.profiling import profile
from bench.workspace import SIZES, Plan, sized
from kambot.app import freeze_startup_objects
from kambot.core.context import Context
from kambot.core.dispatch import Core
from kambot.domain.parsing.line import warm_up
from kambot.storage.db import make_engine, migrate
from kambot.testing.fake_slack.api import FakeSlack

WARM = 5  # requests of each command before measuring: name index, templates, pools


@dataclass(frozen=True)
class Options:
    """How much to measure."""

    requests: int = 40  # per command; p99 of so few is the slowest, which is what a target wants
    budget: float = 90.0  # seconds per command: a slow one at size L stops early (at least 10 requests)
    team_wide: int = 3
    scan_runs: int = 5
    digests: int = 1000
    import_size: tuple[int, int, int] = (1_000, 10_000, 20_000)
    memory_requests: int = 18
    quick: bool = False
    index_changes: bool = False  # what-if: the index changes docs/performance.md proposes, applied after loading


QUICK = Options(requests=12, team_wide=1, scan_runs=2, digests=100, import_size=(300, 3_000, 6_000),
                memory_requests=12, quick=True)
# The index changes the scale tests ask for (tests/scale/test_query_plans.py), to measure their effect.
INDEX_CHANGES = ("DROP INDEX ix_contact_team_account", "CREATE INDEX ix_contact_team_account ON contact "
                 "(team_id, account_id, name_norm)", "DROP INDEX ix_account_team_owner",
                 "CREATE INDEX ix_account_team_owner ON account (team_id, owner, name_norm)")


def p99(values: list[float]) -> float:
    """Nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def summary(t: Timings) -> dict:
    """Milliseconds: ack and reply median and p99, and mean CPU per request (CPU ticks are coarse)."""
    return {"n": len(t.ack), "ack_p50": statistics.median(t.ack) * 1e3, "ack_p99": p99(t.ack) * 1e3,
            "ack_cpu_p99": p99(t.ack_cpu) * 1e3,
            "reply_p50": statistics.median(t.reply) * 1e3, "reply_p99": p99(t.reply) * 1e3,
            "cpu_mean": statistics.fmean(t.cpu) * 1e3}


def _core_work(engine, plan: Plan, kind: str, samples) -> Callable[[], None]:
    """The lazy part of a command run on this thread, so cProfile sees it (Bolt runs it on its pool)."""
    core = Core(engine)

    def work() -> None:
        for sample in samples:
            ctx = Context(team_id=plan.team, user_id=sample.owner, now=datetime.now(timezone.utc), channel_id="C_BENCH")
            text = lines(kind, sample)[0]
            core.message(ctx, text) if kind == "dm" else core.slash(ctx, text)

    work()  # warm: the name index of this Core
    return work


def measure_commands(engine, plan: Plan, opts: Options, log) -> tuple[dict, dict, dict]:
    """(commands, team-wide commands, profiles of commands whose ack missed the target)."""
    samples = plan.samples(WARM + opts.requests, seed=3)
    found, wide, profiles = {}, {}, {}
    with FakeSlack(team_id=plan.team) as fake:
        driver = Driver(engine, fake)
        for kind in COMMANDS:
            driver.run(kind, samples[:WARM], budget=opts.budget, least=1)
            freeze_startup_objects()  # as `bot.py serve` does once warm (kambot.app); later warm-ups add a few
            found[kind] = summary(driver.run(kind, samples[WARM:], budget=opts.budget))
            log(f"  {kind:<8} ack p50 {found[kind]['ack_p50']:6.2f} p99 {found[kind]['ack_p99']:6.2f} ms   reply p50 "
                f"{found[kind]['reply_p50']:7.1f} ms   CPU {found[kind]['cpu_mean']:6.1f} ms")
            if found[kind]["ack_p99"] > targets.ACK_P99_MS:
                profiles[f"ack of {kind}"] = driver.profile_acks(kind, samples[WARM:WARM + 10])
        for kind in TEAM_WIDE:
            warm = time.perf_counter()
            driver.run(kind, samples[:1])
            count = opts.team_wide if time.perf_counter() - warm < 10 else 1  # tens of seconds each at L
            wide[kind] = summary(driver.run(kind, samples[1:1 + count]))
            log(f"  {kind:<10} reply p50 {wide[kind]['reply_p50']:8.1f} ms (CPU {wide[kind]['cpu_mean']:.1f} ms)")
        driver.close()
    return found, wide, profiles


def run_one(db: str, size: str, opts: Options, dbs: Databases, small: dict | None,
            log: Callable[[str], None] = print) -> dict:
    """Load one size into a new database of one kind and measure everything; `small` is the S result, if known."""
    url = dbs.create(db, size)
    engine = make_engine(url)
    migrate(engine)
    started = time.perf_counter()
    plan = sized(size)
    rows, load_s = bulk.load(engine, plan)
    if opts.index_changes:
        with engine.begin() as conn:
            for statement in INDEX_CHANGES:
                conn.exec_driver_sql(statement)
    log(f"{db} {size}: {plan.sizes[0]:,} accounts, {plan.sizes[1]:,} contacts, {plan.sizes[2]:,} touches "
        f"({rows:,} rows) generated and loaded in {time.perf_counter() - started:.1f} s")
    dbs.watch_cpu(engine)
    warm_up()
    result = {"db": db, "size": size, "sizes": plan.sizes, "rows": rows, "load_s": load_s, "quick": opts.quick,
              "variant": "index changes" if opts.index_changes else "",
              "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "server": dbs.version(db)}
    result["commands"], result["team_wide"], profiles = measure_commands(engine, plan, opts, log)
    asked = sorted(s.touches for s in plan.samples(WARM + opts.requests, seed=3)[WARM:])
    result["asked"] = {"touches_median": asked[len(asked) // 2], "touches_max": asked[-1]}  # accounts differ by size
    result["scan"] = jobs.reminder_scan(engine, plan, opts.scan_runs)
    log(f"  reminder scan {result['scan']['wall']:.3f} s (CPU {result['scan']['cpu']:.3f} s), "
        f"{result['scan']['accounts_due']:,} accounts due for {result['scan']['reminded']:,} owners")
    result["digests"] = jobs.digests(engine, plan, opts.digests)
    many = result["digests"]
    log(f"  {many['count']} digests {many['wall']:.1f} s (CPU {many['cpu']:.1f} s): {many['wall_per_1000']:.1f} s "
        f"per 1,000 (CPU {many['cpu_per_1000']:.1f} s)")
    result["import"] = jobs.import_rate(engine, opts.import_size)
    log(f"  import {result['import']['rows']:,} rows at {result['import']['rate']:,.0f} rows/s "
        f"(CPU {result['import']['cpu_rate']:,.0f} rows/s)")
    cpu.forget_postgres()
    result["memory"] = memory.measure(url, plan.samples(WARM + opts.requests, seed=3), opts.memory_requests,
                                      dbs.folder)
    log(f"  peak memory {result['memory']['peak_mb']:.0f} MB {result['memory']['stages']}")
    profiles.update(_profiles(engine, plan, result, small, opts))
    result["profiles"] = profiles
    engine.dispose()
    dbs.drop(db, size)
    return result


def _profiles(engine, plan: Plan, result: dict, small: dict | None, opts: Options) -> dict:
    """cProfile each missed target once, so the report can say where the time goes."""
    found = {}
    for check in targets.verdicts(result, small):
        if check["ok"] or check["name"].startswith(("ack", "memory")):
            continue  # ack misses were profiled while the app ran; memory is explained by its stages
        if check["name"] == "reminder scan":
            found[check["name"]] = profile(lambda: jobs.reminder_scan(engine, plan, 1))
        elif check["name"] == "1,000 digests":
            days = jobs.owner_days(engine, plan)
            found[check["name"]] = profile(lambda: [jobs.one_digest(engine, plan, o, days[o])
                                                    for o in plan.owners[:50]])
        elif check["name"] == "import":
            text: list[str] = []
            jobs.import_rate(engine, QUICK.import_size, around=lambda work: text.append(profile(work)))
            found[check["name"]] = text[0]
        elif check["name"].startswith("flat"):
            kind = check["name"].split()[-1]
            work = _core_work(engine, plan, kind, plan.samples(5, seed=5))
            found[check["name"]] = profile(work)
    return found


def sizes_in_order(names: str) -> list[str]:
    """S, M, L as asked, smallest first (the flatness check compares with S)."""
    wanted = [n.strip().upper() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in SIZES]
    if unknown:
        raise ValueError(f"unknown size(s) {unknown}: use S, M, L")
    return sorted(dict.fromkeys(wanted), key=list(SIZES).index)


def with_requests(opts: Options, requests: int | None) -> Options:
    """The options with another request count per command."""
    return replace(opts, requests=requests) if requests else opts
