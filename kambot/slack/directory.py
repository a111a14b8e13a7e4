"""The workspace's users for an import: users.lookupByEmail and users.list, as importexport's UserDirectory."""
from __future__ import annotations

from typing import Iterator

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.engine import Engine

from kambot.config import Settings
from kambot.importexport.owners import DirectoryError, Member
from kambot.slack.messenger import token_finder

PAGE = 200  # users.list: Slack recommends no more than 200 per page
RATE_LIMIT_RETRIES = 8  # a command-line import can wait out a 429 (users.list is Tier 2: 20 a minute)


class SlackDirectory:
    """UserDirectory on the Web API: every error but "nobody has this email" becomes a DirectoryError."""

    def __init__(self, client: WebClient):
        self.client = client

    def user_by_email(self, email: str) -> str | None:
        """users.lookupByEmail (needs the users:read.email scope)."""
        try:
            return self.client.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError as exc:
            if exc.response.get("error") == "users_not_found":
                return None
            raise DirectoryError(_reason("users.lookupByEmail", exc)) from None

    def members(self) -> Iterator[Member]:
        """users.list, page after page."""
        cursor = None
        while True:
            try:
                page = self.client.users_list(limit=PAGE, cursor=cursor)
            except SlackApiError as exc:
                raise DirectoryError(_reason("users.list", exc)) from None
            for user in page.get("members") or ():
                profile = user.get("profile") or {}
                yield Member(id=user["id"], real_name=user.get("real_name") or profile.get("real_name") or "",
                             display_name=profile.get("display_name") or "", deleted=bool(user.get("deleted")),
                             is_bot=bool(user.get("is_bot")) or user["id"] == "USLACKBOT")
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return


def _reason(method: str, exc: SlackApiError) -> str:
    error = exc.response.get("error") or f"HTTP {exc.response.status_code}"
    needed = exc.response.get("needed")
    return f"{method}: {error}" + (f" (the app needs the {needed} scope: reinstall it)" if needed else "")


def slack_directory(settings: Settings, engine: Engine, team: str) -> SlackDirectory | None:
    """The team's directory, with its bot token (SLACK_BOT_TOKEN or the OAuth install); None without one."""
    token = token_finder(settings, engine)(team)
    if not token:
        return None
    client = WebClient(token=token, base_url=settings.slack_api_url, timeout=30,
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)])
    return SlackDirectory(client)
