"""Drafts from watched channels: offer what was understood, save or discard only at the author's word."""
from __future__ import annotations

from datetime import date

from kambot.core.call import Call
from kambot.core.drafting import looks_like_touchpoint, run_log, understood
from kambot.core.i18n import label, mention, render
from kambot.core.inputs import ChannelMessage
from kambot.core.reply import Button, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.storage.db import aware
from kambot.storage.claims import claim_key, claim_once
from kambot.storage.models import Draft


def propose(call: Call) -> Reply:
    """A ChannelMessage: a draft with Save/Edit/Discard if it reads like a report."""
    message = call.input
    if not isinstance(message, ChannelMessage):
        return Reply(text="", kind=ReplyKind.IGNORED)
    text = message.text
    if not looks_like_touchpoint(text, today=call.ctx.today):
        return Reply(text="", kind=ReplyKind.IGNORED)
    dry = run_log(call, text, dry_run=True)
    if dry is None or dry.kind != ReplyKind.DRAFT or not dry.data.get("account_id"):
        return Reply(text="", kind=ReplyKind.IGNORED)  # no account we know: not ours to offer
    draft = Draft(team_id=call.team_id, user_id=call.ctx.user_id, channel_id=message.channel,
                  message_ts=message.ts, text=text, created_at=call.ctx.now)
    call.session.add(draft)
    call.session.flush()
    lang = dry.lang or call.lang  # the dry run already chose it from the message, names left out
    data = dry.data
    reply = Reply(text=_render(call, lang, data), kind=ReplyKind.DRAFT, visibility="channel", lang=lang,
                  data={**data, "draft_id": draft.id}, changed=True)
    value = str(draft.id)
    reply.buttons = [Button(label(lang, "button", "save"), "draft_save", value, "primary"),
                     Button(label(lang, "button", "edit"), "draft_edit", value),
                     Button(label(lang, "button", "discard"), "draft_discard", value, "danger")]
    return reply


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _render(call: Call, lang: str, data: dict) -> str:
    """What kambot understood, in the words of the message's language."""
    return render("watch_draft", lang, author=mention(call.ctx.user_id), account=data.get("account_name") or "",
                  kind=label(lang, "kind", data.get("kind") or "other"), occurred_on=_day(data.get("occurred_on")),
                  contacts=", ".join(data.get("contact_names") or []), summary=data.get("summary") or "",
                  next_step=data.get("next_step"), due=_day(data.get("next_step_due")))


def _own_pending(call: Call) -> tuple[Draft | None, Reply | None]:
    """The pending draft the presser wrote, or the reply that explains why not."""
    draft = call.session.get(Draft, int(call.args)) if call.args.isdigit() else None
    if draft is None or draft.team_id != call.team_id or draft.status != "pending":
        return None, call.reply("draft_gone", kind=ReplyKind.NOT_FOUND)
    if draft.user_id != call.ctx.user_id:
        return None, call.reply("draft_refused", kind=ReplyKind.REFUSED, author=mention(draft.user_id))
    return draft, None


def claim_draft(call: Call, draft: Draft) -> bool:
    """Only one of Save, Discard and the Edit form's submit finishes a draft, even at the same instant."""
    return claim_once(call.session, claim_key("draft", call.team_id, draft.id), team_id=call.team_id,
                      now=call.ctx.now)


def save(call: Call) -> Reply:
    """Log the draft's message as written (dates relative to when it was posted), source "message"."""
    draft, refusal = _own_pending(call)
    if refusal:
        return refusal
    if not claim_draft(call, draft):
        return call.reply("draft_gone", kind=ReplyKind.NOT_FOUND)
    reply = run_log(call, draft.text, dry_run=False, now=aware(draft.created_at), source="message")
    if reply is None:
        return call.reply("draft_gone", kind=ReplyKind.NOT_FOUND)
    if reply.kind == ReplyKind.LOGGED:
        draft.status, draft.touchpoint_id = "saved", reply.data.get("touchpoint_id")
        call.session.add(draft)
        reply.data = {**reply.data, "draft_id": draft.id}
    return reply


def discard(call: Call) -> Reply:
    """Forget the draft; nothing was saved."""
    draft, refusal = _own_pending(call)
    if refusal:
        return refusal
    if not claim_draft(call, draft):
        return call.reply("draft_gone", kind=ReplyKind.NOT_FOUND)
    draft.status = "discarded"
    call.session.add(draft)
    reply = call.reply("draft_discarded", kind=ReplyKind.DISCARDED, author=mention(draft.user_id))
    reply.changed = True
    return reply


def edit(call: Call) -> Reply:
    """The log form's prefill for the draft, if the presser wrote it."""
    draft, refusal = _own_pending(call)
    if refusal:
        return refusal
    fields = understood(call, draft.text, now=aware(draft.created_at))
    return Reply(text="", kind=ReplyKind.PREFILL, data={**fields, "draft_id": draft.id}, lang=call.lang)
