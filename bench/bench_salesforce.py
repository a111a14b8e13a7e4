"""The Salesforce bridge at scale (issue 14): first load from the fake org, pushing the outbox, /kam log with sync on.

Run: python -m bench.bench_salesforce [--size S|L|XS] [--db sqlite,postgres] [--parts load,push,ack]
                                      [--profile] [--write]
Sizes: XS 2,000 accounts / 20,000 contacts, S 10,000 / 100,000, L 100,000 / 1,000,000.
Targets: first load >= 20,000 records/s (accounts and contacts, into an empty database, through Bulk API 2.0);
10,000 touchpoints pushed in <= 60 s with at most one API request per 200 records; the ack and reply of
`/kam log` about the same with a sync running in another process as without.
The fake org runs in a child process of its own (Salesforce is another machine), so this process's CPU time
is kambot's side; the fake's CPU is reported apart.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from bench import sfreport
from bench.databases import Databases
from bench.profiling import profile
from bench.sforg import USERS, FakeOrg, user_email
from kambot.config import load_settings
from kambot.jobs import crm_sync
from kambot.jobs.crm_clients import client_for
from kambot.jobs.crm_push import CrmPush
from kambot.jobs.crm_sync import CrmSync
from kambot.storage.crm_connections import save_connection
from kambot.storage.crm_models import CrmOutbox
from kambot.storage.crm_outbox import enqueue_touch
from kambot.storage.db import make_engine, migrate, session_scope
from kambot.storage.models import Account, Contact, Touchpoint

SIZES = {"XS": (2_000, 20_000), "S": (10_000, 100_000), "L": (100_000, 1_000_000)}
TEAM = "T_SF"
LOAD_RATE = 20_000  # records/s
PUSH_S, PER_REQUEST = 60.0, 200
PUSH_TOUCHES = 10_000
ACK_REQUESTS = 60
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


class Directory:
    """The workspace's users by email (the org's users are the same people): no Slack call is timed here."""

    def user_by_email(self, email: str) -> str | None:
        return f"U_KAM{email[3:6]}" if email.startswith("kam") else None


def slack_id(i: int) -> str:
    return f"U_KAM{i:03d}"


def settings_for(org: FakeOrg):
    f = org.facts
    return load_settings({"SALESFORCE_LOGIN_URL": f.instance_url, "SALESFORCE_CLIENT_ID": f.client_id,
                          "SALESFORCE_CLIENT_SECRET": f.client_secret, "SALESFORCE_CA_BUNDLE": f.ca_file,
                          "SALESFORCE_TIER_FIELD": "Tier__c", "SALESFORCE_TIMEOUT_SECONDS": "120"}).salesforce


def connect(engine, org: FakeOrg, team: str):
    """The team connected to the fake org; its client (nothing asked yet)."""
    settings = settings_for(org)
    with session_scope(engine) as session:
        connection = save_connection(session, team_id=team, login_url=settings.login_url,
                                     client_id=org.facts.client_id, client_secret=org.facts.client_secret)
    return client_for(connection, settings), settings


def first_load(engine, org: FakeOrg, team: str = TEAM, *, profiled: bool = False, log=print) -> dict:
    """CrmSync.run of an empty team; records/s over accounts and contacts, with phases and CPU apart."""
    client, _ = connect(engine, org, team)
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(name: str, done: int, total: int) -> None:
        marks.setdefault(f"{name} first page", time.perf_counter() - started)
        if done >= total:
            marks[f"{name} done"] = time.perf_counter() - started

    managers = crm_sync.resolve_managers

    def timed_managers(*args, **kwargs):
        at = time.perf_counter()
        try:
            return managers(*args, **kwargs)
        finally:
            marks["resolve_managers s"] = time.perf_counter() - at

    crm_sync.resolve_managers = timed_managers
    sync = CrmSync(engine, client, directory=Directory(), progress=progress)
    fake_cpu, cpu = org.cpu(), time.process_time()
    calls_before = org.calls()[0]
    text = None
    started = time.perf_counter()
    try:
        if profiled:
            box = {}
            text = profile(lambda: box.setdefault("report", sync.run(team, NOW)), top=25)
            report = box["report"]
        else:
            report = sync.run(team, NOW)
    finally:
        crm_sync.resolve_managers = managers
    wall, cpu, fake_cpu = time.perf_counter() - started, time.process_time() - cpu, org.cpu() - fake_cpu
    if report.error:
        raise RuntimeError(f"sync failed: {report.error}")
    with session_scope(engine) as session:
        accounts = session.execute(select(func.count()).select_from(Account).where(Account.team_id == team)).scalar()
        contacts = session.execute(select(func.count()).select_from(Contact).where(Contact.team_id == team)).scalar()
        managed = session.execute(select(func.count()).select_from(Contact).where(
            Contact.team_id == team, Contact.reports_to_id.is_not(None))).scalar()
    records = accounts + contacts
    result = {"accounts": accounts, "contacts": contacts, "with_manager": managed, "wall": wall, "cpu": cpu,
              "fake_cpu": fake_cpu, "rate": records / wall, "cpu_rate": records / max(cpu, 1e-9),
              "api_calls": org.calls()[0] - calls_before, "phases": {k: round(v, 2) for k, v in marks.items()},
              "counts": report.summary()}
    log(f"  first load: {accounts:,} accounts + {contacts:,} contacts in {wall:.1f} s = {result['rate']:,.0f} "
        f"records/s (our CPU {cpu:.1f} s = {result['cpu_rate']:,.0f} records/s; fake's CPU {fake_cpu:.1f} s; "
        f"{result['api_calls']} API calls)")
    log(f"    phases (s from start): {result['phases']}")
    if text:
        result["profile"] = text
    return result


def fill_outbox(engine, team: str, count: int, seed: int = 5) -> int:
    """`count` touchpoints logged by the org's users on synced accounts, each owed to the CRM as /kam log does."""
    rng = random.Random(seed)
    kinds = ("call", "email", "meeting", "meal", "message", "event")
    with session_scope(engine) as session:
        accounts = list(session.execute(select(Account.id).where(Account.team_id == team)
                                        .order_by(Account.id).limit(20_000)).scalars())
        people: dict[int, list[int]] = {}
        for contact_id, account_id in session.execute(select(Contact.id, Contact.account_id).where(
                Contact.team_id == team, Contact.account_id.in_(accounts[:5000]))):
            people.setdefault(account_id, []).append(contact_id)
        staffed = sorted(people)
        touches = []
        for i in range(count):
            account = rng.choice(staffed)
            step = rng.random() < 0.25
            day = date(2026, 11, 26) - timedelta(days=rng.randrange(30))
            touches.append(Touchpoint(
                team_id=team, account_id=account, kind=rng.choice(kinds), occurred_on=day,
                summary=f"Talked about the rollout and pricing ({i}).", logged_by=slack_id(rng.randrange(USERS)),
                next_step="send the proposal" if step else None,
                next_step_due=day + timedelta(days=7) if step else None, created_at=NOW))
        session.add_all(touches)
        session.flush()
        owed = 0
        for touch in touches:
            contacts = rng.sample(people[touch.account_id], min(len(people[touch.account_id]), rng.choice((1, 1, 2))))
            owed += enqueue_touch(session, touch, contact_ids=contacts, participants=[], now=NOW)
    return owed


def push(engine, org: FakeOrg, team: str, *, external_ids: bool, touches: int = PUSH_TOUCHES, log=print) -> dict:
    """Fill the outbox with `touches` touchpoints, then CrmPush.run until it is empty; time and API requests."""
    org.ask("external_ids", external_ids)
    with session_scope(engine) as session:
        session.execute(CrmOutbox.__table__.delete().where(CrmOutbox.team_id == team))
    owed = fill_outbox(engine, team, touches, seed=5 if external_ids else 6)
    client, settings = connect(engine, org, team)
    pusher = CrmPush(engine, client, meetings_as=settings.meetings_as, worker="bench")
    calls, composite = org.calls("composite")
    tasks, events = org.ask("count", "Task"), org.ask("count", "Event")
    fake_cpu, cpu, started = org.cpu(), time.process_time(), time.perf_counter()
    runs, sent, refused = 0, 0, 0
    while True:
        runs += 1
        report = pusher.run(team, NOW)
        sent, refused = sent + report.sent, refused + report.refused
        if report.errors:
            raise RuntimeError(f"push failed: {report.errors}")
        with session_scope(engine) as session:
            left = session.execute(select(func.count()).select_from(CrmOutbox).where(
                CrmOutbox.team_id == team, CrmOutbox.status.in_(("pending", "sending")))).scalar()
        if not left or runs > 5:
            break
    wall, cpu, fake_cpu = time.perf_counter() - started, time.process_time() - cpu, org.cpu() - fake_cpu
    calls_after, composite_after = org.calls("composite")
    made = org.ask("count", "Task") - tasks + org.ask("count", "Event") - events
    result = {"touches": touches, "records": owed, "sent": sent, "refused": refused, "left": left, "made": made,
              "wall": wall, "cpu": cpu, "fake_cpu": fake_cpu, "requests": calls_after - calls,
              "composite": composite_after - composite, "runs": runs, "external_ids": external_ids,
              "records_per_request": sent / max(calls_after - calls, 1)}
    log(f"  push ({'External ID upserts' if external_ids else 'creates with markers'}): {touches:,} touches = "
        f"{owed:,} records, {sent:,} sent ({made:,} made in the org, {refused} refused, {left} left) in {wall:.1f} s "
        f"(our CPU {cpu:.1f} s, fake's {fake_cpu:.1f} s); {result['requests']} API requests "
        f"({result['composite']} composite) = {result['records_per_request']:.0f} records a request")
    return result


def _sync_loop(url: str, facts, stop, started, rounds, pages) -> None:
    """Child process: first loads of new teams from the org, one after the other, until told to stop."""
    import logging

    logging.disable(logging.WARNING)
    engine = make_engine(url)

    class Org:  # connect() only needs the facts
        pass

    org = Org()
    org.facts = facts
    n = 0
    while not stop.is_set():
        client, _ = connect(engine, org, f"T_SYNC{n}")
        started.set()

        def progress(_name, _done, _total):
            pages.value += 1

        CrmSync(engine, client, directory=Directory(), progress=progress).run(f"T_SYNC{n}", NOW)
        n += 1
        rounds.value = n
    engine.dispose()


def ack_with_sync(url: str, org: FakeOrg, *, accounts: int, requests: int, log=print) -> dict:
    """/kam log ack and reply on a loaded team, without and then with a first load running in another process."""
    from bench.bench_ack import TEAM as ACK_TEAM, _drive
    from bench.bench_log import populate
    from kambot.app import freeze_startup_objects
    from kambot.core.dispatch import Core
    from kambot.domain.parsing.line import warm_up
    from kambot.slack.app import create_app
    from kambot.testing.fake_slack import requests as sr
    from kambot.testing.fake_slack.api import FakeSlack
    from slack_sdk import WebClient

    engine = make_engine(url)
    samples = populate(engine, team_id=ACK_TEAM, size=accounts)
    warm_up()
    rng = random.Random(accounts)
    found: dict[str, dict] = {}
    ctx = multiprocessing.get_context("spawn")
    with FakeSlack(team_id=ACK_TEAM) as fake:
        settings = load_settings({"SLACK_API_URL": fake.base_url, "SLACK_BOT_TOKEN": "xoxb-bench",
                                  "SLACK_SIGNING_SECRET": sr.SIGNING_SECRET, "DATABASE_URL": url})
        app = create_app(settings=settings, core=Core(engine),
                         client=WebClient(base_url=fake.base_url, token="xoxb-bench"),
                         clock=lambda: datetime.now(timezone.utc))

        def commands(n):
            return [sr.slash_command(f"log call with {s.contact.split()[0]} at {s.name} yesterday, next: proposal "
                                     f"by Friday", response_url=fake.response_url()) for s in rng.choices(samples, k=n)]

        _drive(app, fake, commands(5), "response_url")
        freeze_startup_objects()
        for label in ("without sync", "with sync"):
            child = None
            if label == "with sync":
                stop, started, rounds, pages = ctx.Event(), ctx.Event(), ctx.Value("i", 0), ctx.Value("i", 0)
                child = ctx.Process(target=_sync_loop, args=(url, org.facts, stop, started, rounds, pages),
                                    daemon=True)
                child.start()
                started.wait(120)
                waited = time.perf_counter()
                while pages.value < 1 and time.perf_counter() - waited < 180:  # until it writes pages
                    time.sleep(0.2)
            calls_before = org.calls()[0]
            cpu_before = time.process_time()
            acks, replies = _drive(app, fake, commands(requests), "response_url")
            cpu = time.process_time() - cpu_before
            if child is not None:  # a sync killed mid-load is one the next run goes on from
                stop.set()
                written = pages.value
                child.terminate()
                child.join(60)
            found[label] = {"n": len(acks), "ack_p50": statistics.median(acks) * 1e3,
                            "ack_p99": sorted(acks)[min(len(acks) - 1, int(len(acks) * 0.99))] * 1e3,
                            "reply_p50": statistics.median(replies) * 1e3,
                            "reply_p99": sorted(replies)[min(len(replies) - 1, int(len(replies) * 0.99))] * 1e3,
                            "cpu_mean": cpu / len(acks) * 1e3, "org_calls": org.calls()[0] - calls_before,
                            "load": round(os.getloadavg()[0], 1)}
            if child is not None:
                found[label]["sync_rounds"] = rounds.value
                found[label]["sync_pages"] = written
            f = found[label]
            log(f"  /kam log {label:<12}: ack median {f['ack_p50']:.2f} p99 {f['ack_p99']:.2f} ms, reply median "
                f"{f['reply_p50']:.1f} p99 {f['reply_p99']:.1f} ms, CPU {f['cpu_mean']:.1f} ms/request")
        app.listener_runner.lazy_listener_runner.executor.shutdown(wait=True)
    engine.dispose()
    return found


def run_db(db: str, size: str, parts: list[str], dbs: Databases, *, profiled: bool, requests: int,
           log=print) -> dict:
    """Every part on one database kind, with one fake org of `size`."""
    accounts, contacts = SIZES[size]
    result = {"db": db, "size": size, "sizes": [accounts, contacts],
              "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "load": round(os.getloadavg()[0], 1)}
    started = time.perf_counter()
    with FakeOrg(accounts, contacts) as org:
        result["org"] = {**org.facts.counts, "seed_s": round(org.facts.seed_s, 1)}
        log(f"{db} {size}: fake org with {org.facts.counts} seeded in {time.perf_counter() - started:.1f} s")
        url = dbs.create(db, f"sf{size}")
        engine = make_engine(url)
        migrate(engine)
        dbs.watch_cpu(engine)
        result["server"] = dbs.version(db)
        try:
            if "load" in parts or "push" in parts:
                result["first_load"] = first_load(engine, org, profiled=profiled, log=log)
            if "push" in parts:
                result["push"] = push(engine, org, TEAM, external_ids=True, log=log)
                result["push_no_external_id"] = push(engine, org, TEAM, external_ids=False, log=log)
            engine.dispose()
            if "ack" in parts:
                ack_url = dbs.create(db, f"sfack{size}")
                migrate(make_engine(ack_url))
                result["ack"] = ack_with_sync(ack_url, org, accounts=10_000, requests=requests, log=log)
                dbs.drop(db, f"sfack{size}")
        finally:
            engine.dispose()
            dbs.drop(db, f"sf{size}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_salesforce", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="S", choices=sorted(SIZES))
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--parts", default="load,push,ack")
    parser.add_argument("--requests", type=int, default=ACK_REQUESTS, help="measured /kam log requests each way (default 60)")
    parser.add_argument("--profile", action="store_true", help="cProfile the first load (slower; prints the top)")
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--write", action="store_true", help="store in bench/results.json and docs/performance.md")
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    kinds = [k.strip() for k in args.db.split(",") if k.strip()]
    dbs = Databases(args.postgres_url)
    started = time.perf_counter()
    try:
        for kind in kinds:
            result = run_db(kind, args.size, parts, dbs, profiled=args.profile, requests=args.requests,
                            log=lambda line: print(line, flush=True))
            if args.profile and "profile" in result.get("first_load", {}):
                print(result["first_load"]["profile"])
            for line in sfreport.verdicts(result):
                print("    " + line)
            if args.write:
                sfreport.save(result)
    finally:
        dbs.close()
    if args.write:
        sfreport.write_doc()
    print(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
