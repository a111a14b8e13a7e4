"""`/kam keys` (`/kam claves`): the accounts that bring 80% of revenue, and tiers that disagree with it."""
from __future__ import annotations

from sqlalchemy import select

from kambot.core.call import Call
from kambot.core.digest_render import money, percent
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.keys import KEY_NOT_TIER_A, NO_REVENUE, TIER_A_NOT_KEY, key_accounts
from kambot.storage.models import Account

SHOWN_KEYS = 25  # the key set is the point; beyond this it is counted, not listed
SHOWN_FLAGS = 10


# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (r"^\W*(which|what) (are )?(my |our |the )?key accounts\b",
           r"^\W*(cuales son )?(las |mis |nuestras )?cuentas clave\W*$")


def handle(call: Call) -> Reply:
    """Rank the team's accounts by annual revenue and mark the smallest set reaching 80%."""
    rows = call.session.execute(
        select(Account.id, Account.name, Account.annual_revenue, Account.tier).where(Account.team_id == call.team_id)
    ).all()
    report = key_accounts((r.id, r.name, r.annual_revenue, r.tier) for r in rows)
    lang = call.lang
    key_rows = [r for r in report.rows if r.is_key]
    mismatched = {f.account_id for f in report.flags if f.kind == KEY_NOT_TIER_A}
    shown = [{"rank": r.rank, "name": r.name, "tier": r.tier, "revenue": money(r.revenue, lang),
              "share": percent(r.share, lang), "cumulative": percent(r.cumulative_share, lang),
              "mismatch": r.account_id in mismatched} for r in key_rows[:SHOWN_KEYS]]
    share_of = {r.account_id: r.share for r in report.rows}
    not_key = [{"name": f.name, "share": percent(share_of[f.account_id], lang)}
               for f in report.flags if f.kind == TIER_A_NOT_KEY]
    rest_revenue = report.total_revenue - sum(r.revenue for r in key_rows)
    reply = call.reply(
        "keys", kind=ReplyKind.KEYS, total=len(report.rows), no_revenue=any(f.kind == NO_REVENUE for f in report.flags),
        key_count=len(key_rows), key_share=percent(report.key_revenue_share, lang),
        total_revenue=money(report.total_revenue, lang), shown=shown, hidden_keys=len(key_rows) - len(shown),
        rest_count=len(report.rows) - len(key_rows), rest_revenue=money(rest_revenue, lang),
        rest_share=percent(rest_revenue / report.total_revenue if report.total_revenue else 0, lang),
        missing=sum(1 for r in rows if not r.annual_revenue), key_not_a=len(mismatched),
        not_key=not_key[:SHOWN_FLAGS], hidden_not_key=max(0, len(not_key) - SHOWN_FLAGS),
    )
    reply.data = {"key_ids": sorted(report.key_ids), "key_share": report.key_revenue_share,
                  "flags": [(f.kind, f.account_id) for f in report.flags], "total_revenue": report.total_revenue}
    return reply
