"""Every button that writes does its work once: two identical clicks at the same instant, from two processes,
or again after a restart (SQLite and PostgreSQL, through the real Bolt app)."""
from datetime import date

from sqlalchemy import select

from kambot.storage.db import make_engine, session_scope
from kambot.storage.models import Snooze, Touchpoint
from kambot.testing.fake_slack import requests as sr
from tests.slack.race import at_once, meet_at
from tests.slack.support import count, form_state, kam, make_app, send
from tests.support.factories import make_account, make_contacts, make_touch

REPORT = "Lunch with Maria at Acme yesterday, next: send the proposal by Friday"


def _process(fake, engine):
    """Another kambot process: its own app and its own engine (connection pool) on the same database."""
    own = make_engine(engine.url.render_as_string(hide_password=False))
    built = make_app(fake, own)
    built.kambot_engine = own
    return built, own


def _stop(*apps) -> None:
    for each in apps:
        each.settle()
        each.kambot_engine.dispose()


def _twice(app, engine, fake, build, read_pattern):
    """The same click from two processes at once; then once more from a third started later."""
    (other, other_engine), (later, _) = _process(fake, engine), _process(fake, engine)
    first, second = build("one"), build("two")
    with meet_at([engine, other_engine], read_pattern):
        at_once(lambda: send(app, first), lambda: send(other, second))
        app.settle()
        other.settle()
    send(later, build("three"))  # after a restart: a new process, the same click
    later.settle()
    _stop(other, later)
    return [c for c in fake.calls("response_url")]


def _click(fake, action_id, value, ts="1700000000.000100", block="b1"):
    return lambda name: sr.block_actions({"action_id": action_id, "value": str(value), "block_id": block},
                                         message={"ts": ts}, response_url=fake.response_url(name))


def test_draft_save_twice_at_once_logs_one_touch(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    kam(app, fake, "watch on")
    send(app, sr.channel_message_event(REPORT, "U1", "C1"))
    app.settle()
    post = fake.last("chat.postMessage")
    draft_id = post.params["blocks"][-1]["elements"][0]["value"]
    before = len(fake.calls("response_url"))
    answers = _twice(app, engine, fake, _click(fake, "draft_save", draft_id, post.response["ts"]),
                     r"FROM draft WHERE draft.id")
    assert count(engine, Touchpoint) == 1
    logged = [c for c in answers[before:] if "Logged" in c.json.get("text", "")]
    assert len(logged) == 1 and len(answers) == before + 1  # the repeats answer nothing


def test_modal_submitted_twice_at_once_logs_one_touch(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    maria, = (c.id for c in make_contacts(engine, account_id, ["Maria Lopez"]))
    values = form_state(account=account_id, contacts=[maria], summary="Lunch", day="2026-11-26")
    view = {"id": "V0SAME", "hash": "1700000000.h1", "callback_id": "log_touchpoint_modal",
            "private_metadata": "", "state": {"values": values}}
    acks = []

    def build(_name):
        return sr.view_submission(view)

    (other, other_engine), (later, _) = _process(fake, engine), _process(fake, engine)
    first, second = build(1), build(2)
    with meet_at([engine, other_engine], r"FROM account WHERE account.id ="):
        acks += at_once(lambda: send(app, first), lambda: send(other, second))
    acks.append(send(later, build(3)))
    for each in (app, other, later):
        each.settle()
    _stop(other, later)
    assert all(a.status == 200 and a.body == "" for a in acks)  # every copy closes the modal
    assert count(engine, Touchpoint) == 1
    assert len(fake.calls("chat.postMessage")) == 1  # one confirmation


def test_snooze_twice_at_once_snoozes_once_and_never_errs(app, fake, engine):
    account_id = make_account(engine, "Acme", owner="U1").id
    answers = _twice(app, engine, fake, _click(fake, "reminder_snooze_week", account_id), r"FROM snooze WHERE")
    with session_scope(engine) as session:
        assert session.execute(select(Snooze.until)).scalars().all() == [date(2026, 12, 4)]
    texts = [c.json.get("text", "") for c in answers]
    assert len(texts) == 1 and "Dec" in texts[0], texts  # one answer, and not "something went wrong"


def test_undo_twice_at_once_takes_back_once(app, fake, engine):
    account_id = make_account(engine, "Acme").id
    make_touch(engine, account_id, on=date(2026, 11, 26), by="U1")
    touch = make_touch(engine, account_id, on=date(2026, 11, 25), by="U1").id
    answers = _twice(app, engine, fake, _click(fake, "touchpoint_undo", touch), r"FROM touchpoint WHERE touchpoint.id =")
    assert count(engine, Touchpoint) == 1
    assert [("Undone" in c.json["text"]) for c in answers] == [True]  # one answer, not two
