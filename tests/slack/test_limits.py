"""Block Kit limits hold with large data; 429s are waited out after the ack; refusals become advice."""
import time

import pytest

from kambot.core.commands.table import build_registry
from kambot.core.dispatch import Core
from kambot.core.registry import CommandSpec
from kambot.core.reply import Button, Image, Reply
from kambot.slack.blocks import MAX_METADATA, metadata
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import kam, make_app, response_at, send, view_of


@pytest.fixture
def extra_command(fake, engine):
    """The app with one throwaway command added to the table."""
    built = []

    def add(name, handler):
        registry = build_registry().with_command(CommandSpec(name=name, handler=handler))
        built.append(make_app(fake, engine, core=Core(engine, registry=registry)))
        return built[-1]

    yield add
    for app in built:
        app.settle()


def test_huge_replies_stay_within_message_limits(fake, extra_command):
    sections = ["x" * 2900 + " & <!channel>"] * 120
    buttons = [Button(f"b{i}" * 50, f"act{i}", "v" * 3000) for i in range(30)]
    app = extra_command("huge", lambda call: Reply(text="y" * 50_000, sections=sections, buttons=buttons))
    reply = kam(app, fake, "huge")
    assert len(reply.json["blocks"]) <= 50 and reply.rejection is None and fake.errors() == []
    assert "more" in str(reply.json["blocks"])


def test_long_prefill_and_metadata_stay_within_view_limits(app, fake, engine):
    long = "call with Pat yesterday " + "blah " * 2000
    send(app, sr.message_shortcut("log_touchpoint", {"text": long}))
    view = view_of(fake.wait_for("views.update")[0])
    assert fake.errors() == [] and len(view["private_metadata"]) <= MAX_METADATA
    assert len(metadata({"c": "C1", "big": "z" * 5000, "ts": "1.2"})) <= MAX_METADATA


def test_rate_limit_is_waited_out_after_the_ack(app, fake):
    fake.rate_limit("chat.postMessage", retry_after=1, times=1)
    started = time.perf_counter()
    assert send(app, sr.dm_event("help")).status == 200
    assert time.perf_counter() - started < 0.5
    posts = fake.wait_for("chat.postMessage", count=2, timeout=10)
    assert [p.status for p in posts] == [429, 200] and posts[1].at - posts[0].at >= 0.9


def _picture(call):
    return Reply(text="Acme map", image=Image(png=b"\x89PNG fake", filename="acme.png", title="Acme"), lang=call.lang)


def test_picture_is_uploaded_to_the_channel(fake, extra_command):
    app = extra_command("pic", _picture)
    send(app, sr.slash_command("pic", channel_id="C7", response_url=fake.response_url()))
    done = fake.wait_for("files.completeUploadExternal")[0]
    assert done.params["channel_id"] == "C7" and done.params["initial_comment"] == "Acme map"
    assert fake.calls("upload")[0].raw == b"\x89PNG fake"


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_upload_outside_the_channel_tells_the_user_to_invite(fake, extra_command, error):
    app = extra_command("pic", _picture)
    fake.fail("files.completeUploadExternal", error)
    send(app, sr.slash_command("pic", response_url=fake.response_url("pic")))
    reply = response_at(fake, "pic")
    assert reply.json["response_type"] == "ephemeral"
    assert "Acme map" in reply.json["text"] and "/invite @kambot" in str(reply.json["blocks"])


def test_invite_advice_in_spanish(fake, extra_command):
    fake.set_user("U1", locale="es-ES")
    app = extra_command("pic", _picture)
    fake.fail("files.completeUploadExternal", "not_in_channel")
    send(app, sr.slash_command("pic", response_url=fake.response_url("pic")))
    assert "Invítame" in str(response_at(fake, "pic").json["blocks"])


def test_mention_reply_refused_is_logged_not_raised(app, fake):
    fake.fail("chat.postMessage", "not_in_channel")
    send(app, sr.mention_event("help"))
    app.settle()
    assert fake.last("chat.postMessage").response["error"] == "not_in_channel"


def test_core_crash_is_a_polite_message(fake, extra_command):
    def boom(call):
        raise RuntimeError("secret traceback details")

    app = extra_command("boom", boom)
    reply = kam(app, fake, "boom")
    assert "went wrong" in reply.json["text"] and "Traceback" not in reply.json["text"]


def test_cut_text_never_leaves_half_an_entity():
    from kambot.slack.blocks import fallback_text, split_mrkdwn

    for pad in range(2990, 3001):
        text = "x" * pad + "&amp;&lt;" * 3 + "tail"
        for part in [fallback_text(Reply(text=text)), *split_mrkdwn(text)]:
            assert "&" not in part.replace("&amp;", "").replace("&lt;", "")
