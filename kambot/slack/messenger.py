"""The outgoing port for scheduled jobs: DMs, channel posts and user profiles, on Slack or on stdout."""
from __future__ import annotations

import json
import logging
import sys
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Protocol, TextIO

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.engine import Engine

from kambot.config import Settings
from kambot.core.drafting import aware
from kambot.slack.profiles import Profile, Profiles
from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile

log = logging.getLogger(__name__)
# Jobs never run on an ack path, so a 429 storm is waited out rather than turned into a retry later.
RATE_LIMIT_RETRIES = 8
PROFILE_MAX_AGE = timedelta(days=7)


class DeliveryError(Exception):
    """Slack refused a delivery; `error` is Slack's code (channel_not_found, not_in_channel, ratelimited...)."""

    def __init__(self, error: str, method: str = ""):
        super().__init__(f"{method}: {error}" if method else error)
        self.error = error
        self.method = method


class NoToken(DeliveryError):
    """No bot token is known for the workspace (not installed, or no SLACK_BOT_TOKEN)."""


class Messenger(Protocol):
    """What reminders and digests need from Slack."""

    def send_dm(self, team_id: str, user_id: str, payload: dict[str, Any]) -> str | None:
        """Post `payload` ({text, blocks}) in the bot's DM with the user; returns the message ts."""

    def post_channel(self, team_id: str, channel_id: str, payload: dict[str, Any]) -> str | None:
        """Post `payload` in a channel; returns the message ts."""

    def user_profile(self, team_id: str, user_id: str) -> Profile | None:
        """The user's time zone and locale (cached in UserProfile), or None when unknown."""


def _token_finder(settings: Settings, engine: Engine) -> Callable[[str], str | None]:
    """Per-team bot token: the single-workspace token, else the OAuth installation store."""
    if settings.slack_bot_token:
        return lambda _team: settings.slack_bot_token
    if not settings.has_oauth:
        return lambda _team: None
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)

    def find(team_id: str) -> str | None:
        try:
            bot = store.find_bot(enterprise_id=None, team_id=team_id)
        except Exception:  # noqa: BLE001 - no installation tables yet (the app never ran): nobody installed
            log.warning("no OAuth installation store to read the bot token of %s from", team_id, exc_info=True)
            return None
        return bot.bot_token if bot is not None else None

    return find


class SlackMessenger:
    """Messenger on slack_sdk's WebClient: 429s waited out (Retry-After), one client per workspace."""

    def __init__(self, settings: Settings, engine: Engine, *, clock: Callable[[], datetime] | None = None,
                 rate_limit_retries: int = RATE_LIMIT_RETRIES, timeout: int = 15):
        self._settings = settings
        self._find_token = _token_finder(settings, engine)
        self._retries, self._timeout = rate_limit_retries, timeout
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._profiles = Profiles(engine, self._clock)
        self._clients: dict[str, WebClient] = {}
        self._dm_channels: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def client(self, team_id: str) -> WebClient:
        """The team's WebClient (created once; raises NoToken when the workspace has no bot token)."""
        with self._lock:
            found = self._clients.get(team_id)
        if found is not None:
            return found
        token = self._find_token(team_id)
        if not token:
            raise NoToken("no_bot_token", f"team {team_id}")
        client = WebClient(token=token, base_url=self._settings.slack_api_url, timeout=self._timeout)
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=self._retries))
        with self._lock:
            self._clients[team_id] = client
        return client

    def send_dm(self, team_id: str, user_id: str, payload: dict[str, Any]) -> str | None:
        """conversations.open (users=, plural) once per user, then chat.postMessage to the D… channel."""
        key = (team_id, user_id)
        with self._lock:
            channel = self._dm_channels.get(key)
        if channel is None:
            answer = self._call("conversations.open", team_id, lambda c: c.conversations_open(users=user_id))
            channel = answer["channel"]["id"]
            with self._lock:
                self._dm_channels[key] = channel
        return self.post_channel(team_id, channel, payload)

    def post_channel(self, team_id: str, channel_id: str, payload: dict[str, Any]) -> str | None:
        """chat.postMessage; Slack's refusal becomes a DeliveryError carrying its error code."""
        answer = self._call("chat.postMessage", team_id,
                            lambda c: c.chat_postMessage(channel=channel_id, **payload))
        return answer.get("ts")

    def user_profile(self, team_id: str, user_id: str) -> Profile | None:
        """The cached profile; users.info only when it is missing or a week old (a failure keeps the old one)."""
        known = self._profiles.peek(team_id, user_id)
        # The Slack door refreshes profiles whenever people use kambot; a job run for hundreds of owners
        # must not burst users.info (tier 4) at the very minute Tokyo's reminders are due.
        if known is not None and self._clock() - known.fetched_at < PROFILE_MAX_AGE:
            return known
        try:
            client = self.client(team_id)
        except NoToken:
            return known
        return self._profiles.get(client, team_id, user_id)

    def _call(self, method: str, team_id: str, request: Callable[[WebClient], Any]) -> Any:
        try:
            return request(self.client(team_id))
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else None
            raise DeliveryError(error or "slack_error", method) from exc


class PrintMessenger:
    """Messenger for --dry-run: prints what would be sent; reads profiles from the database only."""

    def __init__(self, engine: Engine | None = None, out: TextIO | None = None, *, as_json: bool = False):
        self._engine, self._out, self._json = engine, out, as_json
        self.sent: list[tuple[str, str, dict[str, Any]]] = []  # (kind, target, payload), for callers and tests

    def send_dm(self, team_id: str, user_id: str, payload: dict[str, Any]) -> str | None:
        """Print the DM instead of sending it."""
        return self._print("dm", team_id, user_id, payload)

    def post_channel(self, team_id: str, channel_id: str, payload: dict[str, Any]) -> str | None:
        """Print the channel post instead of sending it."""
        return self._print("channel", team_id, channel_id, payload)

    def user_profile(self, team_id: str, user_id: str) -> Profile | None:
        """The cached UserProfile row, if any (a dry run never asks Slack)."""
        if self._engine is None:
            return None
        with session_scope(self._engine) as session:
            row = session.get(UserProfile, (team_id, user_id))
            return None if row is None else Profile(row.tz, row.locale, aware(row.fetched_at))

    def _print(self, kind: str, team_id: str, target: str, payload: dict[str, Any]) -> str:
        self.sent.append((kind, target, payload))
        out = self._out or sys.stdout
        if self._json:
            out.write(json.dumps({"kind": kind, "team": team_id, "to": target, **payload}) + "\n")
        else:
            where = f"DM to {target}" if kind == "dm" else f"#{target}"
            out.write(f"--- {where} (team {team_id}) ---\n{payload_text(payload)}\n\n")
        out.flush()
        return f"dry-run.{len(self.sent):06d}"


def payload_text(payload: dict[str, Any]) -> str:
    """A message payload as terminal text: every section and context line, buttons in brackets."""
    lines: list[str] = []
    for block in payload.get("blocks") or []:
        kind = block.get("type")
        if kind in ("section", "header") and block.get("text"):
            lines.append(block["text"].get("text", ""))
        elif kind == "context":
            lines.append(" ".join(e.get("text", "") for e in block.get("elements") or []))
        elif kind == "actions":
            labels = (e.get("text", {}).get("text", "") for e in block.get("elements") or [])
            lines.append("  " + "  ".join(f"[{text}]" for text in labels))
    return "\n".join(lines) if lines else payload.get("text", "")
