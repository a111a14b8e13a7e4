"""When Salesforce misbehaves during a sync: timeouts and 5xx stop it cleanly, the limit pauses it, the next run resumes."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from kambot.config import load_settings
from kambot.jobs.crm_clients import client_for
from kambot.jobs.crm_sync import CrmSync
from kambot.storage.models import Account
from tests.crm.conftest import TEAM
from tests.crm.org import seed_org


def _count(engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(Account).where(Account.team_id == TEAM)).scalar()


def test_a_timeout_stops_the_sync_and_the_next_run_brings_everything(engine, sf, fake, connected, sync, now):
    seed_org(sf, fake)
    impatient = load_settings({"SALESFORCE_CA_BUNDLE": sf.ca_file, "SALESFORCE_TIMEOUT_SECONDS": "1",
                               "SALESFORCE_TIER_FIELD": "Tier__c"}).salesforce
    sf.slow(2.5, n=1)
    report = CrmSync(engine, client_for(connected, impatient)).run(TEAM, now)
    assert report.error and "did not answer" in report.error
    assert sync(now + timedelta(minutes=15)).error is None
    assert _count(engine) == 2


def test_a_server_error_mid_sync_keeps_what_was_read_and_resumes(engine, sf, fake, sync, kam, now):
    seed_org(sf, fake)
    sf.fail_next(n=1, status=500)
    first = sync(now)
    assert first.error and "500" in first.error
    assert "500" in kam("/kam salesforce status").text  # the admin sees why
    assert sync(now + timedelta(minutes=15)).error is None
    assert _count(engine) == 2
    assert "Last error" not in kam("/kam salesforce status").text


def test_over_the_limit_the_sync_pauses_and_asks_nothing_until_then(engine, sf, fake, sync, kam, now):
    seed_org(sf, fake)
    sf.limit_exceeded(n=1)
    assert "REQUEST_LIMIT_EXCEEDED" in sync(now).error
    asked = sf.api_calls()
    assert "paused" in sync(now + timedelta(minutes=15)).error
    assert sf.api_calls() == asked
    assert "Paused until" in kam("/kam salesforce status").text
    assert sync(now + timedelta(hours=1, minutes=1)).error is None and _count(engine) == 2
