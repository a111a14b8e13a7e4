"""The weekly digest as Slack messages: build one scope's digest and render it for Block Kit."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

# Loading lives in digest_data and digest_scope; their names stay importable from here, where the
# commands and jobs look.
from kambot.core.digest_data import MAX_QUIET_IDS, SUMMARY_CHARS, load_digest_health, load_digest_inputs  # noqa: F401
from kambot.core.digest_scope import DigestScope, digest_week, team_key_ids  # noqa: F401
from kambot.core.health_words import band_word
from kambot.core.i18n import labels, render
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.digest import Digest, build_digest
from kambot.domain.text import split_mrkdwn
from kambot.storage.models import DigestSubscription

# Slack allows 50 blocks per message and 3,000 characters per section; stay a little under both.
MAX_BLOCKS = 45
MAX_CHUNK = 2900
SHOWN = 10  # items per section: the digest is read in three minutes, the tail is counted
SHOWN_ACTIVITY, SHOWN_TOUCHES = 6, 2
# Customer text is clipped before escaping, so one hostile name cannot fill a message.
CLIP_NAME, CLIP_TEXT = 80, 120
SECTIONS = ("activity", "went_cold", "single_threaded", "silent_contacts", "next_steps_overdue",
            "next_steps_due_soon", "renewals", "at_risk", "health_fell", "health")
ALERTS = SECTIONS[1:-1]  # "Nothing else needs attention" when these are empty (every account has a health line)


def render_digest(session: Session, *, team_id: str, today: date, subscription: DigestSubscription | None = None,
                  scope: str | DigestScope = "all", lang: str | None = None) -> list[Reply]:
    """The digest of a subscription (or a scope) as of `today` (the recipient's local date), in Slack messages.

    Reports the 7 days ending yesterday against the 7 before. Each Reply has at most MAX_BLOCKS
    sections of at most MAX_CHUNK characters; the list has more than one Reply only when the
    capped sections still do not fit in one message. Replies are channel-visible, kind "digest".
    """
    if subscription is not None:
        scope, lang = subscription.scope, lang or subscription.lang
    scope = scope if isinstance(scope, DigestScope) else DigestScope.parse(scope)
    lang = lang if lang in ("en", "es") else "en"
    # This module's MAX_QUIET_IDS, read at call time: lowering it here reaches the loader.
    accounts, contacts, touches, key_ids = load_digest_inputs(session, team_id=team_id, scope=scope, today=today,
                                                              max_quiet_ids=MAX_QUIET_IDS)
    health = load_digest_health(session, team_id=team_id, accounts=accounts, today=today)
    digest = build_digest(accounts=accounts, contacts=contacts, touches=touches, today=today,
                          week_start=digest_week(today), key_ids=key_ids, health=health)
    return digest_replies(digest, scope=scope, accounts=accounts, lang=lang)


def digest_replies(digest: Digest, *, scope: DigestScope, accounts: list, lang: str) -> list[Reply]:
    """Render a built digest: a header, then each non-empty section capped, packed into messages."""
    names = sorted((a.name for a in accounts), key=str.casefold) if scope.kind == "accounts" else []
    stale = len(digest.at_risk)
    header = render("digest", lang, section="header", scope=scope_label(scope, names, lang),
                    week_start=_short_day(digest.week_start, lang), week_end=_short_day(digest.week_end, lang),
                    accounts=len(accounts), headline=digest.headline, stale=stale,
                    revenue_at_risk=money(digest.revenue_at_risk, lang))
    parts = []
    for name in SECTIONS if accounts else ():
        items = getattr(digest, name)
        if items:
            parts.append(render("digest", lang, section=name, **_view(name, items, digest, lang)))
    if accounts and not any(getattr(digest, name) for name in ALERTS):
        parts.append(render("digest", lang, section="quiet"))
    groups = _pack([c for part in [header, *parts] for c in split_mrkdwn(part, MAX_CHUNK)])
    data = {"scope": str(scope), "week_start": digest.week_start.isoformat(), "week_end": digest.week_end.isoformat(),
            "accounts": len(accounts), "revenue_at_risk": digest.revenue_at_risk,
            "headline": {m.key: [m.this_week, m.last_week] for m in digest.headline},
            "counts": {name: len(getattr(digest, name)) for name in SECTIONS}}
    replies = []
    for number, group in enumerate(groups, start=1):
        text = group[0] if number == 1 else render("digest", lang, section="continued", part=number, parts=len(groups))
        sections = group[1:] if number == 1 else group
        replies.append(Reply(text=text, sections=sections, kind=ReplyKind.DIGEST, visibility="channel", lang=lang,
                             data={**data, "part": number, "parts": len(groups)}))
    return replies


def scope_label(scope: DigestScope, names: list[str], lang: str) -> str:
    """'tier A accounts', "@ana's accounts", 'Acme, Globex and 3 more' (names of an accounts scope)."""
    return render("digest_scope", lang, scope=scope.kind, owner=scope.owner, tier=scope.tier,
                  names=[_clip(n, CLIP_NAME) for n in names[:3]], more_names=max(0, len(names) - 3))


def _view(name: str, items: tuple, digest: Digest, lang: str) -> dict:
    """Template values of one section: at most SHOWN items with customer text clipped, and the rest counted."""
    limit = SHOWN_ACTIVITY if name == "activity" else SHOWN
    shown = [_item(name, item, lang) for item in items[:limit]]
    extra = {"revenue_at_risk": money(digest.revenue_at_risk, lang)} if name == "at_risk" else {}
    if name == "activity":
        extra["hidden_touches"] = sum(len(a.touches) for a in items[limit:])
    return {"items": shown, "hidden": max(0, len(items) - limit), "total": len(items), **extra}


def _item(name: str, item, lang: str) -> dict:
    """One digest entry as plain values (names clipped, dates and money formatted)."""
    values = {key: getattr(item, key) for key in item.__slots__}
    for key in ("name", "account_name", "contact_name"):
        if values.get(key):
            values[key] = _clip(values[key], CLIP_NAME)
    if "text" in values:
        values["text"] = _clip(values["text"], CLIP_TEXT)
    if "band" in values:
        values["band_word"] = band_word(values["band"], lang)
    if "annual_revenue" in values:
        values["revenue"] = money(values["annual_revenue"], lang) if values["annual_revenue"] else ""
    for key in ("went_cold_on", "last_touch_on", "due_on", "renewal_date"):
        if key in values:
            values[key] = _short_day(values[key], lang)
    if name == "activity":
        values["touches"] = [
            {"day": _short_day(t.occurred_on, lang), "kind": t.kind, "logged_by": t.logged_by,
             "people": _clip(", ".join(t.contact_names), CLIP_NAME), "summary": _clip(t.summary, CLIP_TEXT)}
            for t in item.touches[-SHOWN_TOUCHES:]  # the latest ones
        ]
        values["count"], values["hidden"] = len(item.touches), max(0, len(item.touches) - SHOWN_TOUCHES)
    return values


def _clip(text: str | None, limit: int) -> str:
    """Customer text on one line, cut to `limit` characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short_day(day: date | None, lang: str) -> str:
    """'Tue, Nov 17' / 'mar 17 nov' (a digest spans weeks, not years)."""
    if day is None:
        return ""
    names = labels(lang)
    weekday, month = names["weekdays_short"][day.weekday()], names["months_short"][day.month - 1]
    return f"{weekday} {day.day} {month}" if lang == "es" else f"{weekday}, {month} {day.day}"


def money(value: float | None, lang: str) -> str:
    """Revenue in a compact form: '1.2M', '350k' ('1,2 M', '350 k'); no currency is assumed."""
    value = float(value or 0)
    for size, suffix in ((1e9, "B" if lang != "es" else "mil M"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size * 0.9995:
            text = f"{value / size:.1f}".removesuffix(".0")
            break
    else:
        text, suffix = f"{value:.0f}", ""
    if lang == "es":
        return text.replace(".", ",") + (f" {suffix}" if suffix else "")
    return text + suffix


def percent(share: float, lang: str) -> str:
    """A 0-1 share as '25%' ('25 %' in Spanish); a small non-zero share reads '<1%'."""
    value = round(share * 100)
    text = "<1" if share > 0 and value == 0 else str(value)
    return f"{text} %" if lang == "es" else f"{text}%"


def _pack(chunks: list[str]) -> list[list[str]]:
    """Chunks grouped MAX_BLOCKS per message, in order."""
    return [chunks[i:i + MAX_BLOCKS] for i in range(0, len(chunks), MAX_BLOCKS)] or [[""]]
