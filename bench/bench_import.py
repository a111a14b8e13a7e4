"""Import speed in rows/s: generated accounts, contacts and touchpoints into a scratch database."""
# python -m bench.bench_import [--accounts 100000] [--contacts 100000] [--touchpoints 200000]
#                              [--database-url postgresql+psycopg://...] [--no-again]
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bench.csvfiles import write_csv
from kambot.config import load_settings
from kambot.importexport.importer import import_csv
from kambot.storage.db import make_engine, migrate

KINDS = ("accounts", "contacts", "touchpoints")
CONTACTS_PER_ACCOUNT = 4  # contacts go to the first accounts, so touches have people to name


def generate(directory: Path, *, accounts: int, contacts: int, touchpoints: int, seed: int = 7) -> dict[str, Path]:
    """Three canonical CSV files of the given sizes (deterministic for a seed)."""
    rnd = random.Random(seed)
    users = [f"U_{i:03d}" for i in range(40)]
    start = date(2024, 1, 1)

    def account_rows():
        for i in range(accounts):
            renewal = start + timedelta(days=rnd.randint(300, 1000))
            yield [f"Account {i:06d}", f"ACC{i:06d}", rnd.choice(users), "ABC"[i % 3],
                   f"{rnd.randint(1, 900) * 10_000}", renewal.isoformat(), rnd.choice(("Retail", "Energy", "Banking"))]

    def contact_name(i: int) -> str:
        return f"Person {i:07d}"

    def contact_rows():
        for i in range(contacts):
            account, rank = divmod(i, CONTACTS_PER_ACCOUNT)
            boss = contact_name(account * CONTACTS_PER_ACCOUNT) if rank else ""
            yield [f"Account {account:06d}", contact_name(i), "Director", "Operations", f"p{i}@example.com",
                   ("decision_maker", "champion", "user", "influencer")[rank], boss, rnd.choice(users), "active"]

    staffed = max(1, min(accounts, contacts // CONTACTS_PER_ACCOUNT))

    def touch_rows():
        for i in range(touchpoints):
            account = rnd.randrange(staffed)
            people = {contact_name(account * CONTACTS_PER_ACCOUNT + rnd.randrange(CONTACTS_PER_ACCOUNT))
                      for _ in range(rnd.randint(1, 2))} if contacts else set()
            day = start + timedelta(days=i * 700 // max(touchpoints, 1))
            yield [f"Account {account:06d}", day.isoformat(), rnd.choice(("call", "email", "meeting", "meal")),
                   ";".join(sorted(people)), rnd.choice(users), f"Touch {i}: talked about the rollout and pricing.",
                   "Send the proposal" if i % 3 == 0 else "",
                   (day + timedelta(days=7)).isoformat() if i % 3 == 0 else "", rnd.choice(users)]

    return {
        "accounts": write_csv(directory / "accounts.csv", "accounts", account_rows()),
        "contacts": write_csv(directory / "contacts.csv", "contacts", contact_rows()),
        "touchpoints": write_csv(directory / "touchpoints.csv", "touchpoints", touch_rows()),
    }


@contextmanager
def scratch_database(url: str | None, directory: Path) -> Iterator[str]:
    """A fresh database: a SQLite file in `directory`, or a new one on `url`'s PostgreSQL server, dropped after."""
    if not url:
        yield f"sqlite:///{directory / 'bench.db'}"
        return
    base = make_url(load_settings({"DATABASE_URL": url}).database_url)
    if base.get_backend_name() != "postgresql":
        yield base.render_as_string(hide_password=False)
        return
    name = f"kambot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def run(url: str, files: dict[str, Path], *, team: str,
        again: bool = True) -> Iterator[tuple[str, str, int, float, float]]:
    """Import each file, then (again) all of them unchanged; yields (kind, pass, rows, wall s, CPU s) as it goes."""
    engine = make_engine(url)
    migrate(engine)
    try:
        for label in ("new", "again") if again else ("new",):
            for kind in KINDS:
                text = files[kind].read_text(encoding="utf-8")
                wall, cpu = time.perf_counter(), time.process_time()
                result = import_csv(engine, kind, text, team=team)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                if result.problems:
                    raise SystemExit(f"{kind}: {result.problems[:3]}")
                yield kind, label, result.imported, wall, cpu
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Generate the files, import them, print rows/s."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_import", description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--touchpoints", type=int, default=200_000)
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL server to use (a scratch database is created and dropped); "
                             "default: a temporary SQLite file")
    parser.add_argument("--no-again", action="store_true", help="skip the second (all unchanged) import")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kambot-bench-") as tmp:
        directory = Path(tmp)
        files = generate(directory, accounts=args.accounts, contacts=args.contacts, touchpoints=args.touchpoints)
        with scratch_database(args.database_url, directory) as url:
            print(f"import benchmark on {make_url(url).get_backend_name()}", flush=True)
            # CPU time is this process's own work; on a busy machine wall time also counts waiting for a core
            for kind, label, rows, wall, cpu in run(url, files, team=f"T_BENCH_{uuid.uuid4().hex[:8]}",
                                                     again=not args.no_again):
                print(f"  {kind:<12} {label:<6} {rows:>9,} rows {wall:7.2f} s {rows / wall:>9,.0f} rows/s"
                      f"   (CPU {cpu:6.2f} s, {rows / cpu:>9,.0f} rows/s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
