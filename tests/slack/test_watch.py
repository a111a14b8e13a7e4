"""Watched channels: `/kam watch on|off`, then drafts in threads that are saved only at their author's word."""
from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Draft, Touchpoint, WatchedChannel
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import count, form_state, kam, response_at, send, view_of
from tests.support.factories import make_account, make_contacts

REPORT = "Lunch with Maria at Acme yesterday, next: send the proposal by Friday"


def _watch(app, fake, channel="C1"):
    reply = kam(app, fake, "watch on", channel_id=channel)
    assert reply.json["response_type"] == "in_channel"
    return reply


def _draft(app, fake, text=REPORT, user="U1", channel="C1"):
    request = sr.channel_message_event(text, user, channel)
    assert send(app, request).status == 200
    app.settle()
    return request


def test_watch_on_and_off(app, fake, engine):
    on = _watch(app, fake)
    assert "watch off" in on.json["text"] and "<@U1>" in on.json["text"]
    assert count(engine, WatchedChannel) == 1
    _watch(app, fake)  # twice is fine
    assert count(engine, WatchedChannel) == 1
    off = kam(app, fake, "watch off")
    assert off.json["response_type"] == "in_channel" and count(engine, WatchedChannel) == 0


def test_vigilar_in_spanish(app, fake, engine):
    reply = kam(app, fake, "vigilar sí")
    assert "activó" in reply.json["text"] and count(engine, WatchedChannel) == 1
    assert "desactivó" in kam(app, fake, "vigilar no").json["text"] and count(engine, WatchedChannel) == 0


def test_watch_status_usage_and_dm(app, fake, engine):
    assert "not reading" in kam(app, fake, "watch").json["text"]
    assert kam(app, fake, "watch maybe").json["response_type"] == "ephemeral"
    assert "channels" in kam(app, fake, "watch on", channel_id="DU1").json["text"]
    assert count(engine, WatchedChannel) == 0


def test_unwatched_channels_and_chit_chat_get_nothing(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    _draft(app, fake)  # not watched yet
    _watch(app, fake)
    _draft(app, fake, "anyone up for coffee machine repairs? the thing is broken")
    _draft(app, fake, "good morning team")
    assert fake.calls("chat.postMessage") == []
    assert count(engine, Draft) == 0 and count(engine, Touchpoint) == 0


def test_report_gets_a_draft_and_nothing_is_saved_before_save(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    _watch(app, fake)
    request = _draft(app, fake)
    post = fake.wait_for("chat.postMessage")[0]
    assert post.params["thread_ts"] == request.data["event"]["ts"] and post.params["channel"] == "C1"
    assert "Acme" in post.params["text"] and "Maria Lopez" in post.params["text"]
    ids = [e["action_id"] for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert ids == ["draft_save", "draft_edit", "draft_discard"]
    assert count(engine, Draft) == 1 and count(engine, Touchpoint) == 0


def test_only_the_author_saves_and_saving_logs_once(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    _watch(app, fake)
    _draft(app, fake)
    draft_id = fake.last("chat.postMessage").params["blocks"][-1]["elements"][0]["value"]
    send(app, sr.block_actions({"action_id": "draft_save", "value": draft_id}, user_id="U2",
                               response_url=fake.response_url("other")))
    refused = response_at(fake, "other")
    assert refused.json["response_type"] == "ephemeral" and "<@U1>" in refused.json["text"]
    assert count(engine, Touchpoint) == 0
    send(app, sr.block_actions({"action_id": "draft_save", "value": draft_id}, user_id="U1",
                               response_url=fake.response_url("author")))
    saved = response_at(fake, "author")
    assert saved.json["replace_original"] is True and "Acme" in saved.json["text"]
    assert saved.json["blocks"][-1]["elements"][0]["action_id"] == "touchpoint_undo"
    app.settle()
    send(app, sr.block_actions({"action_id": "draft_save", "value": draft_id}, user_id="U1",
                               response_url=fake.response_url("again")))
    app.settle()
    assert count(engine, Touchpoint) == 1
    with session_scope(engine) as session:
        touch = session.execute(select(Touchpoint)).scalar_one()
        assert (touch.source, touch.logged_by, str(touch.occurred_on)) == ("message", "U1", "2026-11-26")
        assert session.get(Draft, int(draft_id)).status == "saved"


def test_discard_saves_nothing(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    _watch(app, fake)
    _draft(app, fake)
    draft_id = fake.last("chat.postMessage").params["blocks"][-1]["elements"][0]["value"]
    send(app, sr.block_actions({"action_id": "draft_discard", "value": draft_id},
                               response_url=fake.response_url("discard")))
    reply = response_at(fake, "discard")
    assert reply.json["replace_original"] is True and "Nothing was saved" in reply.json["text"]
    assert count(engine, Touchpoint) == 0


def test_edit_opens_the_prefilled_form_and_submit_saves(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    maria, = (c.id for c in make_contacts(engine, account_id, ["Maria Lopez"]))
    _watch(app, fake)
    _draft(app, fake)
    draft_post = fake.last("chat.postMessage")
    draft_id = draft_post.params["blocks"][-1]["elements"][0]["value"]
    message = {"ts": draft_post.response["ts"], "user": "UBOT", "text": draft_post.params["text"]}
    send(app, sr.block_actions({"action_id": "draft_edit", "value": draft_id}, message=message,
                               response_url=fake.response_url()))
    update = fake.wait_for("views.update")[0]
    view = view_of(update)
    account = next(b for b in view["blocks"] if b["block_id"] == "tp_account")["element"]
    assert account["initial_option"]["value"] == str(account_id)
    meta = view["private_metadata"]
    values = form_state(account=account_id, contacts=[maria], summary="Lunch with Maria", day="2026-11-26")
    send(app, sr.view_submission({"callback_id": "log_touchpoint_modal", "private_metadata": meta,
                                  "state": {"values": values}}))
    app.settle()
    updated = fake.wait_for("chat.update")[0]
    assert updated.params["ts"] == message["ts"] and "Logged" in updated.params["text"]
    assert count(engine, Touchpoint) == 1
