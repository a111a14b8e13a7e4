"""`/kam kpi <account>` and `/kam kpi [mine|all|tier A|@user]`: a KPI dashboard as a picture, and its numbers."""
from __future__ import annotations

import re

from kambot.core.account_reply import find_account, slug
from kambot.core.call import Call
from kambot.core.whose import whose_accounts
from kambot.core.health_words import band_word
from kambot.core.i18n import label, labels
from kambot.core.kpi_data import account_kpi, portfolio_kpi
from kambot.core.reply import Image, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.health import KEY_ROLES
from kambot.kpi import account_figure, portfolio_figure, to_png

_TIER = re.compile(r"^\s*(?:tier|nivel)\s+([a-z])\s*$", re.IGNORECASE)


def handle(call: Call) -> Reply:
    """One account's dashboard, or a portfolio's."""
    tier = _TIER.match(call.args or "")
    if tier:
        return _portfolio(call, owner=None, tier=tier.group(1).upper(), scope="tier")
    who, user = whose_accounts(call)
    if who != "usage":
        return _portfolio(call, owner=None if who == "all" else user, tier=None, scope=who, user=user)
    found = find_account(call, call.args.strip().strip("?¿!¡. "), command="kpi")
    if found.reply is not None:
        return found.reply
    kpi, data = account_kpi(call.session, team_id=call.team_id, account_id=found.account.id, today=call.ctx.today,
                            lang=call.lang)
    roles = [{"role": label(call.lang, "role", r), "days": data["roles"][r]} for r in KEY_ROLES]
    reply = call.reply("kpi_account", kind=ReplyKind.KPI, account=found.account.name, band_text=band_word(data["band"], call.lang),
                       weeks=len(data["health"]), **(data | {"roles": roles}))
    reply.image = Image(png=to_png(account_figure(kpi)), filename=f"kpi-{slug(found.account.name)}.png",
                        title=kpi.title)
    reply.data = data
    return reply


def _portfolio(call: Call, *, owner: str | None, tier: str | None, scope: str, user: str | None = None) -> Reply:
    words = labels(call.lang)["kpi"]
    scope_words = {"mine": words["scope_mine"], "all": words["scope_all"], "user": words["scope_user"].format(user=user or ""),
                   "tier": words["scope_tier"].format(tier=tier)}[scope]
    kpi, data = portfolio_kpi(call.session, team_id=call.team_id, owner=owner, tier=tier, scope_words=scope_words,
                              today=call.ctx.today, lang=call.lang)
    reply = call.reply("kpi_portfolio", kind=ReplyKind.KPI, scope=scope_words, **data)
    if data["total"]:
        reply.image = Image(png=to_png(portfolio_figure(kpi)), filename=f"kpi-{scope}.png", title=kpi.title)
    reply.data = data
    return reply
