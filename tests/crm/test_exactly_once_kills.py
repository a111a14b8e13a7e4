"""Exactly once with the push process killed at random moments: every touch reaches Salesforce, none twice."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from kambot.domain.crm import find_marker
from kambot.storage.crm_models import CrmOutbox
from tests.crm.org import seed_org

ROOT = Path(__file__).resolve().parents[2]
KILLS = 22


def _push_process(db_url: str, sf) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SALESFORCE_"))}
    env.update(DATABASE_URL=db_url, LOG_LEVEL="WARNING", SALESFORCE_CA_BUNDLE=sf.ca_file,
               SALESFORCE_PUSH_LEASE_SECONDS="1")
    return subprocess.Popen([sys.executable, "bot.py", "salesforce", "push", "--team", "T1"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _outbox(engine) -> list[CrmOutbox]:
    with Session(engine) as session:
        return list(session.execute(select(CrmOutbox)).scalars())


@pytest.mark.parametrize("external_id", [False, True], ids=["marker", "external-id"])
def test_killed_pushes_leave_no_duplicate_and_no_missing_task(engine, db_url, sf, fake, sync, kam, now, external_id):
    seed_org(sf, fake)
    assert sync(now).error is None
    sf.external_id_fields = {"Task": "Kambot_Key__c", "Event": "Kambot_Key__c"} if external_id else {}
    sf.slow(0.2, n=100_000)  # every answer takes a while, so kills land mid-request too
    chance = random.Random(20261208 + external_id)
    wanted, kills, round_ = (6 if external_id else KILLS), 0, 0
    while kills < wanted and round_ < 3 * wanted:  # a run that ends before its kill counts no kill
        for i in range(25):  # new work before every run, so each kill finds some in flight
            assert kam(f"/kam log call with María López at Acme Corp yesterday about item {round_}-{i}, "
                       f"next: follow up {round_}-{i} by Friday").ok
        process = _push_process(db_url, sf)
        time.sleep(chance.uniform(0.8, 3.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=30)
        time.sleep(1.1)  # the lease of the killed process runs out
        round_ += 1
    for _ in range(3):  # then let it finish in peace
        _push_process(db_url, sf).wait(timeout=240)
        time.sleep(1.1)
    rows = _outbox(engine)
    assert kills == wanted
    assert {r.status for r in rows} == {"sent"}
    made = Counter(find_marker(t["Description"]) for t in [*sf.records("Task"), *sf.records("Event")])
    assert set(made) == {r.key for r in rows}  # none missing
    assert max(made.values()) == 1  # none twice
