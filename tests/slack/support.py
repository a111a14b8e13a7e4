"""Test support for the Slack door: the app on the fake Slack, waiting for listeners, reading payloads.

Rows are made with tests/support/factories.py."""
from __future__ import annotations

import json
from typing import Any, Iterable

import pytest
from sqlalchemy import func, select
from slack_sdk import WebClient

from kambot.config import load_settings
from kambot.core.dispatch import Core
from kambot.slack.app import create_app
from kambot.storage.db import session_scope
from tests.conftest import FROZEN_NOW
from kambot.testing.fake_slack import requests as sr
from kambot.testing.executor import TrackingExecutor
from kambot.testing.fake_slack.api import FakeSlack

HOSTILE = ("<!channel>", "<!here>", "<@U999>")


def settings_for(fake: FakeSlack, **extra: str):
    """Settings pointing at the fake, signed with the test secret."""
    env = {"SLACK_API_URL": fake.base_url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": sr.SIGNING_SECRET}
    return load_settings(env | extra)


def make_app(fake: FakeSlack, engine, **options):
    """The real app (create_app) on the fake Slack and the test database, with the frozen clock."""
    client = options.pop("client", None) or WebClient(base_url=fake.base_url, token="xoxb-test")
    core = options.pop("core", None) or Core(engine)
    app = create_app(settings=options.pop("settings", None) or settings_for(fake), core=core, client=client,
                     clock=lambda: FROZEN_NOW, **options)
    executor = TrackingExecutor()
    app.listener_runner.listener_executor = executor
    app.listener_runner.lazy_listener_runner.executor = executor  # the lazy parts are what tests wait for
    app.settle = executor.settle  # type: ignore[attr-defined]
    return app


@pytest.fixture
def app(fake, engine):
    """The kambot Bolt app on the fake and the test database."""
    built = make_app(fake, engine)
    yield built
    built.settle()


def send(app, request) -> Any:
    """Dispatch a signed request; returns Bolt's response."""
    return app.dispatch(request.to_bolt())


def kam(app, fake, text: str, **kw) -> Any:
    """`/kam text` with the fake's response_url; returns the recorded response_url call."""
    before = len(fake.calls("response_url"))
    response = send(app, sr.slash_command(text, response_url=fake.response_url(), **kw))
    assert response.status == 200 and response.body == ""
    return fake.wait_for("response_url", count=before + 1)[before]


def count(engine, model) -> int:
    """Rows in a table."""
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def form_state(*, account: int | None = None, contacts: Iterable[int] = (), kind: str = "call",
               day: str | None = "2026-11-26", summary: str = "", next_step: str | None = None,
               due: str | None = None) -> dict:
    """state.values of the log modal as Slack sends them on submit."""
    def select_(value):
        return {"type": "external_select", "selected_option": {"text": {"type": "plain_text", "text": "x"},
                                                                "value": str(value)} if value else None}
    return {
        "tp_account": {"tp_account": select_(account)},
        "tp_contacts": {"tp_contacts": {"type": "multi_external_select", "selected_options": [
            {"text": {"type": "plain_text", "text": "x"}, "value": str(c)} for c in contacts]}},
        "tp_kind": {"tp_kind": {"type": "static_select", "selected_option": {"value": kind}}},
        "tp_date": {"tp_date": {"type": "datepicker", "selected_date": day}},
        "tp_summary": {"tp_summary": {"type": "plain_text_input", "value": summary}},
        "tp_next": {"tp_next": {"type": "plain_text_input", "value": next_step}},
        "tp_due": {"tp_due": {"type": "datepicker", "selected_date": due}},
    }


def mrkdwn_texts(value: Any) -> list[str]:
    """Every string Slack would parse as mrkdwn in a payload: message text, mrkdwn objects, file comments."""
    found: list[str] = []

    def walk(node: Any, key: str | None = None) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                found.append(node["text"])
            for k, v in node.items():
                if k in ("text", "initial_comment") and isinstance(v, str) and node.get("type") != "plain_text":
                    found.append(v)
                elif isinstance(v, (dict, list)):
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(value)
    return found


def assert_escaped(fake: FakeSlack, *, allow_user_mentions: bool = False) -> None:
    """No outgoing mrkdwn carries a raw special mention or a bare ampersand.

    allow_user_mentions: the log command keeps `<@U…>` that Slack sent as real mentions clickable.
    """
    hostile = [h for h in HOSTILE if not (allow_user_mentions and h.startswith("<@"))]
    for call in fake.calls():
        for text in mrkdwn_texts(call.params):
            for bad in hostile:
                assert bad not in text, f"{call.method} sent raw {bad}: {text!r}"
            stripped = text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
            assert "&" not in stripped, f"{call.method} sent a bare &: {text!r}"


def view_of(call) -> dict:
    """The view a views.* call sent."""
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def response_at(fake: FakeSlack, name: str, timeout: float = 5):
    """The latest post to the response_url named `name` (waits for it)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in fake.calls("response_url") if c.path == f"/response/{name}"]
        if found:
            return found[-1]
        time.sleep(0.01)
    raise AssertionError(f"nothing posted to response_url {name}; calls: {[c.method for c in fake.calls()]}")
