"""Find when a touchpoint happened (past-preferring) and when its next step is due (future-first).

Our own compiled patterns recognise the phrases people type in a one-line report, in English
and Spanish; they run in microseconds, resolve weekdays and yearless dates the way a key
account manager means them, and tell "impossible" dates from non-dates. dateparser is only
asked about leftover month-name spellings the patterns do not know ("March, the 3rd",
"3-Mar-2026"): measured, one dateparser call costs 0.3-1.5 ms, more than a whole line may.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from kambot.domain.parsing.date_meanings import NOISE, MonthDay, Weekday, resolve
from kambot.domain.parsing.date_patterns import JOINER, LOOSE, PATTERNS, verb_may
from kambot.domain.parsing.language import fold
from kambot.domain.parsing.nextstep import marker_span


@dataclass(frozen=True)
class DateResult:
    """A date phrase found in a line and the calendar day it means."""

    day: date | None
    phrase: str | None
    span: tuple[int, int] | None
    error: str | None  # None | "future" | "impossible"


@lru_cache(maxsize=512)
def _dateparser_month_day(phrase: str, lang: str, today: date, prefer: str) -> MonthDay | None:
    import dateparser  # imported lazily: slow to import and rarely needed

    has_year = re.search(r"\d{4}", phrase) is not None
    settings = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "PREFER_DATES_FROM": prefer,
        "DATE_ORDER": "MDY" if lang == "en" else "DMY",
        "REQUIRE_PARTS": ["day", "month"],
        "PARSERS": ["absolute-time"],
        "STRICT_PARSING": has_year,
    }
    parsed = dateparser.parse(phrase, languages=[lang], settings=settings)
    if parsed is None:
        return None
    # Keep only month and day unless a year was written: the year is chosen by our own rule
    # (dateparser puts "10 de marzo" a year back under past preference).
    return MonthDay(parsed.month, parsed.day, parsed.year if has_year else None)


def warm_up() -> None:
    """Load dateparser's English and Spanish data now, so the first user request is not slow."""
    for lang, phrase in (("en", "3rd of March, 2026"), ("es", "3-marzo-2026")):
        _dateparser_month_day.__wrapped__(phrase, lang, date(2026, 1, 1), "past")


_Candidate = tuple[int, int, object]  # start, end, meaning


def _candidates(text: str, folded: str, lang: str, today: date, prefer: str) -> list[_Candidate]:
    found = []
    for regex, handler in PATTERNS[lang]:
        for m in regex.finditer(folded):
            meaning = handler(m, text, lang)
            if meaning is not None:
                found.append((m.start(), m.end(), meaning))
    found.sort(key=lambda c: (c[0], -c[1]))
    chosen: list[_Candidate] = []
    for cand in found:  # leftmost, then longest, wins: "antes de ayer" over "ayer"
        if not chosen or cand[0] >= chosen[-1][1]:
            chosen.append(cand)
    for m in LOOSE[lang].finditer(folded):
        if (any(ch.isdigit() for ch in m.group()) and not verb_may(m, text, lang)
                and not any(s < m.end() and m.start() < e for s, e, _ in chosen)):
            meaning = _dateparser_month_day(text[m.start():m.end()], lang, today, prefer)
            if meaning is not None:
                chosen.append((m.start(), m.end(), meaning))
    chosen.sort(key=lambda c: c[0])
    merged: list[_Candidate] = []
    for cand in chosen:
        if cand[2] == NOISE:
            continue
        prev = merged[-1] if merged else None
        # "Monday, March 2" / "el lunes 2 de marzo": one phrase, the explicit date wins.
        if (prev and isinstance(prev[2], Weekday) and isinstance(cand[2], MonthDay)
                and JOINER.fullmatch(folded, prev[1], cand[0])):
            merged[-1] = (prev[0], cand[1], cand[2])
        else:
            merged.append(cand)
    return merged


def _find(text: str, start: int, end: int, today: date, lang: str, prefer: str) -> DateResult | None:
    lang = lang if lang in PATTERNS else "en"
    piece = text[start:end]
    first_error = None
    for s, e, meaning in _candidates(piece, fold(piece), lang, today, prefer):
        day, error = resolve(meaning, today, prefer == "past")
        if error is None and prefer == "past" and day is not None and day > today:
            error = "future"
        result = DateResult(day, text[start + s:start + e], (start + s, start + e), error)
        if error is None:
            return result  # a valid date beats an earlier unusable one
        first_error = first_error or result
    return first_error


def date_spans(text: str, *, today: date, lang: str) -> list[tuple[int, int]]:
    """Character spans of every date phrase candidate in text, before and after a next-step marker."""
    lang = lang if lang in PATTERNS else "en"
    marker = marker_span(text)
    pieces = [(0, marker[0], "past"), (marker[1], len(text), "future")] if marker else [(0, len(text), "past")]
    spans = []
    for start, end, prefer in pieces:
        piece = text[start:end]
        spans += [(start + s, start + e) for s, e, _ in _candidates(piece, fold(piece), lang, today, prefer)]
    return spans


def find_occurred_on(text: str, *, today: date, lang: str) -> DateResult:
    """Day the touchpoint happened, from the text before any next-step marker; none -> today."""
    marker = marker_span(text)
    found = _find(text, 0, marker[0] if marker else len(text), today, lang, "past")
    return found or DateResult(today, None, None, None)


def find_due_date(text: str, *, today: date, lang: str) -> DateResult:
    """Due day of a next step, from the text after the marker (or all of it); none -> day None."""
    marker = marker_span(text)
    found = _find(text, marker[1] if marker else 0, len(text), today, lang, "future")
    return found or DateResult(None, None, None, None)
