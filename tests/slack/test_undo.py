"""Undo on a logged touchpoint: its author takes it back, anyone else is told who can."""
from datetime import date

from kambot.storage.models import Touchpoint
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, count, kam, response_at, send
from tests.support.factories import make_account, make_touch


def _undo(app, fake, touch_id, user, name):
    send(app, sr.block_actions({"action_id": "touchpoint_undo", "value": str(touch_id)}, user_id=user,
                               response_url=fake.response_url(name)))
    return response_at(fake, name)


def test_author_undoes_and_the_message_says_so(app, fake, engine):
    account_id = make_account(engine, "Acme <!channel> & Co").id
    touch = make_touch(engine, account_id, on=date(2026, 11, 26), by="U1").id
    reply = _undo(app, fake, touch, "U1", "undo")
    assert reply.json["replace_original"] is True and "Undone" in reply.json["text"]
    assert count(engine, Touchpoint) == 0
    fake.wait_for("views.publish")  # the author's Home no longer shows it
    assert "already gone" in _undo(app, fake, touch, "U1", "again").json["text"]
    app.settle()
    assert_escaped(fake)


def test_someone_else_is_refused_privately(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    touch = make_touch(engine, account_id, on=date(2026, 11, 26), by="U1").id
    reply = _undo(app, fake, touch, "U2", "other")
    assert reply.json["response_type"] == "ephemeral" and reply.json["replace_original"] is False
    assert "Only <@U1> can undo" in reply.json["text"]
    assert count(engine, Touchpoint) == 1


def test_spanish_refusal(app, fake, engine):
    fake.set_user("U2", locale="es-LA")
    account_id = make_account(engine, "Acme").id
    touch = make_touch(engine, account_id, on=date(2026, 11, 26), by="U1").id
    assert "Solo <@U1>" in _undo(app, fake, touch, "U2", "es").json["text"]


def test_log_then_undo_from_the_confirmation(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    logged = kam(app, fake, "log call with Maria at Acme yesterday")
    button = logged.json["blocks"][-1]["elements"][0]
    assert button["action_id"] == "touchpoint_undo" and count(engine, Touchpoint) == 1
    assert "Only <@U1>" in _undo(app, fake, button["value"], "U3", "intruder").json["text"]
    assert "Undone" in _undo(app, fake, button["value"], "U1", "owner").json["text"]
    assert count(engine, Touchpoint) == 0
