"""`/kam health [mine|all|@user]` (`/kam salud`): accounts by health, worst first, each with its why-line."""
from __future__ import annotations

from kambot.core.call import Call
from kambot.core.whose import whose_accounts
from kambot.core.health_data import load_health
from kambot.core.health_words import band_word, why_line
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind

SHOWN = 15  # the worst ones, to act on; the rest are counted
REASONS = 3  # per line: the biggest ones say enough

INTENTS = (
    r"^(?P<args>\W*(how healthy|health of|account health|which accounts are at risk)\b.*)$",
    r"^(?P<args>\W*(salud de|que cuentas estan en riesgo|cuentas en riesgo)\b.*)$",
)


def handle(call: Call) -> Reply:
    """List the asker's (or a user's, or the team's) accounts by health, worst first."""
    who, user = whose_accounts(call)
    if who == "usage":
        return call.reply("health_usage", kind=ReplyKind.USAGE, word=call.args.strip())
    today = call.ctx.today
    rows = load_health(call.session, team_id=call.team_id, owner=None if who == "all" else user, today=today)
    rows.sort(key=lambda r: (r.health.score, r.state.name.casefold(), str(r.state.id)))
    bands = {b: sum(1 for r in rows if r.health.band == b) for b in ("at_risk", "watch", "healthy")}
    lines = [{"name": r.state.name, "why": why_line(r.health, call.lang, limit=REASONS), "owner": r.state.owner}
             for r in rows[:SHOWN]]
    reply = call.reply("health", kind=ReplyKind.HEALTH, who=who, user=user, total=len(rows), shown=lines,
                       hidden=len(rows) - len(lines), bands=bands,
                       words={b: band_word(b, call.lang) for b in bands})
    reply.data = {"who": who, "user": user, "total": len(rows), "bands": bands,
                  "accounts": [{"id": r.state.id, "name": r.state.name, "score": r.health.score,
                                "band": r.health.band, "reasons": [x.key for x in r.health.reasons]} for r in rows]}
    return reply
