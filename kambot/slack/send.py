"""Delivering core Replies to Slack: response_url, channel posts, file uploads, and what to say when Slack refuses."""
from __future__ import annotations

import logging
from dataclasses import replace as copy_reply
from typing import Any, Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from kambot.core.context import Context
from kambot.core.i18n import render
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.slack.blocks import reply_payload
from kambot.slack.errors import log_failure, user_message

log = logging.getLogger(__name__)


def respond_reply(respond: Callable[..., Any], reply: Reply, *, replace_original: bool = False) -> None:
    """Answer through the response_url: ephemeral unless the reply is for the channel, or replacing the original."""
    payload = reply_payload(reply)
    if replace_original:
        payload["replace_original"] = True
    else:
        payload["response_type"] = "in_channel" if reply.visibility == "channel" else "ephemeral"
        payload["replace_original"] = False
    answer = respond(**payload)
    if getattr(answer, "status_code", 200) >= 300:
        log.warning("response_url refused the reply: %s %s", answer.status_code, getattr(answer, "body", ""))


def post_reply(client: WebClient, channel: str, reply: Reply, *, thread_ts: str | None = None) -> str | None:
    """Post a reply as a message (optionally in a thread); returns its ts, or None when Slack refused."""
    try:
        answer = client.chat_postMessage(channel=channel, thread_ts=thread_ts, **reply_payload(reply))
        return answer.get("ts")
    except SlackApiError as exc:
        log_failure("chat.postMessage", exc, channel=channel)
        return None


def error_reply(exc: BaseException, lang: str) -> Reply:
    """A Reply telling the user what to do after Slack refused something."""
    return Reply(text=user_message(exc, lang), kind=ReplyKind.ERROR, lang=lang)


def internal_error(lang: str) -> Reply:
    """The polite 'something went wrong' for failures of our own."""
    return Reply(text=render("error_internal", lang), kind=ReplyKind.ERROR, lang=lang)


def upload_image(client: WebClient, ctx: Context, reply: Reply, respond: Callable[..., Any]) -> None:
    """Upload the reply's picture to the channel with the text as its comment; explain if the bot is not there."""
    image = reply.image
    try:
        client.files_upload_v2(channel=ctx.channel_id, content=image.png, filename=image.filename,
                               title=image.title, initial_comment=reply.full_text())
    except SlackApiError as exc:
        log_failure("files_upload_v2", exc, channel=ctx.channel_id)
        hint = user_message(exc, reply.lang)
        respond_reply(respond, copy_reply(reply, sections=[*reply.sections, hint], image=None, visibility="ephemeral"))
        return
    if reply.buttons:  # a file comment cannot carry buttons: send the reply with them on its own
        respond_reply(respond, copy_reply(reply, image=None))


def deliver(client: WebClient, ctx: Context, reply: Reply, respond: Callable[..., Any]) -> None:
    """Send a command's reply: picture upload when it has one, else the response_url."""
    if reply.image is not None and ctx.channel_id:
        upload_image(client, ctx, reply, respond)
    else:
        respond_reply(respond, reply)
