"""Exactly once: two schedulers at the same minute, a crash mid-run, 429 storms."""
from __future__ import annotations

import multiprocessing
import threading
from datetime import timedelta

from kambot.jobs.deliveries import Claims, digest_key, reminder_key
from tests.jobs.helpers import deliveries, posts, subscribe, utc
from tests.support.factories import make_account
from tests.jobs.workers import tick_process

MONDAY_NINE = utc(2026, 11, 30, 9, 0)  # 9:00 UTC on a Monday: reminders and Monday digests all due
OWNERS = [f"U{n:02d}" for n in range(12)]
CHANNELS = ["C_ONE", "C_TWO", "C_THREE"]


def _workspace(engine, fake) -> None:
    for owner in OWNERS:
        fake.set_user(owner, tz="UTC")
        for n in range(3):
            make_account(engine, f"{owner} account {n}", owner=owner, tier="AB"[n % 2]).id
    for channel in CHANNELS:
        subscribe(engine, channel, lang="es" if channel == "C_TWO" else "en")


def _assert_each_once(engine, fake) -> None:
    per_channel = {}
    for call in posts(fake):
        per_channel[call.params["channel"]] = per_channel.get(call.params["channel"], 0) + 1
    assert per_channel == {**{"D" + o: 1 for o in OWNERS}, **{c: 1 for c in CHANNELS}}
    assert {d.status for d in deliveries(engine).values()} == {"sent"}


def test_two_scheduler_processes_on_one_database(db_url, engine, fake):
    _workspace(engine, fake)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    instants = [MONDAY_NINE.isoformat(), (MONDAY_NINE + timedelta(minutes=1)).isoformat()]
    workers = [ctx.Process(target=tick_process, args=(db_url, fake.base_url, instants, barrier, results))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    sent = [results.get(timeout=5) for _ in workers]
    assert sum(sent) == len(OWNERS) + len(CHANNELS)
    _assert_each_once(engine, fake)


def test_two_scheduler_threads_on_one_database(engine, fake, make_scheduler):
    _workspace(engine, fake)
    schedulers = [make_scheduler(), make_scheduler()]
    barrier, reports = threading.Barrier(2), []

    def run(scheduler):
        barrier.wait(timeout=30)
        reports.append(scheduler.tick(MONDAY_NINE))

    threads = [threading.Thread(target=run, args=(s,)) for s in schedulers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(r.count("sent") for r in reports) == len(OWNERS) + len(CHANNELS)
    _assert_each_once(engine, fake)


def test_a_claim_whose_process_died_is_sent_once_after_the_lease(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="UTC")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    key = reminder_key("T1", "U_NY", "2026-11-30")
    Claims(engine, worker="dead").claim(key, team_id="T1", kind="reminder", now=MONDAY_NINE)  # then it died
    restarted = make_scheduler()
    restarted.tick(MONDAY_NINE + timedelta(minutes=1))
    restarted.tick(MONDAY_NINE + timedelta(minutes=4))
    assert posts(fake) == []  # the lease is still running: the other process might be sending
    restarted.tick(MONDAY_NINE + timedelta(minutes=5))
    restarted.tick(MONDAY_NINE + timedelta(minutes=6))
    make_scheduler().tick(MONDAY_NINE + timedelta(minutes=12))
    assert len(posts(fake, "DU_NY")) == 1
    row = deliveries(engine)[key]
    assert (row.status, row.attempts) == ("sent", 2) and row.claimed_by == restarted.claims.worker


def test_a_claim_already_sent_is_never_repeated_after_a_restart(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="UTC")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    subscribe(engine, "C_ONE")
    make_scheduler().tick(MONDAY_NINE)
    assert len(posts(fake)) == 2
    for minutes in (1, 6, 60, 600):
        make_scheduler().tick(MONDAY_NINE + timedelta(minutes=minutes))  # a new process each time
    assert len(posts(fake)) == 2


def test_a_digest_claimed_by_a_dead_process_goes_out_later_that_week(engine, fake, make_scheduler):
    sub = subscribe(engine, "C_ONE")
    key = digest_key("T1", sub, "2026-W49")
    Claims(engine, worker="dead").claim(key, team_id="T1", kind="digest", now=MONDAY_NINE)
    make_scheduler().tick(utc(2026, 12, 2, 10, 0))  # Wednesday
    assert len(posts(fake, "C_ONE")) == 1 and deliveries(engine)[key].status == "sent"


def test_rate_limit_storms_still_deliver_once(engine, fake, make_scheduler):
    for owner in ("U_A", "U_B"):
        fake.set_user(owner, tz="UTC")
        make_account(engine, f"{owner} account", owner=owner, tier="A").id
    subscribe(engine, "C_ONE")
    fake.rate_limit("users.info", retry_after=0, times=2)
    fake.rate_limit("conversations.open", retry_after=1, times=2)
    fake.rate_limit("chat.postMessage", retry_after=0, times=4)
    report = make_scheduler().tick(MONDAY_NINE)
    assert report.count("sent") == 3
    assert sum(1 for c in fake.calls("chat.postMessage") if c.status == 429) == 4
    assert sorted(c.params["channel"] for c in posts(fake)) == ["C_ONE", "DU_A", "DU_B"]
    make_scheduler().tick(MONDAY_NINE + timedelta(minutes=10))
    assert len(posts(fake)) == 3
