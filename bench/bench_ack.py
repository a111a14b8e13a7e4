"""Acknowledgement latency of the Slack app: signed `/kam log …` and DMs through Bolt, with N accounts stored.

Run: python -m bench.bench_ack [--accounts 100000] [--requests 300] [--database-url postgresql+psycopg://...]
Target: ack p99 <= 30 ms (Slack allows 3 s; the ack must never depend on the data). The reply latency
(ack to the response_url post or chat.postMessage on a local fake Slack) is printed for reference.
Requests go one at a time, each after the previous reply arrived, so the numbers are per request, not a
load test.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timezone

from slack_sdk import WebClient

from bench.bench_log import populate
from kambot.config import load_settings
from kambot.core.dispatch import Core
from kambot.app import freeze_startup_objects
from kambot.domain.parsing.line import warm_up
from kambot.slack.app import create_app
from kambot.storage.db import make_engine, migrate
from kambot.testing.fake_slack import requests as sr
from kambot.testing.fake_slack.api import FakeSlack

TEAM = "T1"  # the fake's workspace
TARGET_P99 = 0.030
WARM_UP = 5


def _stats(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], ordered[-1]


def _line(label: str, times: list[float]) -> str:
    median, p99, worst = _stats(times)
    return f"{label:<26} median {median * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms   max {worst * 1e3:7.2f} ms"


def _drive(app, fake: FakeSlack, requests: list, method: str) -> tuple[list[float], list[float]]:
    """Dispatch each request, timing the ack; then wait for its reply so the next starts on an idle app."""
    acks, replies = [], []
    for request in requests:
        seen = len(fake.calls(method))
        bolt_request = request.to_bolt()
        started = time.perf_counter()
        response = app.dispatch(bolt_request)
        acked = time.perf_counter()
        assert response.status == 200, response.body
        fake.wait_for(method, count=seen + 1, timeout=30)
        acks.append(acked - started)
        replies.append(time.perf_counter() - started)
    return acks, replies


def run(accounts: int, count: int, database_url: str | None) -> bool:
    """Populate, warm up, measure; prints the table and returns whether the ack target was met."""
    folder = None if database_url else tempfile.mkdtemp(prefix="kambot-bench-ack-")
    engine = make_engine(database_url or f"sqlite:///{os.path.join(folder, 'bench.db')}")
    migrate(engine)
    started = time.perf_counter()
    samples = populate(engine, team_id=TEAM, size=accounts)
    print(f"{accounts:,} accounts inserted in {time.perf_counter() - started:.1f} s ({engine.dialect.name})")
    warm_up()
    rng = random.Random(accounts)
    with FakeSlack(team_id=TEAM) as fake:
        settings = load_settings({"SLACK_API_URL": fake.base_url, "SLACK_BOT_TOKEN": "xoxb-bench",
                                  "SLACK_SIGNING_SECRET": sr.SIGNING_SECRET, "DATABASE_URL": str(engine.url)})
        app = create_app(settings=settings, core=Core(engine), client=WebClient(base_url=fake.base_url,
                                                                                  token="xoxb-bench"),
                         clock=lambda: datetime.now(timezone.utc))

        def report(sample) -> str:
            return f"call with {sample.contact.split()[0]} at {sample.name} yesterday, next: proposal by Friday"

        def commands(n):
            return [sr.slash_command(f"log {report(rng.choice(samples))}", response_url=fake.response_url())
                    for _ in range(n)]

        def dms(n):
            return [sr.dm_event(f"lunch with {s.contact} at {s.name} today") for s in rng.choices(samples, k=n)]

        _drive(app, fake, commands(WARM_UP), "response_url")  # first users.info, trigram index build
        _drive(app, fake, dms(WARM_UP), "chat.postMessage")
        freeze_startup_objects()  # as `bot.py serve` does once warm (kambot.app)
        command_acks, command_replies = _drive(app, fake, commands(count), "response_url")
        dm_acks, dm_replies = _drive(app, fake, dms(count), "chat.postMessage")
        app.listener_runner.lazy_listener_runner.executor.shutdown(wait=True)  # Home refreshes still talking to the fake
    print(f"{count} requests each, one at a time:")
    print(_line("/kam log   ack", command_acks))
    print(_line("/kam log   reply", command_replies))
    print(_line("DM         ack", dm_acks))
    print(_line("DM         reply", dm_replies))
    worst = max(_stats(command_acks)[1], _stats(dm_acks)[1])
    ok = worst <= TARGET_P99
    print(f"ack p99 {worst * 1e3:.2f} ms: {'OK' if ok else 'OVER'} (target {TARGET_P99 * 1e3:.0f} ms)")
    engine.dispose()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; exit status 1 when the ack target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000, help="accounts in the database (default 100,000)")
    parser.add_argument("--requests", type=int, default=300, help="measured requests of each kind (default 300)")
    parser.add_argument("--database-url", default=None, help="an empty database to use (default: a temp SQLite file)")
    args = parser.parse_args(argv)
    return 0 if run(args.accounts, args.requests, args.database_url) else 1


if __name__ == "__main__":
    raise SystemExit(main())
