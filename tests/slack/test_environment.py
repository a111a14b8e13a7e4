"""kambot reads its settings once, in config.py: Slack variables in the environment change nothing after that."""
from __future__ import annotations

import ast
import os

from slack_sdk import WebClient

from kambot.config import ROOT
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import make_app, response_at, send, settings_for

STRAY = {"SLACK_CLIENT_ID": "999.888", "SLACK_CLIENT_SECRET": "env-secret", "SLACK_BOT_TOKEN": "xoxb-from-env",
         "SLACK_SIGNING_SECRET": "env-signing-secret"}


def test_a_single_workspace_app_ignores_slack_variables_it_was_not_given(fake, engine, monkeypatch):
    for name, value in STRAY.items():
        monkeypatch.setenv(name, value)
    app = make_app(fake, engine)  # Settings from the test's own values, not from os.environ
    assert app.oauth_flow is None  # Bolt would otherwise build an OAuth flow from SLACK_CLIENT_ID/SECRET
    send(app, sr.slash_command("help", response_url=fake.response_url("h")))
    assert "/kam log" in response_at(fake, "h").json["text"]
    app.settle()
    assert {call.token for call in fake.calls()} <= {"xoxb-test", None}


def test_an_oauth_app_uses_the_client_of_its_settings_not_the_environment(fake, engine, monkeypatch):
    for name, value in STRAY.items():
        monkeypatch.setenv(name, value)
    settings = settings_for(fake, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="shh")
    app = make_app(fake, engine, settings=settings, oauth=True, client=WebClient(base_url=fake.base_url))
    assert (app.oauth_flow.client_id, app.oauth_flow.settings.client_secret) == ("111.222", "shh")
    assert os.environ["SLACK_CLIENT_ID"] == "999.888"  # what was hidden from Bolt is back


def test_only_config_reads_the_environment():
    readers = []
    for path in sorted((ROOT / "kambot").rglob("*.py")):
        if path.name == "config.py" or "testing" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("getenv", "environ"):
                if not _restores_only(path, node):
                    readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []


def _restores_only(path, node) -> bool:
    """slack/app.py hides Bolt's variables while the App is built and puts them back; it reads nothing."""
    return path.name == "app.py" and path.parent.name == "slack"
