"""Requests built and signed exactly as Slack sends them to the app."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"
VERIFICATION_TOKEN = "legacy-verification-token"
APP_ID = "A1"
BOT_USER_ID = "UBOT"
RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/x"
FORM = "application/x-www-form-urlencoded"
_seq = itertools.count(1)


@dataclass
class SignedRequest:
    """A signed body plus headers; `data` is the decoded payload for assertions."""

    body: str
    headers: dict[str, str | list[str]]
    data: dict

    def to_bolt(self) -> BoltRequest:
        """This request as Bolt's app.dispatch takes it."""
        return BoltRequest(body=self.body, headers=dict(self.headers))

    def post(self, url: str, timeout: float = 5) -> tuple[int, str]:
        """Send over real HTTP; returns (status, body text) even for 4xx/5xx."""
        headers = {k: v if isinstance(v, str) else v[0] for k, v in self.headers.items()}
        req = urllib.request.Request(url, data=self.body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()


def sign(body: str, content_type: str, data: dict, *, secret: str = SIGNING_SECRET,
         timestamp: int | None = None, headers: dict[str, str] | None = None) -> SignedRequest:
    """Sign body as Slack does: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    sent = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
    return SignedRequest(body, sent | (headers or {}), data)


def new_ts() -> str:
    """A fresh message timestamp, unique within the test run."""
    return f"{int(time.time())}.{next(_seq):06d}"


def slash_command(text: str, *, user_id: str = "U1", team_id: str = "T1", channel_id: str = "C1",
                  command: str = "/kam", response_url: str = RESPONSE_URL, trigger_id: str | None = None,
                  **signing: Any) -> SignedRequest:
    """A slash command POST (form-encoded, every field Slack sends)."""
    data = {"token": VERIFICATION_TOKEN, "team_id": team_id, "team_domain": "test", "channel_id": channel_id,
            "channel_name": "directmessage" if channel_id.startswith("D") else "general", "user_id": user_id,
            "user_name": user_id.lower(), "command": command, "text": text, "api_app_id": APP_ID,
            "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": trigger_id or f"{next(_seq)}.1.trigger"}
    return sign(urlencode(data), FORM, data, **signing)


def event(event: dict, *, team_id: str = "T1", event_id: str | None = None, retry_num: int | None = None,
          retry_reason: str = "http_timeout", **signing: Any) -> SignedRequest:
    """An Events API event_callback envelope (JSON), optionally as Slack's retry."""
    data = {"token": VERIFICATION_TOKEN, "team_id": team_id, "api_app_id": APP_ID, "event": event,
            "type": "event_callback", "event_id": event_id or f"Ev{next(_seq):08d}", "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False}
    retry = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
    headers = retry if retry_num is not None else {}
    return sign(json.dumps(data), "application/json", data, headers=headers, **signing)


def _message(text: str, user: str, channel: str, channel_type: str, thread_ts: str | None) -> dict:
    ts = new_ts()
    msg = {"type": "message", "user": user, "text": text, "ts": ts, "event_ts": ts, "channel": channel,
           "channel_type": channel_type, "team": "T1", "client_msg_id": f"msg-{ts}"}
    return msg | ({"thread_ts": thread_ts} if thread_ts else {})


def dm_event(text: str, user: str = "U1", *, channel: str | None = None, thread_ts: str | None = None,
             **envelope: Any) -> SignedRequest:
    """A message.im event: the user wrote to the bot in its DM (channel "D"+user by default)."""
    return event(_message(text, user, channel or f"D{user}", "im", thread_ts), **envelope)


def channel_message_event(text: str, user: str = "U1", channel: str = "C1", *, thread_ts: str | None = None,
                          **envelope: Any) -> SignedRequest:
    """A message.channels event in a public channel."""
    return event(_message(text, user, channel, "channel", thread_ts), **envelope)


def mention_event(text: str, user: str = "U1", channel: str = "C1", *, thread_ts: str | None = None,
                  **envelope: Any) -> SignedRequest:
    """An app_mention event; text gets the "<@UBOT> " prefix Slack includes."""
    msg = _message(f"<@{BOT_USER_ID}> {text}", user, channel, "channel", thread_ts)
    msg["type"] = "app_mention"
    msg.pop("channel_type")
    return event(msg, **envelope)


def app_home_opened_event(user: str = "U1", *, tab: str = "home", **envelope: Any) -> SignedRequest:
    """An app_home_opened event for the Home tab."""
    return event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": tab,
                  "event_ts": new_ts()}, **envelope)


def url_verification(challenge: str = "challenge-token", **signing: Any) -> SignedRequest:
    """The handshake Slack sends when the Request URL is set."""
    data = {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    return sign(json.dumps(data), "application/json", data, **signing)


def _interactive(data: dict, user_id: str, team_id: str, signing: dict) -> SignedRequest:
    base = {"user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
            "api_app_id": APP_ID, "token": VERIFICATION_TOKEN, "team": {"id": team_id, "domain": "test"},
            "enterprise": None, "is_enterprise_install": False}
    data = base | data
    return sign(urlencode({"payload": json.dumps(data)}), FORM, data, **signing)


def _view(view: dict, team_id: str) -> dict:
    return {"id": "V00000001", "team_id": team_id, "type": "modal", "blocks": [], "private_metadata": "",
            "callback_id": "", "state": {"values": {}}, "hash": "1700000000.abc", "title": {"type": "plain_text",
            "text": "kambot"}, "app_id": APP_ID, "bot_id": "BBOT", "root_view_id": view.get("id", "V00000001"),
            "previous_view_id": None, "external_id": ""} | view


def _where(channel_id: str, message: dict | None, view: dict | None, team_id: str) -> dict:
    """Container fields: a view (modal/Home) or a channel message."""
    if view is not None:
        full = _view(view, team_id)
        return {"container": {"type": "view", "view_id": full["id"]}, "view": full}
    message = {"type": "message", "user": BOT_USER_ID, "bot_id": "BBOT", "text": "", "ts": new_ts()} | (message or {})
    return {"container": {"type": "message", "message_ts": message["ts"], "channel_id": channel_id,
                          "is_ephemeral": False}, "channel": {"id": channel_id, "name": "general"}, "message": message}


def block_actions(actions: dict | list[dict], *, user_id: str = "U1", team_id: str = "T1", channel_id: str = "C1",
                  message: dict | None = None, view: dict | None = None, response_url: str = RESPONSE_URL,
                  trigger_id: str | None = None, **signing: Any) -> SignedRequest:
    """A block_actions payload: clicks in a message, or in a view when view is given."""
    now = f"{time.time():.6f}"
    acts = [{"type": "button", "block_id": "b1", "action_ts": now} | a
            for a in (actions if isinstance(actions, list) else [actions])]
    data = {"type": "block_actions", "trigger_id": trigger_id or f"{next(_seq)}.1.trigger", "actions": acts,
            "state": {"values": {}}, **_where(channel_id, message, view, team_id)}
    if view is None:
        data["response_url"] = response_url
    return _interactive(data, user_id, team_id, signing)


def message_shortcut(callback_id: str, message: dict | None = None, channel: str = "C1", *, user_id: str = "U1",
                     team_id: str = "T1", response_url: str = RESPONSE_URL, trigger_id: str | None = None,
                     **signing: Any) -> SignedRequest:
    """A message shortcut (message_action) on a message in channel."""
    msg = {"type": "message", "user": "U2", "text": "", "ts": new_ts()} | (message or {})
    data = {"type": "message_action", "callback_id": callback_id, "action_ts": f"{time.time():.6f}",
            "trigger_id": trigger_id or f"{next(_seq)}.1.trigger", "response_url": response_url,
            "channel": {"id": channel, "name": "general"}, "message_ts": msg["ts"], "message": msg}
    return _interactive(data, user_id, team_id, signing)


def global_shortcut(callback_id: str, *, user_id: str = "U1", team_id: str = "T1", trigger_id: str | None = None,
                    **signing: Any) -> SignedRequest:
    """A global shortcut (from the lightning menu or search)."""
    data = {"type": "shortcut", "callback_id": callback_id, "action_ts": f"{time.time():.6f}",
            "trigger_id": trigger_id or f"{next(_seq)}.1.trigger"}
    return _interactive(data, user_id, team_id, signing)


def view_submission(view: dict, *, user_id: str = "U1", team_id: str = "T1", response_urls: list | None = None,
                    trigger_id: str | None = None, **signing: Any) -> SignedRequest:
    """A modal submit; view needs callback_id and usually private_metadata and state.values."""
    data = {"type": "view_submission", "trigger_id": trigger_id or f"{next(_seq)}.1.trigger",
            "view": _view(view, team_id), "response_urls": response_urls or []}
    return _interactive(data, user_id, team_id, signing)


def block_suggestion(action_id: str, value: str, *, block_id: str = "b1", user_id: str = "U1", team_id: str = "T1",
                     channel_id: str = "C1", message: dict | None = None, view: dict | None = None,
                     **signing: Any) -> SignedRequest:
    """An external_select options request as the user types value."""
    data = {"type": "block_suggestion", "action_id": action_id, "block_id": block_id, "value": value,
            **_where(channel_id, message, view, team_id)}
    return _interactive(data, user_id, team_id, signing)


def text_input_values(values: dict[str, dict[str, str]]) -> dict:
    """state.values for plain_text_input fields: {block_id: {action_id: text}}."""
    return {b: {a: {"type": "plain_text_input", "value": v} for a, v in acts.items()} for b, acts in values.items()}
