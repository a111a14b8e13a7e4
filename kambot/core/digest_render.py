"""The weekly digest as Slack messages: load one scope in at most five queries, build it, render it for Block Kit."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from kambot.core.i18n import labels, render
from kambot.core.reply import Reply
from kambot.domain.cadence import normalize_tier
from kambot.domain.digest import (
    SILENCE_ROLES, THREAD_DAYS, Digest, DigestAccount, DigestContact, DigestTouch, build_digest,
)
from kambot.storage.models import Account, Contact, DigestSubscription, Touchpoint, TouchpointContact

# Slack allows 50 blocks per message and 3,000 characters per section; stay a little under both.
MAX_BLOCKS = 45
MAX_CHUNK = 2900
SHOWN = 10  # items per section: the digest is read in three minutes, the tail is counted
SHOWN_ACTIVITY, SHOWN_TOUCHES = 6, 2
# Customer text is clipped before escaping, so one hostile name cannot fill a message.
CLIP_NAME, CLIP_TEXT = 80, 120
SUMMARY_CHARS = 400  # read from the database: more than any line shows, far less than a long note
MAX_QUIET_IDS = 20_000  # bound parameters in one IN list (SQLite allows 32,766, psycopg 65,535)
SECTIONS = ("activity", "went_cold", "single_threaded", "silent_contacts", "next_steps_overdue",
            "next_steps_due_soon", "renewals", "at_risk")


@dataclass(frozen=True)
class DigestScope:
    """Which accounts a digest covers, as stored in DigestSubscription.scope."""

    kind: str  # all | owner | tier | accounts
    owner: str | None = None
    tier: str | None = None
    account_ids: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> "DigestScope":
        """'all', 'owner:U1' (or 'mine:U1'), 'tier:A', 'accounts:1;5;9'; anything else is a ValueError."""
        kind, _, value = (text or "all").strip().partition(":")
        if kind == "all" and not value:
            return cls("all")
        if kind in ("owner", "mine") and re.fullmatch(r"[A-Za-z0-9_]+", value):
            return cls("owner", owner=value)
        if kind == "tier" and normalize_tier(value) in ("A", "B", "C"):
            return cls("tier", tier=normalize_tier(value))
        ids = tuple(dict.fromkeys(int(v) for v in value.split(";") if v.strip().isdigit()))
        if kind == "accounts" and ids:
            return cls("accounts", account_ids=ids)
        raise ValueError(f"unknown digest scope {text!r}")

    def __str__(self) -> str:
        if self.kind == "owner":
            return f"owner:{self.owner}"
        if self.kind == "tier":
            return f"tier:{self.tier}"
        if self.kind == "accounts":
            return "accounts:" + ";".join(str(i) for i in self.account_ids)
        return "all"


def digest_week(today: date) -> date:
    """First day of the reported week: the 7 days ending yesterday, so a Monday brief covers Mon-Sun."""
    return today - timedelta(days=7)


@lru_cache(maxsize=None)
def _statements(kind: str) -> dict:
    """The loader's statements for one kind of scope, built once: values come in as bound parameters."""
    team = bindparam("team")
    where = [Account.team_id == team]
    if kind == "owner":
        where.append(Account.owner == bindparam("owner"))
    elif kind == "tier":
        where.append(func.upper(func.trim(Account.tier)) == bindparam("tier"))
    elif kind == "accounts":
        where.append(Account.id.in_(bindparam("ids", expanding=True)))
    in_scope = select(Account.id).where(*where)
    last_touch = (select(func.max(Touchpoint.occurred_on))  # index-only: (team, account, day)
                  .where(Touchpoint.team_id == team, Touchpoint.account_id == Account.id).correlate(Account)
                  .scalar_subquery())
    contact_last = (select(func.max(Touchpoint.occurred_on))
                    .join(TouchpointContact, TouchpointContact.touchpoint_id == Touchpoint.id)
                    .where(TouchpointContact.contact_id == Contact.id).correlate(Contact).scalar_subquery())
    return {
        "accounts": select(Account.id, Account.name, Account.owner, Account.tier, Account.annual_revenue,
                           Account.renewal_date, Account.cadence_days, last_touch).where(*where),
        "revenue": select(Account.id, Account.name, Account.annual_revenue)
        .where(Account.team_id == team, Account.annual_revenue > 0),
        "contacts": select(Contact.id, Contact.account_id, Contact.name, Contact.role, Contact.status)
        .where(Contact.team_id == team, Contact.account_id.in_(in_scope)),
        # One row per (touch, contact): the people come with the touches (with_people costs a query per 900).
        "touches": select(Touchpoint.id, Touchpoint.account_id, Touchpoint.occurred_on, Touchpoint.kind,
                          func.substr(Touchpoint.summary, 1, SUMMARY_CHARS),
                          func.substr(Touchpoint.next_step, 1, SUMMARY_CHARS), Touchpoint.next_step_due,
                          Touchpoint.logged_by, TouchpointContact.contact_id)
        .outerjoin(TouchpointContact, TouchpointContact.touchpoint_id == Touchpoint.id)
        .where(Touchpoint.team_id == team, Touchpoint.account_id.in_(in_scope),
               Touchpoint.occurred_on >= bindparam("since"), Touchpoint.occurred_on <= bindparam("today")),
        "quiet": select(TouchpointContact.contact_id, func.max(Touchpoint.occurred_on))
        .join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
        .where(TouchpointContact.team_id == team, TouchpointContact.contact_id.in_(bindparam("quiet", expanding=True)))
        .group_by(TouchpointContact.contact_id),
        "quiet_all": select(Contact.id, contact_last)
        .where(Contact.team_id == team, Contact.account_id.in_(in_scope), Contact.role.in_(sorted(SILENCE_ROLES))),
    }


def load_digest_inputs(session: Session, *, team_id: str, scope: DigestScope, today: date):
    """(accounts, contacts, touches, key_ids) of one scope in at most five queries, none reading other scopes."""
    sql = _statements(scope.kind)
    since = min(digest_week(today) - timedelta(days=7), today - timedelta(days=THREAD_DAYS))
    params = {"team": team_id, "owner": scope.owner, "tier": scope.tier, "ids": list(scope.account_ids),
              "since": since, "today": today}
    run = session.connection().execute  # Core rows: the ORM layer adds nothing to plain column tuples
    accounts = [DigestAccount(*row) for row in run(sql["accounts"], params)]
    # build_digest takes the 80/20 of `accounts`: right for a whole team, wrong for one owner's accounts.
    key_ids = None if scope.kind == "all" else team_key_ids(run(sql["revenue"], params).all())
    contact_rows = run(sql["contacts"], params).all()
    touches, people, seen = [], {}, {}
    for row in run(sql["touches"], params).all():  # fetchall: one driver call, not one per row
        touch_id, contact_id = row[0], row[8]
        linked = people.get(touch_id)
        if linked is None:
            linked = people[touch_id] = []
            touches.append(row)
        if contact_id is not None:
            linked.append(contact_id)
            if row[2] > seen.get(contact_id, date.min):
                seen[contact_id] = row[2]
    # A champion quiet for longer than the window still has a last touch, not "never": ask only for those.
    quiet = [r[0] for r in contact_rows if r[0] not in seen and _role(r[3]) in SILENCE_ROLES]
    last = {}
    if len(quiet) > MAX_QUIET_IDS:  # a huge import of untouched champions: one correlated query instead
        last = dict(run(sql["quiet_all"], params).all())
    elif quiet:
        last = dict(run(sql["quiet"], {**params, "quiet": quiet}).all())
    contacts = [DigestContact(r[0], r[1], r[2], r[3], r[4], last.get(r[0])) for r in contact_rows]
    touches = [DigestTouch(r[0], r[1], r[2], r[3], tuple(people[r[0]]), r[4] or "", r[5], r[6], r[7])
               for r in touches]
    return accounts, contacts, touches, key_ids


def team_key_ids(rows) -> frozenset:
    """The 80/20 key set from (id, name, revenue) rows: kambot.domain.keys.key_accounts' rule, ids only.

    The domain function also builds a row and flags for every account; a digest of one owner needs
    only the team's key ids, and this keeps that cost a sort (tests check both agree).
    """
    entries = sorted(((max(rev or 0, 0), str(name), aid) for aid, name, rev in rows),
                     key=lambda e: (-e[0], e[1].casefold(), str(e[2])))
    total = sum(e[0] for e in entries)
    key, cumulative = [], 0
    for revenue, _, account_id in entries:
        if total <= 0 or cumulative * 5 >= total * 4:
            break
        key.append(account_id)
        cumulative += revenue
    return frozenset(key)


def _role(role: str | None) -> str:
    """'Decision Maker' -> 'decision_maker', as the digest reads roles."""
    return (role or "").strip().lower().replace("-", "_").replace(" ", "_")


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
    accounts, contacts, touches, key_ids = load_digest_inputs(session, team_id=team_id, scope=scope, today=today)
    digest = build_digest(accounts=accounts, contacts=contacts, touches=touches, today=today,
                          week_start=digest_week(today), key_ids=key_ids)
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
    if accounts and not any(getattr(digest, name) for name in SECTIONS[1:]):
        parts.append(render("digest", lang, section="quiet"))
    groups = _pack([c for part in [header, *parts] for c in _chunks(part)])
    data = {"scope": str(scope), "week_start": digest.week_start.isoformat(), "week_end": digest.week_end.isoformat(),
            "accounts": len(accounts), "revenue_at_risk": digest.revenue_at_risk,
            "headline": {m.key: [m.this_week, m.last_week] for m in digest.headline},
            "counts": {name: len(getattr(digest, name)) for name in SECTIONS}}
    replies = []
    for number, group in enumerate(groups, start=1):
        text = group[0] if number == 1 else render("digest", lang, section="continued", part=number, parts=len(groups))
        sections = group[1:] if number == 1 else group
        replies.append(Reply(text=text, sections=sections, kind="digest", visibility="channel", lang=lang,
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


def _chunks(text: str) -> list[str]:
    """Split rendered mrkdwn into pieces of at most MAX_CHUNK characters, at line breaks."""
    pieces, current = [], ""
    for line in text.split("\n"):
        while len(line) > MAX_CHUNK:  # cannot happen with clipped text; kept so no input breaks Slack
            if current:
                pieces.append(current)
                current = ""
            cut = MAX_CHUNK
            amp = line.rfind("&", cut - 6, cut)  # never cut inside an &amp;-style entity
            if amp > 0 and ";" not in line[amp:cut]:
                cut = amp
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > MAX_CHUNK:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _pack(chunks: list[str]) -> list[list[str]]:
    """Chunks grouped MAX_BLOCKS per message, in order."""
    return [chunks[i:i + MAX_BLOCKS] for i in range(0, len(chunks), MAX_BLOCKS)] or [[""]]
