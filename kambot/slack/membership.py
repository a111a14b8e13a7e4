"""Whether the bot is in a channel: asked only by the commands that need it (watch on, digest subscribe)."""
from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)
# A private channel the bot is not in does not exist as far as the bot can see.
ABSENT = {"not_in_channel", "channel_not_found"}


def bot_in_channel(client: WebClient, channel_id: str | None) -> bool | None:
    """True or False from conversations.info; None for DMs and when Slack does not say (then we go ahead)."""
    if not channel_id or channel_id[:1] not in ("C", "G"):
        return None
    try:
        channel = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        if error in ABSENT:
            return False
        log.warning("conversations.info %s failed: %s", channel_id, error)
        return None
    member = channel.get("is_member")
    return None if member is None else bool(member)
