"""The log form from a Slack message: its dates mean what they meant when and where the author wrote it."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from kambot.core.call import Call
from kambot.core.drafting import understood
from kambot.core.inputs import MessageToLog
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
    """A MessageToLog: "today" in last week's message is that day, on the author's clock."""
    message = call.input if isinstance(call.input, MessageToLog) else MessageToLog()
    when = posted_at(message.ts, call.ctx.now)
    zone = zone_named(message.tz, call.ctx.tz.key)
    written = replace(call, ctx=replace(call.ctx, now=when, tz=zone))
    fields = understood(written, message.text, now=when)
    return Reply(text="", kind=ReplyKind.PREFILL, data=fields, lang=call.lang)
