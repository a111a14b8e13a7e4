"""The manifest a newcomer pastes into Slack matches what the code listens for."""
from pathlib import Path

from kambot.config import DEFAULT_SCOPES
from kambot.slack.listeners.shortcuts import GLOBAL_SHORTCUT, MESSAGE_SHORTCUT
from kambot.slack.oauth import REDIRECT_PATH
from kambot.slack.wsgi import EVENTS_PATH

MANIFEST = (Path(__file__).resolve().parents[2] / "slack_manifest.yml").read_text()


def test_manifest_names_what_the_code_handles():
    assert "command: /kam" in MANIFEST
    for callback in (MESSAGE_SHORTCUT, GLOBAL_SHORTCUT):
        assert f"callback_id: {callback}\n" in MANIFEST
    for event in ("app_home_opened", "app_mention", "message.im", "message.channels", "app_uninstalled"):
        assert f"- {event}\n" in MANIFEST
    assert f"https://YOUR-HOST{EVENTS_PATH}" in MANIFEST and f"https://YOUR-HOST{REDIRECT_PATH}" in MANIFEST
    assert "home_tab_enabled: true" in MANIFEST and "is_enabled: true" in MANIFEST


def test_manifest_scopes_are_the_default_oauth_scopes():
    for scope in DEFAULT_SCOPES.split(","):
        assert f"      - {scope}\n" in MANIFEST
