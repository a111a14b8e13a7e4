"""Kambot out: touches, meetings and next steps become Salesforce Tasks and Events, once; Undo takes them back."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from kambot.jobs.crm_notify import tell_refusals
from kambot.jobs.messenger import Messenger
from kambot.slack.messenger import SlackMessenger
from kambot.config import load_settings
from kambot.storage.crm_models import CrmOutbox
from tests.crm.conftest import TEAM
from tests.crm.org import seed_org


@pytest.fixture
def org(sf, fake, sync, now):
    """The small org, synced into T1."""
    seeded = seed_org(sf, fake)
    assert sync(now).error is None
    return seeded


def _outbox(engine) -> list[CrmOutbox]:
    with Session(engine) as session:
        return list(session.execute(select(CrmOutbox).order_by(CrmOutbox.id)).scalars())


def test_a_logged_call_becomes_a_completed_task_and_its_next_step_an_open_one(engine, sf, org, kam, push, now):
    reply = kam("/kam log call with María López at Acme Corp yesterday about pricing, next: send proposal by Friday")
    assert reply.ok
    assert not [c for c in sf.calls if "composite" in c.path]  # the reply never waits for Salesforce
    report = push(now)
    assert (report.sent, report.refused) == (2, 0)
    done, step = sorted(sf.records("Task"), key=lambda t: t["Status"])
    assert (done["Status"], done["WhatId"], done["WhoId"], done["OwnerId"], done["TaskSubtype"]) == (
        "Completed", org.acme, org.maria, org.ana, "Call")
    assert done["ActivityDate"] == "2026-11-26" and "pricing" in done["Subject"]
    assert (step["Status"], step["ActivityDate"], step["WhatId"]) == ("Not Started", "2026-12-04", org.acme)
    assert "send proposal" in step["Subject"]
    assert push(now + timedelta(minutes=1)).sent == 0  # nothing is sent twice
    assert len(sf.records("Task")) == 2


def test_a_meeting_becomes_an_event_and_other_people_are_named(engine, sf, org, kam, push, now):
    assert kam("/kam log meeting with María López and Luis Gómez at Acme Corp today about the rollout").ok
    push(now)
    (event,) = sf.records("Event")
    assert event["WhoId"] == org.maria and event["StartDateTime"].startswith("2026-11-27")
    assert "Luis Gómez" in event["Description"]
    assert sf.records("Task") == []


def test_undo_deletes_what_was_created_and_cancels_what_was_not(engine, sf, org, kam, push, now):
    first = kam("/kam log call with María López at Acme Corp yesterday, next: send proposal by Friday")
    push(now)
    assert len(sf.records("Task")) == 2
    assert kam("/kam undo").kind == "undone"
    assert push(now + timedelta(minutes=1)).deleted == 2
    assert sf.records("Task") == []
    kam("/kam log email to Jane Doe at Globex today about the demo")
    assert kam("/kam undo").kind == "undone"
    push(now + timedelta(minutes=2))
    assert sf.records("Task") == []  # taken back before it was sent: never reached Salesforce
    assert first.ok and [o.status for o in _outbox(engine)][-1] == "cancelled"


def test_an_expired_session_logs_in_again_and_sends_once(engine, sf, org, kam, push, now):
    kam("/kam log call with María López at Acme Corp yesterday")
    push(now)  # logs in
    kam("/kam log call with Luis Gómez at Acme Corp today")
    sf.expire_sessions()
    assert push(now + timedelta(minutes=1)).sent == 1
    assert len(sf.records("Task")) == 2
    tokens = [c for c in sf.calls if c.path.endswith("/oauth2/token")]
    assert len(tokens) >= 2


def test_over_the_api_limit_the_team_pauses_and_status_says_so(engine, sf, org, kam, push, now):
    kam("/kam log call with María López at Acme Corp yesterday")
    sf.limit_exceeded(n=1)
    report = push(now)
    assert report.sent == 0 and report.errors
    status = kam("/kam salesforce status").text
    assert "Paused until" in status and "1 waiting" in status
    asked = sf.api_calls()
    assert push(now + timedelta(minutes=10)).sent == 0
    assert sf.api_calls() == asked  # paused: Salesforce is not asked at all
    assert push(now + timedelta(hours=1, minutes=1)).sent == 1


def test_server_errors_back_off_and_the_record_goes_later(engine, sf, org, kam, push, now):
    kam("/kam log call with María López at Acme Corp yesterday")
    sf.fail_next(n=1, status=503)
    assert push(now).retry == 1
    assert push(now + timedelta(seconds=30)).sent == 0  # backing off
    assert push(now + timedelta(minutes=2)).sent == 1
    assert len(sf.records("Task")) == 1


def test_one_refused_record_is_reported_to_its_logger_and_the_others_go_on(engine, sf, fake, org, kam, push, now):
    sf.reject("Task", lambda rec: "Globex" in (rec.get("Subject") or ""), message="Subject is not allowed here")
    kam("/kam log call with Jane Doe at Globex yesterday", user="U_ANA")
    kam("/kam log call with María López at Acme Corp yesterday", user="U_ANA")
    report = push(now)
    assert (report.sent, report.refused) == (1, 1)
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake.base_url})
    messenger: Messenger = SlackMessenger(settings, engine)
    assert tell_refusals(engine, messenger, team_id=TEAM) == 1
    assert tell_refusals(engine, messenger, team_id=TEAM) == 0  # told once
    (dm,) = fake.calls("chat.postMessage")
    assert "Salesforce refused the task for *Globex*" in str(dm.params) and "Subject is not allowed" in str(dm.params)


def test_a_lost_answer_is_found_by_its_marker_and_not_sent_again(engine, sf, org, kam, push, now):
    sf.external_id_fields = {}  # no External ID field in this org: the marker check protects the resend
    kam("/kam log call with María López at Acme Corp yesterday, next: send proposal by Friday")

    def hang_up():
        raise ConnectionAbortedError("the answer is lost")

    writes_before = len([c for c in sf.calls if "composite" in c.path])
    sf.die_after(2, hang_up)  # the 2nd REST request from now: Task's describe, then the write
    assert push(now).retry == 2  # Salesforce made the tasks; kambot never heard
    assert len(sf.records("Task")) == 2
    assert push(now + timedelta(minutes=10)).sent == 2
    assert len(sf.records("Task")) == 2  # found, not created again
    assert len([c for c in sf.calls if "composite" in c.path]) == writes_before + 1


def test_with_an_external_id_field_a_resend_is_an_upsert(engine, sf, org, kam, push, now):
    sf.external_id_fields = {"Task": "Kambot_Key__c", "Event": "Kambot_Key__c"}
    kam("/kam log call with María López at Acme Corp yesterday")
    assert push(now).sent == 1
    (task,) = sf.records("Task")
    assert task["Kambot_Key__c"].startswith(f"kambot:{TEAM}:")
    assert [o.status for o in _outbox(engine)] == ["sent"]


def test_contact_edits_made_in_slack_go_back_when_the_team_enables_it(engine, sf, org, kam, push, now):
    from kambot.storage.crm_connections import save_connection
    from kambot.storage.db import session_scope

    assert kam("/kam contact Acme Corp: Luis Gómez, title Head of Procurement").ok
    push(now)
    assert sf.record("Contact", org.luis)["Title"] == "Procurement Manager"  # off by default: nothing sent
    with session_scope(engine) as session:
        save_connection(session, team_id=TEAM, push_contacts=True)
    assert kam("/kam contact Acme Corp: Luis Gómez, title VP Procurement, department Purchasing").ok
    assert push(now + timedelta(minutes=1)).sent == 1
    luis = sf.record("Contact", org.luis)
    assert (luis["Title"], luis["Department"]) == ("VP Procurement", "Purchasing")


@pytest.mark.parametrize("shared", [True, False], ids=["shared-activities", "no-shared-activities"])
def test_the_other_contacts_of_a_call_join_the_task_where_shared_activities_is_on(engine, sf, org, kam, push, now,
                                                                                  shared):
    sf.shared_activities = shared
    assert kam("/kam log call with María López and Luis Gómez at Acme Corp yesterday about the budget").ok
    assert push(now).sent == 1
    (task,) = sf.records("Task")
    assert task["WhoId"] == org.maria and "Luis Gómez" in task["Description"]
    if shared:
        relations = {r["RelationId"] for r in sf.records("TaskRelation") if r["TaskId"] == task["Id"]}
        assert org.luis in relations
