"""`/kam stale [mine|all|@user]` (`/kam frías`): accounts gone longer than their cadence, most overdue first."""
from __future__ import annotations

import re
from datetime import date

from kambot.core.account_states import load_account_states
from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.cadence import AccountState, account_cadence, days_since, normalize_tier, stale_accounts
from kambot.domain.text import normalize_name

SHOWN = 30  # a reply to read in Slack, not a report: the tail is counted, not listed
MINE = frozenset(("mine", "my", "me", "mias", "mis", "mi", "yo"))
ALL = frozenset(("all", "team", "everyone", "everybody", "todas", "todos", "equipo", "todo"))
# Slack escapes mentions as <@U123|name>; the shell and tests may type a bare @U123.
_MENTION = re.compile(r"<@([A-Z0-9_]+)(?:\|[^>]*)?>|(?<!\S)@([UW][A-Z0-9_]+)\b")


def mentioned_user(text: str) -> str | None:
    """The first Slack user id mentioned in the text, if any."""
    found = _MENTION.search(text or "")
    return (found.group(1) or found.group(2)) if found else None


def without_mentions(text: str) -> str:
    """The text with user mentions removed."""
    return _MENTION.sub(" ", text or "").strip()


# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (
    r"^(?P<args>\W*(which|what|show|list)\b[^.]*\b(stale|(going|gone|getting|gotten) cold|cold accounts?)\b.*)$",
    r"^(?P<args>\W*stale( accounts)?\W*)$",
    r"^(?P<args>\W*(que|cuales|muestra|muestrame|lista)\b[^.]*\b(frias?|enfriando|enfriado|enfriandose)\b.*)$",
    r"^(?P<args>\W*(cuentas )?frias\W*)$",
)


def handle(call: Call) -> Reply:
    """List the stale accounts of the asker, of one user, or of the whole team."""
    who, user = _whose(call)
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


def _whose(call: Call) -> tuple[str, str | None]:
    """("mine"|"user"|"all", user id), or ("usage", None) for a slash argument nobody could mean."""
    asker = call.ctx.user_id
    user = mentioned_user(call.args)
    if user:
        return ("mine", asker) if user == asker else ("user", user)
    words = set(normalize_name(without_mentions(call.args)).split())
    if words & ALL:
        return "all", None
    if not words or words & MINE or call.extra.get("from_message"):
        return "mine", asker  # a question in a DM is about the asker's accounts unless it says otherwise
    return "usage", None


def _line(state: AccountState, today: date) -> dict:
    """What one line of the list shows."""
    return {"name": state.name, "tier": normalize_tier(state.tier), "days": days_since(state.last_touch_on, today),
            "cadence": account_cadence(state), "custom": bool(state.cadence_days and state.cadence_days > 0),
            "owner": state.owner,
            "snoozed": state.snoozed_until if state.snoozed_until and state.snoozed_until >= today else None}
