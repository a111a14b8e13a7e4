"""Relationship strength: touches weighted by kind, decayed by age, banded and explained in one line."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

# Face time builds relationships, so it counts most; an email or chat is a light touch. Same order as
# DotAlign (meeting 3 x email) and Breadbox ("depth"), kept as small integers so a score can be explained.
KIND_POINTS: dict[str, float] = {
    "meeting": 3.0,
    "meal": 3.0,
    "event": 2.0,
    "call": 2.0,
    "email": 1.0,
    "message": 1.0,
    "other": 1.0,
}
# Exponential decay, half-life 45 days: a touch today counts fully, 45 days ago half, 90 days ago a
# quarter, a year ago under 1%. Chosen over a linear ramp because it never has a cliff (a touch
# on day 364 and 366 weigh nearly the same) and it reads simply: "a touch 45 days ago is worth half".
# A contact touched every 14 days (tier A cadence) stays medium with emails, strong with calls; once
# every 60 days (tier C) drifts from medium to weak between meetings: fair for a distant relationship.
HALF_LIFE_DAYS = 45.0
# Bands on the decayed score. strong >= 6: e.g. a meeting this week, another two weeks ago and a call last
# month (3 + 2.4 + 1.2). medium >= 2: one fresh call or meeting, or a weekly email for a month (~3.4).
# weak: anything less, down to a single old email. none: no touch at all.
STRONG_AT = 6.0
MEDIUM_AT = 2.0
RECENT_DAYS = 60  # the window of the "N touches in 60 days" count (today and the 59 days before)
BANDS = ("strong", "medium", "weak", "none")
BAND_RANK = {"strong": 3, "medium": 2, "weak": 1, "none": 0}

_LABELS = {  # the same words as templates/<lang>/labels.json "band" (the domain reads no files)
    "en": {"strong": "strong", "medium": "medium", "weak": "weak", "none": "none"},
    "es": {"strong": "fuerte", "medium": "media", "weak": "débil", "none": "ninguna"},
}


# slots: an account has thousands of touches and ranking reads two fields of each; inline fields make
# that pass ~3x faster than a per-instance __dict__ (fewer cache misses).
@dataclass(frozen=True, slots=True)
class Touch:
    """One touchpoint as seen by one contact."""

    occurred_on: date
    kind: str  # call | email | meeting | meal | event | message | other
    participants: tuple[str, ...]  # our Slack user ids who took part (logger included by the caller)


@dataclass(frozen=True)
class Strength:
    """A relationship's band and score, with the facts behind it (for the "why" line)."""

    band: str  # strong | medium | weak | none
    score: float  # decayed points, rounded to 2 decimals
    touches_60d: int
    last_days_ago: int | None  # None without touches
    top_holder: str | None = None  # our user with the most decayed points
    holders: tuple[tuple[str, float], ...] = ()  # (user id, score), strongest first
    last_by_holder: Mapping[str, date] = field(default_factory=dict, hash=False)


NO_STRENGTH = Strength("none", 0.0, 0, None)


def band_for(score: float, touched: bool) -> str:
    """The band of a decayed score; any touch at all is at least weak."""
    if not touched:
        return "none"
    if score >= STRONG_AT:
        return "strong"
    return "medium" if score >= MEDIUM_AT else "weak"


class _Decay(dict):
    """day -> decay factor, computed on first use, then a plain dict lookup."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, day: date) -> float:
        value = self[day] = 0.5 ** (max(0, (self.today - day).days) / HALF_LIFE_DAYS)
        return value


class _Points(dict):
    """kind -> points; 'Meeting' or an unknown kind is looked up once, then cached."""

    def __missing__(self, kind: str) -> float:
        value = self[kind] = KIND_POINTS.get((kind or "").lower(), 1.0)
        return value


def touch_points(touch: Touch, *, today: date) -> float:
    """Points of one touch on a given day (future dates count as today: clock skew, not a bonus)."""
    return _Points(KIND_POINTS)[touch.kind] * _Decay(today)[touch.occurred_on]


class _Tally:
    """Running totals for one relationship (a contact, or one of our users with that contact)."""

    __slots__ = ("score", "recent", "last", "count")

    def __init__(self) -> None:
        self.score = 0.0
        self.recent = 0
        self.last: date | None = None
        self.count = 0

    def add(self, points: float, recent: bool, day: date) -> None:
        self.score += points
        self.recent += recent
        self.count += 1
        if self.last is None or day > self.last:
            self.last = day


def _tally(touches: Iterable[Touch], today: date) -> tuple[_Tally, dict[str, _Tally]]:
    """One pass: totals for the contact and per user (a shared touch counts once for the contact)."""
    total = _Tally()
    per_user: dict[str, _Tally] = {}
    decay, kind_points = _Decay(today), _Points(KIND_POINTS)
    recent_since = date.fromordinal(max(1, today.toordinal() - RECENT_DAYS + 1))
    for touch in touches:
        day = touch.occurred_on
        points = kind_points[touch.kind] * decay[day]
        recent = day >= recent_since
        total.add(points, recent, day)
        for user in set(touch.participants) if len(touch.participants) > 1 else touch.participants:
            tally = per_user.get(user)
            if tally is None:
                tally = per_user[user] = _Tally()
            tally.add(points, recent, day)
    return total, per_user


def _days_ago(day: date | None, today: date) -> int | None:
    return None if day is None else max(0, (today - day).days)


def _order(per_user: dict[str, _Tally]) -> list[tuple[str, _Tally]]:
    """Strongest first; ties go to the most recent, then the user id (stable output)."""
    return sorted(per_user.items(), key=lambda item: (-item[1].score, -item[1].last.toordinal(), item[0]))


def contact_strength(touches: Iterable[Touch], *, today: date) -> Strength:
    """How well our team as a whole knows one contact."""
    total, per_user = _tally(touches, today)
    return strength_from_totals(total.score, total.recent, total.last,
                                ((user, tally.score, tally.last) for user, tally in per_user.items()), today=today)


def strength_from_totals(score: float, touches_60d: int, last: date | None,
                         holders: Iterable[tuple[str, float, date]], *, today: date) -> Strength:
    """A contact's Strength from sums already made: decayed score, touches in the last 60 days, last day (None:
    never touched), and (our user, decayed score, last day) for each of our people who took part; from
    contact_strength's tally, or from the running totals the database keeps."""
    # strongest first; ties go to the most recent, then the user id (stable output)
    ordered = sorted(holders, key=lambda h: (-h[1], -h[2].toordinal(), h[0]))
    return Strength(
        band=band_for(score, last is not None),
        score=round(score, 2),
        touches_60d=touches_60d,
        last_days_ago=_days_ago(last, today),
        top_holder=ordered[0][0] if ordered else None,
        holders=tuple((user, round(user_score, 2)) for user, user_score, _ in ordered),
        last_by_holder={user: day for user, _, day in ordered},
    )


def pair_strengths(touches: Iterable[Touch], *, today: date) -> dict[str, Strength]:
    """How well each of our users knows one contact, strongest first."""
    _, per_user = _tally(touches, today)
    return {
        user: Strength(
            band=band_for(tally.score, True),
            score=round(tally.score, 2),
            touches_60d=tally.recent,
            last_days_ago=_days_ago(tally.last, today),
            top_holder=user,
            holders=((user, round(tally.score, 2)),),
            last_by_holder={user: tally.last},
        )
        for user, tally in _order(per_user)
    }


def contact_scores(touches_by_person: Mapping[int, Iterable[Touch]], *, today: date) -> dict[int, float]:
    """Decayed score per contact: what ranking needs, without building a Strength for everyone."""
    decay, points = _Decay(today), _Points(KIND_POINTS)
    scores = {}
    for pid, touches in touches_by_person.items():
        score = 0.0
        for touch in touches:
            score += points[touch.kind] * decay[touch.occurred_on]
        scores[pid] = score
    return scores


def lang_of(lang: str | None) -> str:
    """'es', 'es-MX', 'es_ES' -> 'es'; anything else -> 'en'."""
    return "es" if (lang or "").lower().startswith("es") else "en"


def band_label(band: str, lang: str) -> str:
    """The band's word in the user's language ('fuerte'); unknown bands read as none."""
    words = _LABELS[lang_of(lang)]
    return words.get(band, words["none"])


def mention(user_id: str | None) -> str:
    """A Slack mention of one of OUR users; anything but [A-Za-z0-9_] is dropped so it can't inject."""
    safe = "".join(ch for ch in (user_id or "") if ch.isascii() and (ch.isalnum() or ch == "_"))
    return f"<@{safe}>" if safe else ""


def _when(days: int, lang: str) -> str:
    if lang == "es":
        return {0: "hoy", 1: "ayer"}.get(days, f"hace {days} días")
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


def explain(strength: Strength, lang: str) -> str:
    """The "why" line: 'strong: 6 touches in 60 days, last 2 days ago, mostly by <@U_ANA>'."""
    lang = lang_of(lang)
    label = band_label(strength.band, lang)
    if strength.last_days_ago is None:
        return f"{label}: " + ("sin contactos registrados" if lang == "es" else "no touches logged")
    n, days, who = strength.touches_60d, RECENT_DAYS, mention(strength.top_holder)
    if lang == "es":
        count = "ningún contacto" if n == 0 else ("1 contacto" if n == 1 else f"{n} contactos")
        last = _when(strength.last_days_ago, lang)
        line = f"{label}: {count} en {days} días, el último {last}"
        if who:
            line += (", solo " if len(strength.holders) == 1 else ", sobre todo ") + who
        return line
    count = "no touches" if n == 0 else ("1 touch" if n == 1 else f"{n} touches")
    line = f"{label}: {count} in {days} days, last {_when(strength.last_days_ago, lang)}"
    if who:
        line += (", all by " if len(strength.holders) == 1 else ", mostly by ") + who
    return line
