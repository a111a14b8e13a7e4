"""Buttons: Edit on a draft opens the form; every other button goes to the core's action of the same id."""
from __future__ import annotations

import re

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from kambot.core.context import Context
from kambot.core.inputs import decode
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.slack.blocks import reply_payload
from kambot.slack.deps import Deps
from kambot.slack.errors import log_failure
from kambot.slack.flows import after_reply, call_core, open_form
from kambot.slack.listeners.lazy import ack_now, logged
from kambot.slack.reminder_update import snoozed_in_place
from kambot.slack.send import deliver, post_reply, respond_reply
from kambot.storage.claims import claim_key


def _where(body: dict) -> tuple[str | None, str | None]:
    """Channel and ts of the message holding the button (None for views)."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    return channel, container.get("message_ts")


def _click(body: dict, action: dict, team_id: str | None, user_id: str | None) -> str:
    """What makes a click this click: who, on which message (or view), its block, the button and its value."""
    container = body.get("container") or {}
    place = container.get("message_ts") or container.get("view_id") or (body.get("view") or {}).get("id")
    return claim_key("click", team_id, user_id, container.get("channel_id"), place, action.get("block_id"),
                     action.get("action_id"), action.get("value"))


def register(app: App, deps: Deps) -> None:
    """Draft Edit, then the catch-all that routes button ids to core actions."""

    @logged
    def edit(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
        channel, ts = _where(body)

        def prefill(ctx: Context) -> Reply:
            return deps.core.action(ctx, "draft_edit", action.get("value") or "")

        open_form(deps, client, trigger_id=body["trigger_id"], team_id=context.team_id, user_id=context.user_id,
                  channel_id=channel, load=prefill, meta={"rc": channel, "rts": ts},
                  tell=lambda reply: _tell(deps, client, context, respond, reply))

    @logged
    def button(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
        channel, ts = _where(body)
        ctx = deps.context(client, team_id=context.team_id, user_id=context.user_id, channel_id=channel)
        once = _click(body, action, context.team_id, context.user_id)
        value = action.get("value") or ""
        typed = decode(action["action_id"], value)  # a JSON value becomes the handler's typed input here
        reply = call_core(ctx.lang, lambda: deps.core.action(ctx, action["action_id"], value if typed is None else typed,
                                                             once=once))
        if reply.kind == ReplyKind.DUPLICATE:
            return  # the same click already did its work (another process, a double click)
        if not reply.ok:
            _tell(deps, client, context, respond, reply)  # a refusal is for the presser's eyes only
        elif (kept := snoozed_in_place(body.get("message"), reply)) is not None:
            _replace(client, respond, channel, ts, kept)  # the reminder's other accounts keep their buttons
        elif reply.image is not None and respond is not None and ctx.channel_id:
            deliver(client, ctx, reply, respond)  # a map picked from a question: the picture is uploaded
        elif respond is not None:
            respond_reply(respond, reply, replace_original=True)
        elif channel and ts:
            _update(client, channel, ts, reply_payload(reply))
        after_reply(deps, client, ctx, reply)

    @logged
    def log_from_reminder(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
        value = action.get("value") or ""
        open_form(deps, client, trigger_id=body["trigger_id"], team_id=context.team_id, user_id=context.user_id,
                  channel_id=None, load=lambda ctx: deps.core.action(ctx, "touchpoint_prefill_account", value),
                  tell=lambda reply: _tell(deps, client, context, respond, reply))

    app.action("draft_edit")(ack=ack_now, lazy=[edit])
    app.action("reminder_log_touch")(ack=ack_now, lazy=[log_from_reminder])
    app.action(re.compile(".+"))(ack=ack_now, lazy=[button])


def _tell(deps: Deps, client: WebClient, context: BoltContext, respond: Respond | None, reply: Reply) -> None:
    """An ephemeral answer to whoever pressed, or a DM when the button was not on a message."""
    if respond is not None:
        respond_reply(respond, reply)
    else:
        post_reply(client, deps.dm_channel(client, context.team_id, context.user_id), reply)


def _replace(client: WebClient, respond: Respond | None, channel: str | None, ts: str | None, payload: dict) -> None:
    if respond is not None:
        respond(replace_original=True, **payload)
    elif channel and ts:
        _update(client, channel, ts, payload)


def _update(client: WebClient, channel: str, ts: str, payload: dict) -> None:
    try:
        client.chat_update(channel=channel, ts=ts, **payload)
    except SlackApiError as exc:
        log_failure("chat.update", exc, channel=channel)
