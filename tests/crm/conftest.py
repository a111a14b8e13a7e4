"""A fake Salesforce org on 127.0.0.1 (TLS), a workspace connected to it, and the real sync and push on top."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kambot.config import SalesforceSettings, load_settings
from kambot.jobs.crm_clients import client_for
from kambot.jobs.crm_push import CrmPush
from kambot.jobs.crm_sync import CrmSync
from kambot.slack.directory import slack_directory
from kambot.storage.crm_connections import save_connection
from kambot.storage.db import session_scope
from kambot.testing.fake_salesforce import FakeSalesforce

TEAM = "T1"


@pytest.fixture
def sf():
    """A running fake Salesforce that records every call."""
    with FakeSalesforce() as fake:
        yield fake


@pytest.fixture
def sf_settings(sf) -> SalesforceSettings:
    """Settings as an operator would write them, pointing at the fake (its CA, its login URL)."""
    return load_settings({"SALESFORCE_LOGIN_URL": sf.instance_url, "SALESFORCE_CLIENT_ID": sf.client_id,
                          "SALESFORCE_CLIENT_SECRET": sf.client_secret, "SALESFORCE_CA_BUNDLE": sf.ca_file,
                          "SALESFORCE_TIER_FIELD": "Tier__c", "SALESFORCE_TIMEOUT_SECONDS": "5"}).salesforce


@pytest.fixture
def connected(engine, sf, sf_settings):
    """Workspace T1 connected to the fake org."""
    with session_scope(engine) as session:
        return save_connection(session, team_id=TEAM, login_url=sf_settings.login_url, client_id=sf.client_id,
                               client_secret=sf.client_secret)


@pytest.fixture
def client(connected, sf_settings):
    """The team's real Salesforce client (simple-salesforce underneath)."""
    return client_for(connected, sf_settings)


@pytest.fixture
def directory(engine, fake):
    """The workspace's Slack users, through the real Slack directory against the fake Slack."""
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake.base_url})
    return slack_directory(settings, engine, TEAM)


@pytest.fixture
def sync(engine, client, directory):
    """Run one sync of T1 at an instant."""
    def run(now, **options):
        return CrmSync(engine, client, directory=directory).run(TEAM, now, **options)
    return run


@pytest.fixture
def push(engine, client, sf_settings):
    """Run one push of T1's outbox at an instant."""
    def run(now, *, worker="w1", lease=timedelta(minutes=5)):
        return CrmPush(engine, client, meetings_as=sf_settings.meetings_as, worker=worker, lease=lease).run(TEAM, now)
    return run
