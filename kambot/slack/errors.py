"""Slack API errors as something the user can act on, in their language; the details go to the log."""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from kambot.core.i18n import render

log = logging.getLogger(__name__)

# Slack's error code -> the template that tells the user what to do about it.
TEMPLATES = {
    "not_in_channel": "slack_not_in_channel",
    "channel_not_found": "slack_not_in_channel",
    "is_archived": "slack_archived",
    "expired_trigger_id": "slack_expired_trigger",
    "exchanged_trigger_id": "slack_expired_trigger",
    "ratelimited": "slack_rate_limited",
    "view_too_large": "slack_error",
    "invalid_blocks": "slack_error",
}


def error_code(exc: BaseException) -> str:
    """Slack's error code for a failed call ('' when the failure was not Slack's answer)."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "")
    return ""


def user_message(exc: BaseException, lang: str) -> str:
    """What to tell the user after a failed Slack call (never a traceback)."""
    code = error_code(exc)
    return render(TEMPLATES.get(code, "slack_error"), lang, code=code or "network")


def log_failure(what: str, exc: BaseException, **where: object) -> None:
    """Log a failed Slack call with its code and where it happened."""
    code = error_code(exc)
    if code:
        log.warning("slack %s failed: %s %s", what, code, where)
    else:
        log.exception("slack %s failed %s", what, where, exc_info=exc)
