"""`/kam digest subscribe|unsubscribe|preview` (`/kam resumen suscribir|cancelar|vista previa`): weekly digests."""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kambot.core.account_reply import pick_buttons, resolve_for, shown
from kambot.core.call import Call
from kambot.core.whose import ALL, MINE, mentioned_user, without_mentions
from kambot.core.digest_render import DigestScope, render_digest, scope_label
from kambot.core.i18n import labels
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch
from kambot.domain.schedule import DIGEST_HOUR, DIGEST_WEEKDAY, next_run
from kambot.domain.text import normalize_name
from kambot.storage.accounts import accounts_by_ids
from kambot.storage.models import DigestSubscription

SUBSCRIBE = frozenset(("subscribe", "sub", "suscribir", "suscribirse", "suscribe", "subscribir"))
UNSUBSCRIBE = frozenset(("unsubscribe", "unsub", "stop", "cancel", "cancelar", "desuscribir", "desuscribirse"))
PREVIEW = frozenset(("preview", "vista", "previa", "ver"))
ENGLISH_VERBS = frozenset(("subscribe", "sub", "unsubscribe", "unsub", "stop", "cancel", "preview"))
SPANISH_VERBS = (SUBSCRIBE | UNSUBSCRIBE | PREVIEW) - ENGLISH_VERBS
_DAYS = ("mon(?:day)?|lun(?:es)?", "tue(?:s|sday)?|mar(?:tes)?", "wed(?:nesday)?|mi[eé](?:rcoles)?",
         "thu(?:rs|rsday)?|jue(?:ves)?", "fri(?:day)?|vie(?:rnes)?", "sat(?:urday)?|s[aá]b(?:ado)?",
         "sun(?:day)?|dom(?:ingo)?")
_WEEKDAY = re.compile(r"(?:^|\s)(?:on|every|el|los|cada)\s+(?:(%s))s?\s*[,.]?\s*$" % ")|(".join(_DAYS), re.IGNORECASE)
_TIME = re.compile(r"(?:^|\s)(?:at|a\s+las?|@)\s+(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h|hs)?\s*[,.]?\s*$",
                   re.IGNORECASE)
_TIER = re.compile(r"^(?:tier|nivel)\s*[-:]?\s*(\S+)$")


class Refusal(Exception):
    """Input the digest cannot use; carries the template values of the answer (nothing is saved)."""

    def __init__(self, template: str, kind: ReplyKind = ReplyKind.USAGE, buttons: list | None = None, **values):
        super().__init__(template)
        self.template, self.kind, self.values, self.buttons = template, kind, values, buttons or []


def handle(call: Call) -> Reply:
    """Dispatch the subcommand; refusals answer with what to type and leave the subscription as it was."""
    word, _, rest = call.args.strip().partition(" ")
    verb = normalize_name(word)
    # The verb says the language; account names ("Banco de Chile") must not turn an English reply Spanish.
    call.lang = "en" if verb in ENGLISH_VERBS else "es" if verb in SPANISH_VERBS else call.lang
    try:
        if verb in SUBSCRIBE:
            return _subscribe(call, rest)
        if verb in UNSUBSCRIBE:
            return _unsubscribe(call)
        if verb in PREVIEW:
            return _preview(call, re.sub(r"^\s*previa\b", "", rest, flags=re.IGNORECASE))
        if not verb or verb in ("status", "estado"):
            return _status(call)
        return call.reply("digest_usage", kind=ReplyKind.USAGE, word=word, reason="unknown")
    except Refusal as refusal:
        reply = call.reply(refusal.template, kind=refusal.kind, **refusal.values)
        reply.buttons = refusal.buttons
        return reply


def _subscription(call: Call) -> DigestSubscription | None:
    if not call.ctx.channel_id:
        return None
    return call.session.execute(select(DigestSubscription).where(
        DigestSubscription.team_id == call.team_id, DigestSubscription.channel_id == call.ctx.channel_id)
    ).scalar_one_or_none()


def _subscribe(call: Call, text: str) -> Reply:
    """Create or replace this channel's subscription."""
    if not call.ctx.channel_id:
        raise Refusal("digest_usage", word="", reason="no_channel")
    if call.ctx.bot_absent():  # every weekly post would fail with not_in_channel: say so now, save nothing
        raise Refusal("invite_me", kind=ReplyKind.REFUSED, what="digest")
    text, weekday, hour = _when(text)
    scope = _scope(call, text)
    row = _subscription(call)
    updated = row is not None
    row = row or DigestSubscription(team_id=call.team_id, channel_id=call.ctx.channel_id)
    row.scope, row.weekday, row.hour = str(scope), weekday, hour
    row.tz, row.lang, row.created_by = getattr(call.ctx.tz, "key", "UTC"), call.lang, call.ctx.user_id
    call.session.add(row)
    call.session.flush()
    reply = call.reply("digest_subscribed", kind=ReplyKind.DIGEST_SUBSCRIBED, **_describe(call, row), updated=updated,
                       user=call.ctx.user_id)
    reply.visibility = "channel"  # the channel should know a digest will be posted to it, and by whom
    reply.data = {"subscription_id": row.id, "scope": row.scope, "weekday": row.weekday, "hour": row.hour,
                  "tz": row.tz, "lang": row.lang, "updated": updated}
    reply.changed = True
    return reply


def _unsubscribe(call: Call) -> Reply:
    """Remove this channel's subscription, if any."""
    row = _subscription(call)
    if row is None:
        return call.reply("digest_status", kind=ReplyKind.INFO, subscribed=False)
    call.session.delete(row)
    call.session.flush()
    reply = call.reply("digest_unsubscribed", kind=ReplyKind.DIGEST_UNSUBSCRIBED, user=call.ctx.user_id)
    reply.visibility = "channel"
    reply.data = {"channel_id": call.ctx.channel_id, "scope": row.scope}
    reply.changed = True
    return reply


def _preview(call: Call, text: str) -> Reply:
    """The digest as it would look now, for the asker only: the given scope, else this channel's, else all."""
    row = _subscription(call)
    scope = _scope(call, text) if text.strip() else DigestScope.parse(row.scope if row else "all")
    replies = render_digest(call.session, team_id=call.team_id, today=call.ctx.today, scope=scope, lang=call.lang)
    reply = replies[0]
    if len(replies) > 1:  # a command answers once; the real digest posts every part
        reply.sections.append(call.reply("digest_usage", reason="more_parts", word="", parts=len(replies)).text)
    reply.visibility, reply.kind = "ephemeral", ReplyKind.DIGEST_PREVIEW
    reply.data = {**reply.data, "preview": True, "subscribed": row is not None}
    return reply


def _status(call: Call) -> Reply:
    row = _subscription(call)
    if row is None:
        return call.reply("digest_status", kind=ReplyKind.INFO, subscribed=False)
    return call.reply("digest_status", kind=ReplyKind.INFO, subscribed=True, **_describe(call, row))


def _describe(call: Call, row: DigestSubscription) -> dict:
    """Template values telling what a subscription sends, when, and the next delivery."""
    scope = DigestScope.parse(row.scope)
    names = []
    if scope.kind == "accounts":
        found = accounts_by_ids(call.session, team_id=call.team_id, ids=scope.account_ids)
        names = sorted((a.name for a in found.values()), key=str.casefold)
    upcoming = next_run(call.ctx.now, ZoneInfo(row.tz), weekdays={row.weekday}, hour=row.hour)
    return {"scope_label": scope_label(scope, names, call.lang), "weekday": label_day(call.lang, row.weekday),
            "hour": f"{row.hour:02d}:00", "tz": row.tz, "next_day": upcoming.date()}


def label_day(lang: str, weekday: int) -> str:
    """'Monday' / 'lunes'."""
    return labels(lang)["weekdays"][weekday]


def _when(text: str) -> tuple[str, int, int]:
    """Strip '[on <weekday>] [at <HH:MM>]' (either order) from the end; (rest, weekday, hour)."""
    weekday, hour = DIGEST_WEEKDAY, DIGEST_HOUR
    while True:
        day = _WEEKDAY.search(text)
        if day:
            weekday = next(i for i, g in enumerate(day.groups()) if g)
            text = text[:day.start()]
            continue
        at = _TIME.search(text)
        if not at:
            return text.strip(" ,"), weekday, hour
        hour = _hour(at.group(0).strip(), int(at.group(1)), at.group(2), (at.group(3) or "").lower().replace(".", ""))
        text = text[:at.start()]


def _hour(typed: str, hour: int, minutes: str | None, suffix: str) -> int:
    """A whole hour 0-23 from 9, 9:00, 9am, 2pm, 14h; anything else is refused."""
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise Refusal("digest_usage", word=typed, reason="bad_time")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or (minutes and int(minutes) != 0):
        raise Refusal("digest_usage", word=typed, reason="bad_time")  # digests go out on the hour
    return hour


def _scope(call: Call, text: str) -> DigestScope:
    """all | mine | tier X | @owner | account names separated by commas."""
    user = mentioned_user(text)
    if user:
        if without_mentions(text).strip(" ,"):
            raise Refusal("digest_usage", word=text, reason="bad_scope")
        return DigestScope("owner", owner=user)
    norm = normalize_name(text)
    words = set(norm.split()) - {"accounts", "account", "cuentas", "cuenta", "las", "the", "of", "de"}
    if not words or (words <= ALL):
        return DigestScope("all")
    if words <= MINE:
        return DigestScope("owner", owner=call.ctx.user_id)
    tier = _TIER.match(norm)
    if tier:
        if tier.group(1).upper() not in ("A", "B", "C"):
            raise Refusal("digest_usage", word=text, reason="bad_tier")
        return DigestScope("tier", tier=tier.group(1).upper())
    return DigestScope("accounts", account_ids=_account_ids(call, text))


def _account_ids(call: Call, text: str) -> tuple[int, ...]:
    """Every comma-separated name resolved to one account, or a question listing what to fix."""
    ids = []
    for name in (n.strip() for n in re.split(r"[,;]", text)):
        if not name:
            continue
        match = resolve_for(call, name)
        if match.status == "found" and normalize_name(match.phrase or "") != normalize_name(name):
            # "Acme Group" found Acme Corp through one word: subscribe only to names that are clear
            match = AccountMatch("unknown", phrase=name, suggestions=[match.account.name], meant=match.account)
        if match.status != "found":
            choices = match.candidates if match.status == "ambiguous" else [match.meant] if match.meant else []
            raise Refusal("digest_account", kind=ReplyKind.UNKNOWN_ACCOUNT if match.status == "unknown" else ReplyKind.AMBIGUOUS,
                          buttons=pick_buttons(call, "digest", name, choices), status=match.status,
                          phrase=shown(name), suggestions=match.suggestions, candidates=[a.name for a in match.candidates])
        ids.append(match.account.id)
    return tuple(dict.fromkeys(ids))
