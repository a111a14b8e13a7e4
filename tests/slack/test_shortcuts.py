"""Shortcuts open the log form (views.open first), its pickers type-ahead, and submitting logs one touchpoint."""
import json
from datetime import datetime, timezone

import pytest

from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Touchpoint, TouchpointContact
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, count, form_state, response_at, send, view_of
from tests.support.factories import bulk_accounts, make_account, make_contacts

MODAL = {"callback_id": "log_touchpoint_modal", "private_metadata": json.dumps({"lang": "en"})}


def _block(view, block_id):
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"]


def _submit(app, values, meta=None, user="U1"):
    view = {**MODAL, "state": {"values": values}}
    if meta is not None:
        view["private_metadata"] = json.dumps(meta)
    return send(app, sr.view_submission(view, user_id=user))


def test_global_shortcut_opens_the_empty_form_at_once(app, fake):
    assert send(app, sr.global_shortcut("log_touchpoint_global", trigger_id="T-9")).status == 200
    opened = fake.wait_for("views.open")[0]
    view = view_of(opened)
    assert opened.params["trigger_id"] == "T-9" and view["callback_id"] == "log_touchpoint_modal"
    assert [b["block_id"] for b in view["blocks"]] == ["tp_account", "tp_contacts", "tp_kind", "tp_date",
                                                       "tp_summary", "tp_next", "tp_due"]
    assert _block(view, "tp_date")["initial_date"] == "2026-11-27"
    assert "initial_option" not in _block(view, "tp_account")


def test_message_shortcut_opens_loading_then_the_parsed_form(app, fake):
    fake.delay("users.info", 0.3)  # slow work happens after views.open, never before
    message = {"text": "Call with Pat yesterday, next: send pricing by Friday", "user": "U2"}
    send(app, sr.message_shortcut("log_touchpoint", message, trigger_id="T-1"))
    opened, updated = fake.wait_for("views.open")[0], fake.wait_for("views.update", timeout=10)[0]
    assert opened.at < fake.calls("users.info")[0].at
    assert updated.params["view_id"] == opened.response["view"]["id"]
    view = view_of(updated)
    assert _block(view, "tp_kind")["initial_option"]["value"] == "call"
    assert _block(view, "tp_date")["initial_date"] == "2026-11-26"
    assert _block(view, "tp_next")["initial_value"].startswith("send pricing")
    assert _block(view, "tp_due")["initial_date"]
    assert fake.errors() == []


def test_message_shortcut_prefills_account_and_contacts(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    maria, _ = (c.id for c in make_contacts(engine, account_id, ["Maria Lopez", "John Smith"]))
    send(app, sr.message_shortcut("log_touchpoint", {"text": "lunch with Maria at Acme today"}))
    view = view_of(fake.wait_for("views.update")[0])
    assert _block(view, "tp_account")["initial_option"] == {
        "text": {"type": "plain_text", "text": "Acme", "emoji": True}, "value": str(account_id)}
    assert [o["value"] for o in _block(view, "tp_contacts")["initial_options"]] == [str(maria)]
    assert _block(view, "tp_kind")["initial_option"]["value"] == "meal"
    assert count(engine, Touchpoint) == 0  # prefill writes nothing


def test_submit_writes_one_touchpoint_and_confirms_by_dm(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    maria, john = (c.id for c in make_contacts(engine, account_id, ["Maria Lopez", "John Smith"]))
    values = form_state(account=account_id, contacts=[maria], kind="meeting", day="2026-11-25",
                        summary="QBR & renewal <!channel>", next_step="send deck", due="2026-12-02")
    response = _submit(app, values)
    assert response.status == 200 and response.body == ""
    app.settle()
    with session_scope(engine) as session:
        touch = session.execute(select(Touchpoint)).scalar_one()
        assert (touch.kind, str(touch.occurred_on), touch.source, touch.logged_by) == ("meeting", "2026-11-25",
                                                                                       "shortcut", "U1")
        assert touch.next_step == "send deck" and str(touch.next_step_due) == "2026-12-02"
        assert [r.contact_id for r in session.execute(select(TouchpointContact)).scalars()] == [maria]
    post = fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "DU1" and fake.last("conversations.open").params["users"] == "U1"
    assert post.params["blocks"][-1]["elements"][0] == {
        "type": "button", "text": {"type": "plain_text", "text": "Undo", "emoji": True},
        "action_id": "touchpoint_undo", "value": str(touch.id)}
    fake.wait_for("views.publish")
    assert_escaped(fake)


def test_submit_errors_are_shown_in_the_form_and_nothing_is_written(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    other_id = make_account(engine, "Globex").id
    stranger, = (c.id for c in make_contacts(engine, other_id, ["Hank Scorpio"]))
    cases = [
        (form_state(account=None), "tp_account"),
        (form_state(account=account_id, day="2027-01-01"), "tp_date"),
        (form_state(account=account_id, contacts=[stranger]), "tp_contacts"),
        (form_state(account=99999), "tp_account"),
    ]
    for values, block in cases:
        body = json.loads(_submit(app, values).body)
        assert body["response_action"] == "errors" and block in body["errors"], body
    assert count(engine, Touchpoint) == 0


def test_expired_trigger_tells_the_user_what_to_do(app, fake):
    fake.fail("views.open", "expired_trigger_id")
    send(app, sr.message_shortcut("log_touchpoint", {"text": "call with Pat"}, response_url=fake.response_url("x")))
    reply = response_at(fake, "x")
    assert reply.json["response_type"] == "ephemeral" and "shortcut again" in reply.json["text"]


def test_account_options_type_ahead(app, fake, engine):
    bulk_accounts(engine, 150, prefix="Acme")
    make_account(engine, "Umbrella Salud " + "x" * 100)
    make_account(engine, "Other team", team="T2")
    body = json.loads(send(app, sr.block_suggestion("tp_account", "acme", view=MODAL)).body)
    assert len(body["options"]) == 100 and body["options"][0]["text"]["text"] == "Acme 00000"
    body = json.loads(send(app, sr.block_suggestion("tp_account", "umbrela", view=MODAL)).body)
    (found,) = body["options"]
    assert len(found["text"]["text"]) <= 75 and found["text"]["text"].startswith("Umbrella Salud")
    assert json.loads(send(app, sr.block_suggestion("tp_account", "other", view=MODAL)).body)["options"] == []


def test_contact_options_follow_the_chosen_account(app, fake, engine):
    acme = make_account(engine, "Acme").id
    maria, _ = (c.id for c in make_contacts(engine, acme, ["Maria Lopez", "Mario Rossi"]))
    make_account(engine, "Globex", contacts=["Maria Gomez"])
    values = form_state(account=acme)
    view = {**MODAL, "state": {"values": values}}
    body = json.loads(send(app, sr.block_suggestion("tp_contacts", "mari", view=view)).body)
    assert [o["text"]["text"] for o in body["options"]] == ["Maria Lopez", "Mario Rossi"]
    anywhere = json.loads(send(app, sr.block_suggestion("tp_contacts", "maria", view=MODAL)).body)
    assert [o["text"]["text"] for o in anywhere["options"]] == ["Maria Gomez (Globex)", "Maria Lopez (Acme)"]


@pytest.mark.parametrize("text, expected", [
    ("Call with Pat today", "2026-11-20"), ("Call with Pat yesterday", "2026-11-19"),
    ("Llamada con Pat hoy", "2026-11-20"), ("Llamada con Pat ayer", "2026-11-19"),
])
def test_message_shortcut_reads_dates_from_when_and_where_the_message_was_written(app, fake, text, expected):
    fake.set_user("U2", tz="America/Los_Angeles")  # the author: Friday 23:30 in Los Angeles
    fake.set_user("U1", tz="America/New_York")  # the presser, a week later: it was already Saturday in New York
    posted = datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc).timestamp()
    message = {"text": text, "user": "U2", "ts": f"{posted:.0f}.000200"}
    send(app, sr.message_shortcut("log_touchpoint", message))
    view = view_of(fake.wait_for("views.update", timeout=10)[0])
    assert _block(view, "tp_date")["initial_date"] == expected
