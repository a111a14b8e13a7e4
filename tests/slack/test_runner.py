"""Starting the Slack door: clear errors for missing settings, and the real `bot.py serve` over HTTP."""
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kambot.config import load_settings
from kambot.slack.runner import run
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import response_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("mode, env, missing", [
    ("serve", {}, "SLACK_SIGNING_SECRET"),
    ("serve", {"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
    ("socket", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
])
def test_missing_settings_exit_2_with_a_clear_error(caplog, mode, env, missing):
    with caplog.at_level(logging.ERROR):
        assert run(load_settings(env), None, mode=mode) == 2
    assert missing in caplog.text and "docs/slack.md" in caplog.text


def test_refused_token_exits_2(fake, engine, caplog):
    fake.fail("auth.test", "invalid_auth")
    settings = load_settings({"SLACK_API_URL": fake.base_url, "SLACK_BOT_TOKEN": "xoxb-bad",
                              "SLACK_SIGNING_SECRET": "s"})
    with caplog.at_level(logging.ERROR):
        assert run(settings, engine, mode="serve", port=0, host="127.0.0.1") == 2
    assert "invalid_auth" in caplog.text


def test_socket_mode_hands_the_app_to_bolts_handler(fake, engine, monkeypatch):
    import slack_bolt.adapter.socket_mode as socket_mode
    from kambot.slack import runner

    started = {}

    class Handler:
        def __init__(self, app, app_token):
            started.update(app=app, token=app_token)

        def start(self):
            started["running"] = True

    monkeypatch.setattr(socket_mode, "SocketModeHandler", Handler)
    monkeypatch.setattr(runner, "_stop_on_sigterm", lambda: None)  # leave pytest's signal handlers alone
    settings = load_settings({"SLACK_API_URL": fake.base_url, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert run(settings, engine, mode="socket") == 0
    assert started["token"] == "xapp-1" and started["running"] and started["app"].client.base_url == fake.base_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("bot.py serve did not become healthy")


def test_bot_py_serve_over_real_http(fake, engine):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "HOST"))}
    env |= {"DATABASE_URL": engine.url.render_as_string(hide_password=False), "SLACK_API_URL": fake.base_url,
            "SLACK_SIGNING_SECRET": sr.SIGNING_SECRET, "SLACK_BOT_TOKEN": "xoxb-serve", "LOG_LEVEL": "WARNING"}
    # `timeout` stops the server by itself even if this test dies before terminating it.
    proc = subprocess.Popen(["timeout", "120", sys.executable, "bot.py", "serve", "--port", str(port),
                             "--host", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(f"{base}/healthz", proc)
        status, body = sr.slash_command("help", response_url=fake.response_url("served")).post(f"{base}/slack/events")
        assert (status, body) == (200, "")
        reply = response_at(fake, "served", timeout=15)
        assert "/kam log" in reply.json["text"] and reply.json["response_type"] == "ephemeral"
        assert sr.slash_command("help", secret="forged").post(f"{base}/slack/events")[0] == 401
        assert sr.url_verification("xyz").post(f"{base}/slack/events") == (200, '{"challenge": "xyz"}')
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert proc.returncode == 0, proc.stderr.read().decode()
