"""`/kam cadence <account> [<days>|default]` (`/kam cadencia`): how long an account may go without a touch."""
from __future__ import annotations

import re

from kambot.core.account_reply import pick_buttons, resolve_for, shown
from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch
from kambot.domain.cadence import cadence_for, days_since, first_stale_day, normalize_tier
from kambot.domain.text import normalize_name
from kambot.storage.accounts import update_account
from kambot.storage.touchpoints import last_touch_by_account

MIN_DAYS, MAX_DAYS = 1, 365
DEFAULT_WORDS = frozenset(("default", "tier", "reset", "clear", "none", "defecto", "predeterminada",
                           "predeterminado", "nivel", "quitar"))
DAY_WORDS = frozenset(("d", "day", "days", "dia", "dias"))
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_KINDS = {"show": ReplyKind.INFO, "set": ReplyKind.CADENCE_SET, "cleared": ReplyKind.CADENCE_CLEARED}


def handle(call: Call) -> Reply:
    """Show, set (1-365 days) or clear an account's cadence override; bad input changes nothing."""
    text = call.args.strip()
    if not text:
        return call.reply("cadence_usage", kind=ReplyKind.USAGE, reason="empty", account="Acme", value="")
    account_text, value = _split(text)
    if not account_text or _NUMBER.match(account_text):
        return call.reply("cadence_usage", kind=ReplyKind.USAGE, reason="empty", account="Acme", value="")
    if value is not None and value != "default" and _names_account(call, text):
        account_text, value = text, None  # "Studio 54" is an account, not Studio every 54 days
    match = _resolve(call, account_text)
    if value is None and len(account_text.split()) > 1 and not _covers(match, account_text):
        head, tail = account_text.rsplit(None, 1)
        shorter = _resolve(call, head)
        if _covers(shorter, head):  # "Acme weekly": an account, then a word that is no number of days
            return call.reply("cadence_usage", kind=ReplyKind.USAGE, reason="bad_days", account=shorter.account.name,
                              value=tail)
    if match.status == "found" and not _covers(match, account_text):
        # "Acme Group" found Acme Corp through one word: a setting is changed only on a clear name
        match = AccountMatch("unknown", phrase=account_text, suggestions=[match.account.name], meant=match.account)
    if match.status != "found":
        reply = call.reply("cadence_account", kind=ReplyKind.UNKNOWN_ACCOUNT if match.status == "unknown" else ReplyKind.AMBIGUOUS,
                           status=match.status, phrase=shown(match.phrase or account_text), suggestions=match.suggestions,
                           candidates=[a.name for a in match.candidates])
        choices = match.candidates if match.status == "ambiguous" else [match.meant] if match.meant else []
        reply.buttons = pick_buttons(call, "cadence", match.phrase or account_text, choices)
        return reply
    account = match.account
    if value is None:
        return _answer(call, account, "show")
    if value == "default":
        update_account(call.session, account, cadence_days=None)
        return _answer(call, account, "cleared", changed=True)
    days = _days(value)
    if days is None:
        return call.reply("cadence_usage", kind=ReplyKind.USAGE, reason="bad_days", account=account.name, value=value)
    previous = account.cadence_days
    update_account(call.session, account, cadence_days=days)
    return _answer(call, account, "set", previous=previous, changed=True)


def _split(text: str) -> tuple[str, str | None]:
    """(account words, "default" | the typed number | None when only an account was named)."""
    words = text.split()
    norm = normalize_name(text)
    if norm.endswith("por defecto"):
        return _drop_words(words, 2), "default"
    if len(words) > 1 and normalize_name(words[-1]) in DAY_WORDS and _NUMBER.match(words[-2]):
        words = words[:-1]  # "21 days"
    if len(words) > 1 and normalize_name(words[-1]) in DEFAULT_WORDS:
        return _drop_words(words, 1), "default"
    if len(words) > 1 and _NUMBER.match(words[-1]):
        return _drop_words(words, 1), words[-1]
    return text, None


def _drop_words(words: list[str], count: int) -> str:
    return " ".join(words[:-count]).strip(" ,:")


def _days(value: str) -> int | None:
    """A whole number of days in range, or None."""
    if not re.fullmatch(r"\+?\d+", value):
        return None
    days = int(value)
    return days if MIN_DAYS <= days <= MAX_DAYS else None


def _resolve(call: Call, text: str) -> AccountMatch:
    return resolve_for(call, text)


def _covers(match: AccountMatch, text: str) -> bool:
    """True when the account was found from all of `text`, not from a few of its words."""
    return match.status == "found" and normalize_name(match.phrase or "") == normalize_name(text)


def _names_account(call: Call, text: str) -> bool:
    """True when the whole text, number included, is exactly an account's name or alias."""
    match = _resolve(call, text)
    return _covers(match, text) and match.via == "name"


def _answer(call: Call, account, state: str, previous: int | None = None, changed: bool = False) -> Reply:
    """The account's cadence now, and when it goes (or went) cold with it."""
    today = call.ctx.today
    last = last_touch_by_account(call.session, team_id=call.team_id, account_ids=[account.id]).get(account.id)
    cadence = cadence_for(account.tier, account.cadence_days)
    cold_on = first_stale_day(last, cadence)
    reply = call.reply(
        "cadence", kind=_KINDS[state], state=state, account=account.name,
        tier=normalize_tier(account.tier), cadence=cadence, custom=bool(account.cadence_days),
        tier_default=cadence_for(account.tier), previous=previous, days=days_since(last, today),
        cold_on=cold_on, stale=cold_on is None or cold_on <= today,
    )
    reply.data = {"account_id": account.id, "account": account.name, "cadence_days": cadence,
                  "override": account.cadence_days}
    reply.changed = changed
    return reply
