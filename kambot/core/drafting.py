"""Understanding a free-text message as a touchpoint WITHOUT saving it: watched channels, shortcuts, drafts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.reply_language import reply_language
from kambot.domain.parsing.line import parse_line

# The log command's dry-run contract: Reply(kind=ReplyKind.DRAFT, data={these keys}) and nothing written.
FIELDS = ("account_id", "account_name", "contact_ids", "contact_names", "kind", "occurred_on", "summary",
          "next_step", "next_step_due", "participants")


def looks_like_touchpoint(text: str, *, today: date) -> bool:
    """A report names a kind of contact (call, lunch...) or a next step; chit-chat does neither."""
    parsed = parse_line(text, today=today)
    return parsed.kind != "other" or parsed.next_step is not None


def run_log(call: Call, text: str, *, dry_run: bool, now: datetime | None = None,
            source: str | None = None) -> Reply:
    """Run the log command on `text` inside this call's transaction."""
    ctx = call.ctx
    if now is not None:
        ctx = replace(ctx, now=now)  # relative dates ("yesterday") mean what they meant when written
    if source is not None:
        ctx = replace(ctx, source=source)
    lang = reply_language(call.session, team_id=call.team_id, text=text, default=call.lang)
    sub = Call(ctx=ctx, args=text.strip(), session=call.session, lang=lang, cache=call.cache,
               registry=call.registry, extra={"dry_run": dry_run, "from_message": True})
    return call.registry.command("log").handler(sub)


def understood(call: Call, text: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Prefill fields for the log form: the log command's dry run, completed by the bare parser."""
    today = now.astimezone(call.ctx.tz).date() if now else call.ctx.today
    parsed = parse_line(text, today=today)
    day = parsed.occurred.day if parsed.occurred.day and not parsed.occurred.error else today
    fields: dict[str, Any] = {
        "kind": parsed.kind, "summary": parsed.report, "next_step": parsed.next_step,
        "next_step_due": parsed.next_step_due.isoformat() if parsed.next_step_due else None,
        "occurred_on": day.isoformat(), "contact_ids": [], "contact_names": [],
    }
    dry = run_log(call, text, dry_run=True, now=now)
    if dry is not None and dry.kind == ReplyKind.DRAFT:
        fields.update({k: v for k, v in dry.data.items() if k in FIELDS and v not in (None, "")})
    elif dry is not None and dry.data.get("account_id"):  # e.g. contacts ambiguous: the account is still known
        fields.update(account_id=dry.data["account_id"], account_name=dry.data.get("account_name"))
    return fields
