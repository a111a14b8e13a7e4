"""`/kam stale [mine|all|@user]` (`/kam frías`): accounts gone longer than their cadence, most overdue first."""
from __future__ import annotations

from datetime import date

from kambot.core.account_states import load_account_states
from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.whose import whose_accounts
from kambot.domain.cadence import AccountState, account_cadence, days_since, normalize_tier, stale_accounts

SHOWN = 30  # a reply to read in Slack, not a report: the tail is counted, not listed
# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (
    r"^(?P<args>\W*(which|what|show|list)\b[^.]*\b(stale|(going|gone|getting|gotten) cold|cold accounts?)\b.*)$",
    r"^(?P<args>\W*stale( accounts)?\W*)$",
    r"^(?P<args>\W*(que|cuales|muestra|muestrame|lista)\b[^.]*\b(frias?|enfriando|enfriado|enfriandose)\b.*)$",
    r"^(?P<args>\W*(cuentas )?frias\W*)$",
)


def handle(call: Call) -> Reply:
    """List the stale accounts of the asker, of one user, or of the whole team."""
    who, user = whose_accounts(call)
    if who == "usage":
        return call.reply("stale_usage", kind=ReplyKind.USAGE, word=call.args.strip())
    states = load_account_states(call.session, team_id=call.team_id, owner=None if who == "all" else user)
    today = call.ctx.today
    stale = stale_accounts(states, today)
    lines = [_line(s, today) for s in stale[:SHOWN]]
    reply = call.reply("stale", kind=ReplyKind.STALE, who=who, user=user, total=len(states), count=len(stale),
                       shown=lines, hidden=len(stale) - len(lines))
    reply.data = {"who": who, "user": user, "total": len(states),
                  "stale": [{"id": s.id, "name": s.name, "days": days_since(s.last_touch_on, today),
                             "cadence": account_cadence(s)} for s in stale]}
    return reply


def _line(state: AccountState, today: date) -> dict:
    """What one line of the list shows."""
    return {"name": state.name, "tier": normalize_tier(state.tier), "days": days_since(state.last_touch_on, today),
            "cadence": account_cadence(state), "custom": bool(state.cadence_days and state.cadence_days > 0),
            "owner": state.owner,
            "snoozed": state.snoozed_until if state.snoozed_until and state.snoozed_until >= today else None}
