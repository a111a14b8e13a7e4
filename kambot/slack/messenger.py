"""The jobs' Messenger on Slack: replies rendered as Block Kit, sent with slack_sdk's WebClient."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.engine import Engine

from kambot.config import Settings
from kambot.core.reply import Reply
from kambot.domain.profile import Profile
from kambot.jobs.messenger import DeliveryError, NoToken
from kambot.slack.blocks import reply_payload
from kambot.slack.profiles import Profiles

log = logging.getLogger(__name__)
# Jobs never run on an ack path, so a 429 storm is waited out rather than turned into a retry later.
RATE_LIMIT_RETRIES = 8
PROFILE_MAX_AGE = timedelta(days=7)


def token_finder(settings: Settings, engine: Engine) -> Callable[[str], str | None]:
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
        self._find_token = token_finder(settings, engine)
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

    def send_dm(self, team_id: str, user_id: str, reply: Reply) -> str | None:
        """conversations.open (users=, plural) once per user, then chat.postMessage to the D… channel."""
        key = (team_id, user_id)
        with self._lock:
            channel = self._dm_channels.get(key)
        if channel is None:
            answer = self._call("conversations.open", team_id, lambda c: c.conversations_open(users=user_id))
            channel = answer["channel"]["id"]
            with self._lock:
                self._dm_channels[key] = channel
        return self.post_channel(team_id, channel, reply)

    def post_channel(self, team_id: str, channel_id: str, reply: Reply) -> str | None:
        """chat.postMessage of the reply as Block Kit; Slack's refusal becomes a DeliveryError with its code."""
        payload = reply_payload(reply)
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
