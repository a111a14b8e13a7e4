"""The batch side of the benchmark: the full reminder scan, many digests, and the CSV importer's rate."""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bench.cpu import now as cpu_now
from bench.csvfiles import write_csvs
from bench.workspace import Plan, plan as make_plan
from kambot.core.digest_render import render_digest
from kambot.importexport.demo import clear_team
from kambot.importexport.importer import import_csv
from kambot.jobs.reminders import scan
from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile

IMPORT_TEAM = "T_IMPORT"
IMPORT_SIZE = (2_000, 20_000, 50_000)  # one batch for every size: the rate into a small or a big database


def owner_days(engine: Engine, plan: Plan) -> dict:
    """Every owner's local today, from the zones the workspace stored (the scheduler's input)."""
    now = datetime.now(timezone.utc)
    with session_scope(engine) as session:
        zones = dict(session.execute(select(UserProfile.user_id, UserProfile.tz)
                                     .where(UserProfile.team_id == plan.team)).all())
    return {owner: now.astimezone(ZoneInfo(zones.get(owner) or "UTC")).date() for owner in plan.owners}


def reminder_scan(engine: Engine, plan: Plan, runs: int) -> dict:
    """scan() over every owner of the workspace: the query work of one scheduler tick."""
    days = owner_days(engine, plan)
    walls, cpus, due = [], [], {}
    for _ in range(runs):
        cpu = cpu_now()  # before the clock starts: on PostgreSQL it reads /proc
        started = time.perf_counter()
        with session_scope(engine) as session:
            due = scan(session, team_id=plan.team, days=days)
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_now() - cpu)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "owners": len(days),
            "reminded": len(due), "accounts_due": sum(len(v) for v in due.values()), "runs": runs}


def one_digest(engine: Engine, plan: Plan, owner: str, today) -> int:
    """Render one owner's weekly digest the way the job does (its own session); returns its messages."""
    with session_scope(engine) as session:
        return len(render_digest(session, team_id=plan.team, today=today, scope=f"owner:{owner}"))


def digests(engine: Engine, plan: Plan, count: int, budget: float = 120.0) -> dict:
    """`count` owners' digests in a row, owners taken in turn (a Monday morning of the job), within a budget."""
    days = owner_days(engine, plan)
    owners = plan.owners
    one_digest(engine, plan, owners[0], days[owners[0]])  # templates, statement cache
    cpu = cpu_now()
    started = time.perf_counter()
    for n in range(count):
        owner = owners[n % len(owners)]
        one_digest(engine, plan, owner, days[owner])
        if time.perf_counter() - started > budget and n >= 49:
            count = n + 1  # slow at this size: the rate of the first ones, scaled to 1,000 below
            break
    wall, cpu = time.perf_counter() - started, cpu_now() - cpu
    scale = 1000 / count  # quick runs build fewer: reported per 1,000
    return {"count": count, "wall": wall, "cpu": cpu, "wall_per_1000": wall * scale, "cpu_per_1000": cpu * scale}


def import_files(directory: Path, size: tuple[int, int, int]) -> dict:
    """The import batch as canonical CSV files, from the same generator as the workspace."""
    return write_csvs(make_plan(*size, seed=11, team=IMPORT_TEAM), directory)


def import_rate(engine: Engine, size: tuple[int, int, int] = IMPORT_SIZE, around=None) -> dict:
    """Import accounts, contacts, touchpoints into a new team of the loaded database; rows/s over all three.

    `around(work)` runs the imports (a profiler, say); the clean-up after them stays outside it.
    """
    with tempfile.TemporaryDirectory(prefix="kambot-bench-import-") as folder:
        files = import_files(Path(folder), size)
        per_kind, wall, cpu, rows = {}, 0.0, 0.0, 0

        def work() -> None:
            nonlocal wall, cpu, rows
            for kind in ("accounts", "contacts", "touchpoints"):
                path, count = files[kind]
                text = path.read_text(encoding="utf-8")
                cpu_started = cpu_now()
                started = time.perf_counter()
                result = import_csv(engine, kind, text, team=IMPORT_TEAM)
                took, cpu_took = time.perf_counter() - started, cpu_now() - cpu_started
                if result.problems:
                    raise RuntimeError(f"import {kind}: {[str(p) for p in result.problems[:3]]}")
                per_kind[kind] = {"rows": result.imported, "wall": took, "rate": result.imported / took}
                wall, cpu, rows = wall + took, cpu + cpu_took, rows + result.imported

        try:
            (around or (lambda run: run()))(work)
        finally:
            with session_scope(engine) as session:  # the measured workspace stays as it was
                clear_team(session, team=IMPORT_TEAM)
    return {"rows": rows, "wall": wall, "cpu": cpu, "rate": rows / wall, "cpu_rate": rows / max(cpu, 1e-9),
            "kinds": per_kind}
