"""Three `bot.py serve` and two `bot.py scheduler` processes on ONE PostgreSQL, talking to one fake Slack.

What the design guarantees, checked here: an event delivered to every process, and retried, is handled once;
a scheduled reminder or digest is sent once however many processes race for it; a reply a user saw was
committed first; work acknowledged but not finished when its process dies is lost whole (never half-written),
and the user, who saw no answer, can simply send it again.
"""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kambot.jobs.deliveries import digest_key, reminder_key
from kambot.jobs.digests import iso_week
from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import make_engine, migrate, session_scope
from kambot.storage.models import Delivery, DigestSubscription, ProcessedEvent, ReminderLog, Touchpoint
from kambot.testing.fake_slack import requests as sr
from kambot.testing.fake_slack.api import FakeSlack
from tests.scale import processes
from kambot.testing import postgres
from tests.support.postgres_required import require_postgres

OWNERS = [f"U_REP{n}" for n in range(6)]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A database, a fake Slack, three servers; everything stopped (killed if need be) afterwards."""
    require_postgres()
    name = f"kambot_procs_{uuid.uuid4().hex[:8]}"
    url = postgres.create_database(name)
    engine = make_engine(url)
    migrate(engine)  # the processes migrate too (an advisory lock makes that safe); this saves them the work
    with session_scope(engine) as session:
        account = create_account(session, team_id="T1", name="Hudson Logistics", owner=None)  # no reminders
        create_contact(session, team_id="T1", account_id=account.id, name="Ana Diaz")
    folder = tmp_path_factory.mktemp("procs")
    fake = FakeSlack()
    env = processes.environment(url, fake.base_url, sr.SIGNING_SECRET)
    servers = [processes.serve(f"serve{n}", env, folder) for n in range(3)]
    started: list = list(servers)
    try:
        processes.wait_healthy(servers)
        yield {"engine": engine, "fake": fake, "env": env, "folder": folder, "servers": servers, "started": started}
    finally:
        processes.stop(started)
        fake.stop()
        engine.dispose()
        postgres.drop_database(name)


def _touches(engine, summary: str) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(Touchpoint).where(Touchpoint.summary == summary)
                               ).scalar_one()


def _eventually(check, timeout: float, what: str, logs=()) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n" + "\n".join(p.tail() for p in logs)
        time.sleep(0.1)


def test_an_event_sent_to_every_process_and_retried_is_handled_once(cluster):
    engine, fake, servers = cluster["engine"], cluster["fake"], cluster["servers"]
    deliveries = []
    for n in range(4):
        first = sr.dm_event(f"met Ana Diaz at Hudson Logistics today, pilot {n}", user=f"U_DM{n}",
                            event_id=f"EvProc{n}")
        retries = [sr.sign(first.body, "application/json", first.data, headers={
            "X-Slack-Retry-Num": str(k), "X-Slack-Retry-Reason": "http_timeout"}) for k in (1, 2)]
        # The same delivery to all three processes at once, and Slack's two retries to two of them.
        deliveries += [(first, s) for s in servers] + [(retries[0], servers[0]), (retries[1], servers[2])]
    with ThreadPoolExecutor(max_workers=len(deliveries)) as pool:
        answers = list(pool.map(lambda d: d[0].post(d[1].url, timeout=10), deliveries))
    assert [status for status, _ in answers] == [200] * len(deliveries)
    summaries = [f"met Ana Diaz at Hudson Logistics today, pilot {n}" for n in range(4)]
    _eventually(lambda: all(_touches(engine, s) for s in summaries), 60, "the four touchpoints", servers)
    _eventually(lambda: len(fake.calls("chat.postMessage")) >= 4, 30, "the four replies", servers)
    time.sleep(2)  # a duplicate would be written by now: the other deliveries were answered long ago
    assert [_touches(engine, s) for s in summaries] == [1, 1, 1, 1]
    assert sorted(c.params["channel"] for c in fake.calls("chat.postMessage")) == [f"DU_DM{n}" for n in range(4)]
    with session_scope(engine) as session:
        keys = session.execute(select(ProcessedEvent.key).where(ProcessedEvent.key.like("event:EvProc%"))).scalars()
        assert sorted(keys) == [f"event:EvProc{n}" for n in range(4)]


def _reminder_zone(now: datetime) -> str | None:
    """A zone where it is now a weekday between 9:00 and 22:59, so the scheduler's reminders are due."""
    for offset in range(14, -13, -1):
        zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-3 is UTC+3: the sign is reversed
        local = now.astimezone(ZoneInfo(zone))
        if local.weekday() < 5 and 9 <= local.hour <= 22:
            return zone
    return None


def test_scheduled_deliveries_are_sent_once_across_processes(cluster):
    engine, fake = cluster["engine"], cluster["fake"]
    now = datetime.now(timezone.utc)
    # Saturday midday to Sunday evening (UTC) no zone has a weekday 9:00: then the `remind` processes
    # (which send today's reminder whatever the hour, under the same claim) carry the reminders alone.
    zone = _reminder_zone(now) or "UTC"
    with session_scope(engine) as session:
        for owner in OWNERS:
            fake.set_user(owner, tz=zone)
            for n in range(2):  # never touched: stale
                create_account(session, team_id="T1", name=f"{owner} Holdings {n}", owner=owner, tier="A")
        sub = DigestSubscription(team_id="T1", channel_id="C_DIGEST", scope="all", weekday=now.weekday(), hour=0,
                                 tz="UTC", lang="en")
        session.add(sub)
        session.flush()
        sub_id = sub.id
    env, folder = cluster["env"], cluster["folder"]
    fake.delay("chat.postMessage", 0.4)  # slow sends keep the four processes' runs overlapping: a real race
    racers = [processes.spawn(f"scheduler{n}", ["scheduler"], env, folder) for n in range(2)]
    racers += [processes.spawn(f"remind{n}", ["remind"], env, folder) for n in range(2)]
    cluster["started"].extend(racers)
    day = now.astimezone(ZoneInfo(zone)).date().isoformat()
    keys = [reminder_key("T1", owner, day) for owner in OWNERS] + [digest_key("T1", sub_id, iso_week(now.date()))]

    def all_sent() -> bool:
        with session_scope(engine) as session:
            rows = session.execute(select(Delivery.key, Delivery.status).where(Delivery.key.in_(keys))).all()
        return len(rows) == len(keys) and {status for _, status in rows} == {"sent"}

    _eventually(all_sent, 90, "every delivery sent", racers)
    for proc in racers[2:]:
        proc.popen.wait(timeout=60)  # `remind` exits once its run is over: no late second send
    time.sleep(1)
    fake.delay("chat.postMessage", 0)
    posts = [c.params["channel"] for c in fake.calls("chat.postMessage") if not c.params["channel"].startswith("DU_DM")]
    assert sorted(posts) == sorted(["C_DIGEST", *[f"D{owner}" for owner in OWNERS]])
    with session_scope(engine) as session:
        assert session.execute(select(func.count()).select_from(ReminderLog)).scalar_one() == 2 * len(OWNERS)
        attempts = session.execute(select(Delivery.attempts).where(Delivery.key.in_(keys))).scalars()
        assert set(attempts) == {1}
    codes = processes.stop(racers)
    assert codes == {p.name: 0 for p in racers}, "\n".join(p.tail() for p in racers)


def test_a_process_killed_after_the_ack_loses_nothing_it_confirmed(cluster):
    engine, fake, servers = cluster["engine"], cluster["fake"], cluster["servers"]
    # 1. Killed right after its reply: the touchpoint was committed before the reply went out.
    line = "log call with Ana Diaz at Hudson Logistics yesterday"
    status, _ = sr.slash_command(line, user_id="U_KILL1", response_url=fake.response_url("kill1")).post(servers[0].url)
    assert status == 200
    _eventually(lambda: any(c.path == "/response/kill1" for c in fake.calls("response_url")), 30, "the reply",
                servers[:1])
    servers[0].popen.kill()
    assert _touches(engine, line[4:]) == 1
    # 2. Killed after the ack, while the work waits on Slack (users.info held for 4 s): nothing is written,
    # no reply is sent. Slack never retries a slash command, so the user, who saw no answer, sends it again.
    line = "log lunch with Ana Diaz at Hudson Logistics 2 days ago"
    fake.delay("users.info", 4.0)
    started = time.monotonic()
    status, _ = sr.slash_command(line, user_id="U_KILL2", response_url=fake.response_url("kill2")).post(servers[1].url)
    assert status == 200 and time.monotonic() - started < 3  # acknowledged before the work
    time.sleep(1.0)
    servers[1].popen.kill()
    servers[1].popen.wait(timeout=10)
    time.sleep(4.0)  # the held users.info answers into a dead socket
    fake.delay("users.info", 0)
    assert _touches(engine, line[4:]) == 0
    assert not any(c.path == "/response/kill2" for c in fake.calls("response_url"))
    status, _ = sr.slash_command(line, user_id="U_KILL2", response_url=fake.response_url("again")).post(servers[2].url)
    assert status == 200
    _eventually(lambda: _touches(engine, line[4:]) == 1, 30, "the re-sent touchpoint", servers[2:])
    assert servers[2].alive()
