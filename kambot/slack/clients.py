"""Web API clients pointed at the configured Slack (slack.com, GovSlack or a test fake), waiting out 429s."""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from kambot.config import Settings

RATE_LIMIT_RETRIES = 2  # Retry-After is honoured; listeners run after the ack, so waiting costs no user a timeout


def with_rate_limit_retry(client: WebClient) -> WebClient:
    """Add the 429 handler unless the client already has one (Bolt copies handlers to per-request clients)."""
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A client for settings.slack_api_url with the bot token (None for OAuth: Bolt sets it per request)."""
    return with_rate_limit_retry(WebClient(token=token, base_url=settings.slack_api_url, timeout=15))
