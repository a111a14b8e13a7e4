"""Shared pieces of the who/account/map/contact answers: finding and loading the account, numbers in words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kambot.core.account_data import AccountData, load_account
from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch, resolve_account
from kambot.domain.text import normalize_name
from kambot.storage.models import Account


@dataclass
class Found:
    """An account found from what the user typed, or the reply to give instead."""

    account: Account | None
    reply: Reply | None = None


def find_account(call: Call, query: str, *, command: str, example_rest: str = "") -> Found:
    """The account `query` names; unknown -> closest names, ambiguous -> the candidates (never an error)."""
    match = resolve_account(call.session, team_id=call.team_id, query=query, cache=call.cache)
    if match.status == "found":
        return Found(match.account)
    return Found(None, account_question(call, match, query, command=command, example_rest=example_rest))


def asked_account(call: Call, *, command: str, usage: str) -> AccountData | Reply:
    """The account a command's words name, loaded as of today; else the usage, candidates or suggestions reply."""
    query = call.args.strip().strip("?¿!¡. ")
    if not query:
        return call.reply(usage, kind=ReplyKind.USAGE)
    found = find_account(call, query, command=command)
    if found.reply is not None:
        return found.reply
    return load_account(call.session, account=found.account, today=call.ctx.today)


def account_question(call: Call, match: AccountMatch, query: str, *, command: str, example_rest: str = "") -> Reply:
    """The reply for an account that was not found: the candidates to pick from, or the closest names."""
    word = call.registry.word(command, call.lang)
    if match.status == "ambiguous":
        names = [a.name for a in match.candidates]
        reply = call.reply("who_account_ambiguous", kind=ReplyKind.AMBIGUOUS, phrase=match.phrase or query, candidates=names,
                           example=f"{word} {names[0]}{example_rest}")
        reply.data = {"candidates": names, "candidate_ids": [a.id for a in match.candidates]}
        return reply
    suggestions = match.suggestions
    example = f"{word} {suggestions[0] if suggestions else 'Acme'}{example_rest}"
    reply = call.reply("who_account_unknown", kind=ReplyKind.UNKNOWN_ACCOUNT, phrase=query.strip(), suggestions=suggestions,
                       example=example)
    reply.data = {"suggestions": suggestions}
    return reply


def slug(name: str) -> str:
    """A file-name-safe slug: 'Banco Andino, S.A.' -> 'banco-andino-s-a'."""
    return "-".join(normalize_name(name).split())[:60] or "account"


def money(value: float | None, lang: str) -> str:
    """Revenue in few characters: 1250000 -> '1.25M' / '1,25 M' (no currency: the CSV does not say which)."""
    if value is None:
        return ""
    for size, suffix in ((1e9, "B" if lang != "es" else " mil M"), (1e6, "M"), (1e3, "K" if lang != "es" else " mil")):
        if abs(value) >= size:
            text = f"{value / size:.2f}".rstrip("0").rstrip(".")
            if lang == "es":
                text = text.replace(".", ",")
                return f"{text}{suffix if suffix.startswith(' ') else ' ' + suffix}"
            return f"{text}{suffix}"
    text = f"{value:,.0f}"
    return text.replace(",", ".") if lang == "es" else text


def days_between(start: date | None, end: date | None) -> int | None:
    """Whole days from start to end (negative when start is after end); None when either is missing."""
    return None if start is None or end is None else (end - start).days
