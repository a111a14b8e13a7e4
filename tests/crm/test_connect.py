"""Connecting: the JWT bearer flow, a large first load through Bulk API 2.0, and cursors on whole seconds."""
from __future__ import annotations

from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select
from sqlmodel import Session

from kambot.jobs.crm_clients import client_for
from kambot.jobs.crm_sync import BULK_FROM, CrmSync
from kambot.storage.crm_connections import save_connection
from kambot.storage.db import session_scope
from kambot.storage.models import Account, Contact
from tests.crm.conftest import TEAM
from tests.crm.org import seed_org


def test_the_jwt_bearer_flow_logs_in_with_a_private_key(engine, sf, fake, sf_settings, tmp_path, now):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "server.key"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    sf.add_jwt_user("integration@ours.example", key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    seed_org(sf, fake)
    with session_scope(engine) as session:
        row = save_connection(session, team_id=TEAM, login_url=sf_settings.login_url, client_id=sf.client_id,
                              username="integration@ours.example", private_key_file=str(pem))
    report = CrmSync(engine, client_for(row, sf_settings)).run(TEAM, now)
    assert report.error is None and report.counts["Account"].new == 2
    grant = [c for c in sf.calls if c.path.endswith("/oauth2/token")][0]
    assert "jwt-bearer" in str(grant.body) or "jwt-bearer" in str(grant.params)


def test_a_wrong_secret_is_a_clear_error_that_never_shows_the_secret(engine, sf, sf_settings, now):
    with session_scope(engine) as session:
        row = save_connection(session, team_id=TEAM, login_url=sf_settings.login_url, client_id=sf.client_id,
                              client_secret="not-the-secret")
    report = CrmSync(engine, client_for(row, sf_settings)).run(TEAM, now)
    assert report.error and "refused the login" in report.error and "not-the-secret" not in report.error


def test_a_large_first_load_goes_through_bulk_api_2(engine, sf, connected, client, now):
    accounts = sf.insert_many("Account", ({"Name": f"Account {i:05d}", "Tier__c": "B"} for i in range(BULK_FROM)))
    sf.insert_many("Contact", ({"AccountId": accounts[i % len(accounts)], "LastName": f"Person {i}"}
                               for i in range(BULK_FROM + 500)))
    seen = []
    report = CrmSync(engine, client, progress=lambda name, done, total: seen.append((name, done, total))).run(TEAM, now)
    assert report.error is None
    assert any("/jobs/query" in c.path for c in sf.calls)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Account)).scalar() == BULK_FROM
        assert session.execute(select(func.count()).select_from(Contact)).scalar() == BULK_FROM + 500
    assert seen[-1] == ("Contact", BULK_FROM + 500, BULK_FROM + 500)  # the progress bar reaches its end


def test_a_change_in_the_cursors_own_second_is_not_missed(engine, sf, fake, sync, now):
    sf.whole_seconds = True  # as Salesforce stamps: two saves in one second share a SystemModstamp
    org = seed_org(sf, fake)
    sync(now)
    sf.update("Contact", org.jane, {"Title": "CEO"})  # most likely within the second of the last read
    sync(now + timedelta(minutes=15))
    with Session(engine) as session:
        assert session.execute(select(Contact.title).where(Contact.crm_id == org.jane)).scalar() == "CEO"
