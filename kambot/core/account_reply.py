"""Shared pieces of the who/account/map/contact answers: finding and loading the account, numbers in words."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kambot.core.account_data import AccountData, load_account
from kambot.core.call import Call
from kambot.core.i18n import render
from kambot.core.inputs import AccountPick
from kambot.core.reply import Button, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch, resolve_account
from kambot.domain.text import normalize_name
from kambot.storage.accounts import get_account
from kambot.storage.models import Account

PICK_ACTION = "account_pick"
MAX_VALUE = 2000  # Slack's limit on a button value
SHOWN_PHRASE = 80  # junk quoted back is cut here


def resolve_for(call: Call, query: str) -> AccountMatch:
    """The account `query` names for this call: the one picked with a button when it is that account's name."""
    picked = call.extra.get("account_id")
    if isinstance(picked, int):
        account = get_account(call.session, team_id=call.team_id, account_id=picked)
        if account is not None and normalize_name(query) == account.name_norm:
            return AccountMatch("found", account=account, phrase=query.strip(), via="name")
    return resolve_account(call.session, team_id=call.team_id, query=query, cache=call.cache)


@dataclass
class Found:
    """An account found from what the user typed, or the reply to give instead."""

    account: Account | None
    reply: Reply | None = None


def find_account(call: Call, query: str, *, command: str, example_rest: str = "") -> Found:
    """The account `query` names; unknown -> closest names, ambiguous -> the candidates (never an error)."""
    match = resolve_for(call, query)
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
        reply = call.reply("who_account_ambiguous", kind=ReplyKind.AMBIGUOUS, phrase=shown(match.phrase or query),
                           candidates=names, example=f"{word} {names[0]}{example_rest}")
        reply.data = {"candidates": names, "candidate_ids": [a.id for a in match.candidates]}
        reply.buttons = pick_buttons(call, command, match.phrase or query, match.candidates)
        return reply
    suggestions = match.suggestions
    example = f"{word} {suggestions[0] if suggestions else 'Acme'}{example_rest}"
    reply = call.reply("who_account_unknown", kind=ReplyKind.UNKNOWN_ACCOUNT, phrase=shown(query.strip()),
                       suggestions=suggestions, example=example)
    reply.data = {"suggestions": suggestions}
    if match.meant is not None:
        reply.buttons = pick_buttons(call, command, query, [match.meant])
    return reply


def shown(phrase: str) -> str:
    """What the user typed, quoted back: cut when it is long (a line of junk)."""
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= SHOWN_PHRASE else phrase[:SHOWN_PHRASE - 1].rstrip() + "…"


def pick_buttons(call: Call, command: str, phrase: str | None, accounts: list[Account]) -> list[Button]:
    """One button per account: the same command again, the typed phrase replaced by that account's name."""
    buttons = []
    for account in accounts:
        args = _replaced(call.args, phrase, account.name)
        value = AccountPick(command, args, account.id, call.lang).value()
        if len(value) > MAX_VALUE:
            return []  # a line too long to carry: the list and the example are the answer
        label = account.name if len(account.name) <= 75 else account.name[:74] + "…"
        buttons.append(Button(label, PICK_ACTION, value=value))
    return buttons


def _replaced(args: str, phrase: str | None, name: str) -> str:
    """`args` with the first `phrase` (case ignored) replaced by `name`; just `name` when it is not there."""
    if not phrase:
        return args
    found = re.search(re.escape(phrase.strip()), args, re.IGNORECASE)
    if found is None:
        return name
    return args[:found.start()] + name + args[found.end():]


def pick(call: Call) -> Reply:
    """A candidate's button: run the command again on that account, in the language it was asked in."""
    choice = call.input
    spec = next((s for s in call.registry.commands if s.name == choice.command), None) \
        if isinstance(choice, AccountPick) else None
    if spec is None:
        return Reply(text=render("error_unknown_action", call.lang), kind=ReplyKind.ERROR, lang=call.lang)
    return spec.handler(replace(call, args=choice.args, lang=choice.lang or call.lang, input=None,
                                extra={"account_id": choice.account}))


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
