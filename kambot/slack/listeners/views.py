"""Submitting the log form: field errors inside the modal, else save through the core and confirm with Undo."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from kambot.core.i18n import render
from kambot.core.inputs import LogForm
from kambot.core.reply_kind import ReplyKind
from kambot.slack.blocks import reply_payload
from kambot.slack.deps import Deps
from kambot.slack.errors import log_failure
from kambot.slack.flows import after_reply, call_core
from kambot.slack.listeners.lazy import logged
from kambot.slack.modal import CALLBACK, ERROR_BLOCKS, read_form, read_metadata
from kambot.slack.send import post_reply
from kambot.storage.claims import claim_key

# Before the ack there is no time to ask Slack for a zone; with none cached, accept any day that is
# already today somewhere on Earth rather than refuse a legitimate "today".
EARLIEST_ZONE = ZoneInfo("Etc/GMT-14")


def _precheck(form: dict, today: date, lang: str) -> dict[str, str]:
    errors = {}
    if not form.get("account_id"):
        errors["account"] = "missing"
    try:
        if date.fromisoformat(form.get("occurred_on") or "") > today:
            errors["date"] = "future"
    except ValueError:
        errors["date"] = "missing"
    return {ERROR_BLOCKS[k]: render("log_form_error", lang, field=k) for k in errors}


def register(app: App, deps: Deps) -> None:
    """The modal's view_submission."""

    def submit(ack: Ack, view: dict, context: BoltContext) -> None:
        meta, form = read_metadata(view), read_form(view)
        ctx = deps.quick_context(team_id=context.team_id, user_id=context.user_id, source="shortcut")
        ctx = replace(ctx, lang=meta.get("lang") or ctx.lang)
        if deps.profiles.peek(context.team_id, context.user_id) is None:
            ctx = replace(ctx, tz=EARLIEST_ZONE)
        errors = _precheck(form, ctx.today, ctx.lang)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        # The write is one short transaction; doing it before the ack lets its errors show in the form.
        once = claim_key("submit", context.team_id, context.user_id, view.get("id"), view.get("hash"))
        reply = call_core(ctx.lang, lambda: deps.core.action(ctx, "touchpoint_save_form", LogForm.from_dict(form),
                                                                once=once))
        if reply.kind == ReplyKind.DUPLICATE:
            ack()  # the same submit already saved (a double click, another process): close quietly
            return
        if not reply.ok:
            found = reply.data.get("errors") or {"form": reply.text}
            ack(response_action="errors", errors={ERROR_BLOCKS.get(k, ERROR_BLOCKS["form"]): v for k, v in found.items()})
            return
        ack()
        context["kambot_saved"] = {"reply": reply, "meta": meta}  # copied into the lazy request below

    @logged
    def confirm(client: WebClient, context: BoltContext) -> None:
        saved = context.get("kambot_saved")
        if saved:
            _confirm(deps, client, context, saved["meta"], saved["reply"])
            ctx = deps.context(client, team_id=context.team_id, user_id=context.user_id, channel_id=None)
            after_reply(deps, client, ctx, saved["reply"])

    app.view(CALLBACK)(ack=submit, lazy=[confirm])


def _confirm(deps: Deps, client: WebClient, context: BoltContext, meta: dict, reply) -> None:
    """A draft's thread message becomes the confirmation; otherwise the confirmation goes to the user's DM."""
    if meta.get("rc") and meta.get("rts"):
        try:
            client.chat_update(channel=meta["rc"], ts=meta["rts"], **reply_payload(reply))
            return
        except SlackApiError as exc:
            log_failure("chat.update", exc, channel=meta["rc"])
    try:
        channel = deps.dm_channel(client, context.team_id, context.user_id)
    except SlackApiError as exc:
        log_failure("conversations.open", exc, user=context.user_id)
        return
    post_reply(client, channel, reply)
