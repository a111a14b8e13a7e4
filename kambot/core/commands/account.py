"""`/kam account <name>` (`/kam cuenta`): the account card: owner, tier, money, cadence, stakeholders, next steps."""
from __future__ import annotations

from datetime import date, timedelta

from kambot.core.account_reply import days_between, find_account, money
from kambot.core.call import Call
from kambot.core.card_data import CardData, load_card
from kambot.domain.recommend_model import no_ally_among_deciders
from kambot.core.health_data import load_health
from kambot.core.health_words import why_line
from kambot.core.i18n import label, mention
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.cadence import cadence_for, days_since, is_stale_since
from kambot.domain.recommend import POWER, Person
from kambot.domain.strength import band_for
from kambot.storage.plans import plan_progress

ENGAGED_DAYS = 90  # "engaged" and "covered" mean touched within this many days (today included)
# Open next steps: those logged in the last 90 days whose due date is at most 30 days past. There is no
# "done" flag on a next step, so an old promise is assumed handled (or moot) rather than nagged about forever.
NEXT_STEP_DAYS = 90
NEXT_STEP_GRACE_DAYS = 30
TOP = 5  # the card stays short on a 300-person account: five of each list, then "and N more"
COVERAGE_ROLES = ("decision_maker", "economic_buyer")


# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (
    r"^\s*(?:show\s+(?:me\s+)?)?(?:the\s+)?account\s+card\s+(?:of\s+|for\s+)?(?P<args>.+)$",
    r"^\s*how(?:'s|’s|\s+is)\s+(?:the\s+)?(?P<args>.+?)\s+(?:account\s+)?doing\b",
    r"^\s*¿?\s*(?:muestrame\s+)?(?:la\s+)?ficha\s+de(?:\s+la\s+cuenta)?\s+(?P<args>.+)$",
    r"^\s*¿?\s*como\s+(?:va|esta|anda)\s+la\s+cuenta(?:\s+de)?\s+(?P<args>.+)$",
)


def handle(call: Call) -> Reply:
    """Render the card of one account; unknown or ambiguous names get suggestions, not an error."""
    query = call.args.strip().strip("?¿!¡. ")
    if not query:
        return call.reply("account_card_usage", kind=ReplyKind.USAGE)
    found = find_account(call, query, command="account")
    if found.reply is not None:
        return found.reply
    data = load_card(call.session, account=found.account, today=call.ctx.today, engaged_days=ENGAGED_DAYS,
                     steps_days=NEXT_STEP_DAYS)
    facts = card_facts(call, data)
    facts.update(health_facts(call, data.account.id))
    reply = call.reply("account_card", kind=ReplyKind.ACCOUNT_CARD, **facts)
    reply.data = {key: value for key, value in facts.items() if key in _DATA_KEYS}
    reply.data["account_id"] = data.account.id
    return reply


_DATA_KEYS = ("plan", "health", "health_band", "stale", "single_threaded", "engaged_count", "coverage_ok", "days_since_touch", "cadence", "days_left")


def health_facts(call: Call, account_id: int) -> dict:
    """The account's health score, band and full why-line (kambot.domain.health)."""
    rows = load_health(call.session, team_id=call.team_id, account_ids=[account_id], today=call.ctx.today)
    if not rows:
        return {"health": None, "health_band": None, "health_why": ""}
    result = rows[0].health
    return {"health": result.score, "health_band": result.band, "health_why": why_line(result, call.lang)}


def card_facts(call: Call, data: CardData) -> dict:
    """Everything the card shows, computed from the loaded account."""
    account, today, lang = data.account, call.ctx.today, call.lang
    last = data.last_touch
    cadence = cadence_for(account.tier, account.cadence_days)
    since = days_since(last, today)
    last_seen = data.last_seen
    people = {p.id: p for p in data.people}
    engaged = [people[c] for c in last_seen if c in people and not people[c].departed]
    active = data.active
    coverage = [_coverage(role, active, last_seen, today, lang) for role in COVERAGE_ROLES]
    steps = _next_steps(data, today)
    top, more = _top_contacts(data, active, lang)
    return {
        "account": account.name, "owner": mention(account.owner), "tier": account.tier or "",
        "revenue": money(account.annual_revenue, lang), "industry": account.industry or "",
        "renewal": account.renewal_date, "renewal_in": days_between(today, account.renewal_date),
        "last_touch": last, "days_since_touch": since, "cadence": cadence,
        "days_left": None if since is None else cadence - since, "stale": is_stale_since(last, cadence, today),
        "engaged_count": len(engaged), "engaged": [p.name for p in engaged[:TOP]], "engaged_days": ENGAGED_DAYS,
        "single_threaded": len(engaged) <= 1, "coverage": coverage,
        "coverage_ok": all(c["covered"] for c in coverage),
        "no_ally": no_ally_among_deciders(account.tier, active),
        "steps": steps[:TOP], "steps_more": max(0, len(steps) - TOP),
        "top": top, "top_more": more, "people_count": len(active),
        "gone_count": len(data.people) - len(active),
        "plan": plan_progress(call.session, team_id=account.team_id, account_ids=[account.id], today=today).get(account.id),
    }


def _coverage(role: str, active: list[Person], last_seen: dict[int, date], today: date, lang: str) -> dict:
    """Who holds a role, and whether any of them was touched recently."""
    holders = [p for p in active if p.role_key == role]
    touched = sorted((p for p in holders if p.id in last_seen), key=lambda p: last_seen[p.id], reverse=True)
    shown = touched[0] if touched else (holders[0] if holders else None)
    return {
        "role": label(lang, "role", role), "mapped": bool(holders), "covered": bool(touched),
        "name": shown.name if shown else "", "others": max(0, len(holders) - 1),
        "days_ago": (today - last_seen[shown.id]).days if touched else None,
    }


def _next_steps(data: CardData, today: date) -> list[dict]:
    """Open next steps, most urgent first: overdue, then by due date, then undated ones newest first."""
    oldest_due = today - timedelta(days=NEXT_STEP_GRACE_DAYS)
    steps = [t for t in data.steps if t.due is None or t.due >= oldest_due]
    steps.sort(key=lambda t: (t.due is None, t.due or date.max, -t.logged_on.toordinal()))
    return [{"text": " ".join(t.text.split()), "due": t.due, "overdue": t.due is not None and t.due < today,
             "due_in": days_between(today, t.due)} for t in steps]


def _top_contacts(data: CardData, active: list[Person], lang: str) -> tuple[list[dict], int]:
    """The people we know best (deciders first among equals), and how many more are active."""
    scores = data.scores
    ranked = sorted(active, key=lambda p: (-scores.get(p.id, 0.0), -POWER.get(p.role_key, 0), p.name.casefold(), p.id))
    top = []
    for person in ranked[:TOP]:
        band = band_for(scores.get(person.id, 0.0), person.id in scores)
        top.append({"name": person.name, "title": person.title or "", "band": label(lang, "band", band),
                    "band_key": band, "role": label(lang, "role", person.role_key) if person.role else ""})
    return top, max(0, len(active) - TOP)
