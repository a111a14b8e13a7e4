"""`/kam salesforce status` (`/kam salesforce estado`): the team's Salesforce bridge at a glance."""
from __future__ import annotations

from kambot.core.call import Call
from kambot.core.crm_status import status_facts
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.text import normalize_name

STATUS_WORDS = {"", "status", "estado", "state"}


def handle(call: Call) -> Reply:
    """Show the last sync, what it read, errors, records waiting and API calls left (nothing is asked of Salesforce)."""
    if normalize_name(call.args) not in STATUS_WORDS:
        return call.reply("salesforce_usage", kind=ReplyKind.USAGE, word=call.args.strip())
    facts = status_facts(call.session, team_id=call.team_id, now=call.ctx.now)
    if facts is None:
        return call.reply("salesforce_not_connected", kind=ReplyKind.NOT_FOUND)
    return call.reply("salesforce_status", kind=ReplyKind.INFO, tz=call.ctx.tz, **facts)
