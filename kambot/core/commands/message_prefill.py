"""The log form from a Slack message: its dates mean what they meant when and where the author wrote it."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone

from kambot.core.call import Call
from kambot.core.drafting import understood
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.schedule import zone_named


def posted_at(ts: object, now: datetime) -> datetime:
    """A Slack message ts ("1732716000.000100") as an aware instant; never later than now, else now."""
    try:
        moment = datetime.fromtimestamp(float(str(ts)), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return now
    return min(moment, now)


def prefill_message(call: Call) -> Reply:
    """JSON {text, ts, tz}: "today" in last week's message is that day, on the author's clock."""
    try:
        message = json.loads(call.args or "{}")
    except ValueError:
        message = {}
    if not isinstance(message, dict):
        message = {}
    when = posted_at(message.get("ts"), call.ctx.now)
    zone = zone_named(message.get("tz"), call.ctx.tz.key)
    written = replace(call, ctx=replace(call.ctx, now=when, tz=zone))
    fields = understood(written, str(message.get("text") or ""), now=when)
    return Reply(text="", kind=ReplyKind.PREFILL, data=fields, lang=call.lang)
