"""The log form (Slack modal) as core actions: prefill from a message, then validate and save."""
from __future__ import annotations

from datetime import date
from typing import Any

from kambot.core.call import Call
from kambot.core.commands.draft import claim_draft
from kambot.core.drafting import understood
from kambot.core.i18n import label, render
from kambot.core.inputs import LogForm
from kambot.core.reply import Button, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.storage.accounts import get_account
from kambot.storage.contacts import contacts_by_ids
from kambot.domain.parsing.kinds import KINDS
from kambot.domain.text import MAX_SUMMARY
from kambot.storage.models import Draft
from kambot.storage.touchpoints import create_touchpoint


def prefill(call: Call) -> Reply:
    """What the form should start with for a message's text (nothing is written)."""
    return Reply(text="", kind=ReplyKind.PREFILL, data=understood(call, call.args), lang=call.lang)


def prefill_account(call: Call) -> Reply:
    """The form for one account (its id is the value), or an empty form when no such account is ours."""
    account = get_account(call.session, team_id=call.team_id, account_id=int(call.args)) if call.args.isdigit() else None
    data = {"account_id": account.id, "account_name": account.name} if account else {}
    return Reply(text="", kind=ReplyKind.PREFILL, data=data, lang=call.lang)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _invalid(call: Call, errors: dict[str, str]) -> Reply:
    texts = {field: render("log_form_error", call.lang, field=field) for field in errors}
    return Reply(text=next(iter(texts.values())), kind=ReplyKind.ERROR, data={"errors": texts}, lang=call.lang)


def save_form(call: Call) -> Reply:
    """Validate a submitted form (JSON value) and log the touchpoint; field errors come back in data."""
    form = call.input if isinstance(call.input, LogForm) else LogForm()
    account = None
    if form.account_id is not None:
        account = get_account(call.session, team_id=call.team_id, account_id=form.account_id)
    occurred = _day(form.occurred_on)
    errors: dict[str, str] = {}
    if account is None:
        errors["account"] = "missing"
    if occurred is None or occurred > call.ctx.today:
        errors["date"] = "future" if occurred else "missing"
    wanted = list(form.contact_ids)
    contacts = contacts_by_ids(call.session, team_id=call.team_id, ids=wanted)
    if account is not None and any(c.account_id != account.id for c in contacts.values()):
        errors["contacts"] = "other_account"
    if len(form.summary) > MAX_SUMMARY or len(form.next_step or "") > MAX_SUMMARY:
        errors["summary"] = "too_long"
    draft = _draft(call, form.draft_id)
    if draft and not claim_draft(call, draft):
        draft = False  # Save on the draft itself won a moment ago
    if draft is False:
        errors["form"] = "draft_gone"
    if errors:
        return _invalid(call, {k: v for k, v in errors.items()})
    kind = form.kind if form.kind in KINDS else "other"
    touch = create_touchpoint(
        call.session, team_id=call.team_id, account_id=account.id, occurred_on=occurred, kind=kind,
        summary=form.summary.strip(), next_step=(form.next_step or "").strip() or None,
        next_step_due=_day(form.next_step_due), logged_by=call.ctx.user_id,
        source="message" if draft else "shortcut", contact_ids=list(contacts), participants=[call.ctx.user_id],
        created_at=call.ctx.now)
    if draft:
        draft.status, draft.touchpoint_id = "saved", touch.id
        call.session.add(draft)
    names = [contacts[c].name for c in wanted if c in contacts]
    reply = call.reply("log_form_saved", kind=ReplyKind.LOGGED, account=account.name, kind_label=label(call.lang, "kind", kind),
                       occurred_on=occurred, contacts=", ".join(names), summary=touch.summary,
                       next_step=touch.next_step, due=touch.next_step_due)
    reply.buttons = [Button(label(call.lang, "button", "undo"), "touchpoint_undo", str(touch.id))]
    reply.data = {"touchpoint_id": touch.id, "account_id": account.id, "draft_id": draft.id if draft else None}
    reply.changed = True
    return reply


def _draft(call: Call, draft_id: Any) -> Draft | None | bool:
    """The pending draft this form finishes (None when the form is not from a draft; False when it is gone)."""
    if not draft_id:
        return None
    draft = call.session.get(Draft, int(draft_id))
    if draft is None or draft.team_id != call.team_id or draft.user_id != call.ctx.user_id or draft.status != "pending":
        return False
    return draft
