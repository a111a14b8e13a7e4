"""Messages: DMs and mentions go to the core; watched channels get drafts; every other event is just acked."""
from __future__ import annotations

import re

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from kambot.core.context import Context
from kambot.core.inputs import ChannelMessage
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.slack.deps import Deps
from kambot.slack.flows import after_reply, call_core
from kambot.slack.listeners.lazy import logged, no_ack
from kambot.slack.send import post_reply
from kambot.slack.text import from_slack, strip_mention


def _ask(deps: Deps, ctx: Context, text: str) -> Reply:
    """A plain-words message; an empty one (a bare mention) gets the help."""
    if not text.strip():
        return call_core(ctx.lang, lambda: deps.core.slash(ctx, "help"))
    return call_core(ctx.lang, lambda: deps.core.message(ctx, text))


def register(app: App, deps: Deps) -> None:
    """Message, mention and catch-all event listeners."""

    @logged
    def mention(event: dict, client: WebClient, context: BoltContext) -> None:
        ctx = deps.context(client, team_id=context.team_id, user_id=event["user"], channel_id=event["channel"],
                           source="message")
        reply = _ask(deps, ctx, strip_mention(from_slack(event.get("text")), context.bot_user_id))
        post_reply(client, event["channel"], reply, thread_ts=event.get("thread_ts") or event["ts"])
        after_reply(deps, client, ctx, reply)

    @logged
    def message(event: dict, client: WebClient, context: BoltContext) -> None:
        # Edits, deletions, joins, bot posts: none of them is someone talking to kambot.
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        if event.get("channel_type") == "im":
            ctx = deps.context(client, team_id=context.team_id, user_id=event["user"], channel_id=event["channel"],
                               source="message")
            reply = _ask(deps, ctx, from_slack(event.get("text")))
            post_reply(client, event["channel"], reply, thread_ts=event.get("thread_ts"))
            after_reply(deps, client, ctx, reply)
        elif event.get("channel_type") in ("channel", "group"):
            _watched(deps, client, context, event)

    app.event("app_mention")(ack=no_ack, lazy=[mention])
    app.event("message")(ack=no_ack, lazy=[message])

    @app.event(re.compile(".*"))
    def anything_else() -> None:
        """Subscribed events we do nothing with still get a 200, so Slack does not retry them."""


def _watched(deps: Deps, client: WebClient, context: BoltContext, event: dict) -> None:
    """In a watched channel, a message that reads like a touchpoint report gets a draft in its thread."""
    text = from_slack(event.get("text"))
    if context.bot_user_id and f"<@{context.bot_user_id}" in text:
        return  # a mention: the app_mention listener answers it
    if not deps.core.is_watched(team_id=context.team_id, channel_id=event["channel"]):
        return
    ctx = deps.context(client, team_id=context.team_id, user_id=event["user"], channel_id=event["channel"],
                       source="message")
    message = ChannelMessage(text=text, channel=event["channel"], ts=event["ts"])
    reply = call_core(ctx.lang, lambda: deps.core.action(ctx, "draft_propose", message))
    if reply.kind == ReplyKind.DRAFT:
        post_reply(client, event["channel"], reply, thread_ts=event.get("thread_ts") or event["ts"])
