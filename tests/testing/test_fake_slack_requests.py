"""Signed requests dispatched to a tiny real Bolt app, in process and over HTTP."""

import json
import threading
import time
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from kambot.testing.fake_slack import requests as sr

MODAL = {"type": "modal", "callback_id": "form", "title": {"type": "plain_text", "text": "Form"}, "blocks": []}


@pytest.fixture
def app(fake):
    # Token verification stays on: Bolt calls auth.test on the fake at construction.
    app = App(signing_secret=sr.SIGNING_SECRET, client=WebClient(base_url=fake.base_url, token="xoxb-test"))

    @app.command("/kam")
    def kam(ack, command, respond):
        ack()
        respond(f"you said {command['text']}")

    @app.event("message")
    def message(event, say):
        say(f"echo {event['text']}")

    @app.event("app_mention")
    def mention(event, say):
        say(event["text"], thread_ts=event["ts"])

    @app.action("btn")
    def button(ack, respond, action):
        ack()
        respond(f"clicked {action['value']}")

    @app.shortcut("open")
    def shortcut(ack, shortcut, client):
        ack()
        client.views_open(trigger_id=shortcut["trigger_id"], view=MODAL)

    @app.view("form")
    def submit(ack, view):
        ack(response_action="errors", errors={"b1": view["state"]["values"]["b1"]["a1"]["value"]})

    @app.options("pick")
    def options(ack, payload):
        ack(options=[{"text": {"type": "plain_text", "text": payload["value"]}, "value": "v"}])

    return app


def test_slash_command_dispatches_and_responds(app, fake):
    req = sr.slash_command("hello", response_url=fake.response_url("cmd"))
    assert req.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert app.dispatch(req.to_bolt()).status == 200
    reply = fake.wait_for("response_url")[0]
    assert reply.json["text"] == "you said hello" and reply.path == "/response/cmd"


@pytest.mark.parametrize("signing", [{"secret": "wrong"}, {"timestamp": int(time.time()) - 301}])
def test_forged_or_stale_requests_are_refused(app, signing):
    assert app.dispatch(sr.slash_command("hello", **signing).to_bolt()).status == 401
    assert app.dispatch(sr.dm_event("hi", **signing).to_bolt()).status == 401


def test_events_dispatch_with_envelope_and_retry_headers(app, fake):
    req = sr.dm_event("hi", "U5", event_id="Ev1", retry_num=1, retry_reason="http_timeout")
    assert req.headers["X-Slack-Retry-Num"] == "1" and req.data["authorizations"][0]["user_id"] == "UBOT"
    assert app.dispatch(req.to_bolt()).status == 200
    post = fake.wait_for("chat.postMessage")[0]
    assert (post.params["channel"], post.params["text"]) == ("DU5", "echo hi")
    assert app.dispatch(sr.mention_event("where is kam", "U5", "C2").to_bolt()).status == 200
    mention = fake.wait_for("chat.postMessage", count=2)[1]
    assert mention.params["text"] == "<@UBOT> where is kam" and mention.params["thread_ts"]
    assert app.dispatch(sr.app_home_opened_event("U5").to_bolt()).status == 404  # no listener registered


def test_interactive_payloads(app, fake):
    click = sr.block_actions({"action_id": "btn", "value": "42"}, response_url=fake.response_url("b"))
    assert app.dispatch(click.to_bolt()).status == 200
    assert fake.wait_for("response_url")[0].json["text"] == "clicked 42"
    assert app.dispatch(sr.global_shortcut("open", trigger_id="T-1").to_bolt()).status == 200
    assert fake.wait_for("views.open")[0].params["trigger_id"] == "T-1"
    assert app.dispatch(sr.message_shortcut("open", {"text": "hi"}).to_bolt()).status == 200
    fake.wait_for("views.open", count=2)
    values = sr.text_input_values({"b1": {"a1": "too short"}})
    submitted = app.dispatch(sr.view_submission({"callback_id": "form", "state": {"values": values}}).to_bolt())
    assert json.loads(submitted.body) == {"response_action": "errors", "errors": {"b1": "too short"}}
    suggested = app.dispatch(sr.block_suggestion("pick", "ka", view=MODAL).to_bolt())
    assert json.loads(suggested.body)["options"][0]["text"]["text"] == "ka"
    assert fake.errors() == []


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass  # keep test output clean


@pytest.fixture
def events_url(app):
    server = make_server("127.0.0.1", 0, SlackRequestHandler(app), handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/slack/events"
    server.shutdown()
    server.server_close()


def test_over_real_http(events_url, fake):
    assert sr.url_verification("abc").post(events_url) == (200, '{"challenge": "abc"}')
    assert sr.slash_command("hi", response_url=fake.response_url()).post(events_url)[0] == 200
    assert fake.wait_for("response_url")[0].json["text"] == "you said hi"
    assert sr.dm_event("hi").post(events_url)[0] == 200
    assert fake.wait_for("chat.postMessage")[0].params["text"] == "echo hi"
    assert sr.slash_command("hi", secret="wrong").post(events_url)[0] == 401
    assert sr.dm_event("hi", timestamp=int(time.time()) - 301).post(events_url)[0] == 401
