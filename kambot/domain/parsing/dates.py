"""Find when a touchpoint happened (past-preferring) and when its next step is due (future-first).

Our own compiled patterns recognise the phrases people type in a one-line report, in English
and Spanish; they run in microseconds, resolve weekdays and yearless dates the way a key
account manager means them, and tell "impossible" dates from non-dates. dateparser is only
asked about leftover month-name spellings the patterns do not know ("March, the 3rd",
"3-Mar-2026"): measured, one dateparser call costs 0.3-1.5 ms, more than a whole line may.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from kambot.domain.parsing.language import fold
from kambot.domain.parsing.nextstep import marker_span


@dataclass(frozen=True)
class DateResult:
    """A date phrase found in a line and the calendar day it means."""

    day: date | None
    phrase: str | None
    span: tuple[int, int] | None
    error: str | None  # None | "future" | "impossible"


# What a phrase means before we know which way (past or future) to resolve it.
@dataclass(frozen=True)
class _Shift:
    days: int = 0
    months: int = 0


@dataclass(frozen=True)
class _Weekday:
    weekday: int
    direction: int  # -1 before today, +1 after today, 0 as the caller prefers


@dataclass(frozen=True)
class _MonthDay:
    month: int
    day: int | None  # None = last day of the month
    year: int | None


@dataclass(frozen=True)
class _DayOfMonth:
    day: int


_MONTH_END, _WEEK_END, _IMPOSSIBLE, _NOISE = "month_end", "week_end", "impossible", "noise"


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add(today: date, shift: _Shift) -> date:
    day = today
    if shift.months:
        year, month0 = divmod(today.year * 12 + today.month - 1 + shift.months, 12)
        day = date(year, month0 + 1, min(today.day, _days_in(year, month0 + 1)))
    return day + timedelta(days=shift.days)


def _month_day(md: _MonthDay, today: date, past: bool) -> tuple[date | None, str | None]:
    if not 1 <= md.month <= 12 or (md.day is not None and not 1 <= md.day <= 31):
        return None, "impossible"
    if md.year is not None:
        try:
            return date(md.year, md.month, md.day or _days_in(md.year, md.month)), None
        except ValueError:
            return None, "impossible"
    if md.day is not None and md.day > _MAX_DAY[md.month]:
        return None, "impossible"
    # Yearless: the most recent such day not after today (past) or the coming one (future);
    # "Feb 29" may have to walk a few years to find a leap year.
    year = today.year
    for _ in range(9):
        last = _days_in(year, md.month)
        if (md.day or last) <= last:
            candidate = date(year, md.month, md.day or last)
            if (candidate <= today) if past else (candidate >= today):
                return candidate, None
        year += -1 if past else 1
    return None, "impossible"


def _day_of_month(day: int, today: date, past: bool) -> date:
    year, month = today.year, today.month
    while True:  # ends within 13 steps: every day 1..31 exists in some month of any year
        if day <= _days_in(year, month):
            candidate = date(year, month, day)
            if (candidate <= today) if past else (candidate >= today):
                return candidate
        year, month0 = divmod(year * 12 + month - 1 + (-1 if past else 1), 12)
        month = month0 + 1


def _resolve(meaning: object, today: date, past: bool) -> tuple[date | None, str | None]:
    if isinstance(meaning, _Shift):
        return _add(today, meaning), None
    if isinstance(meaning, _Weekday):
        direction = meaning.direction or (-1 if past else 1)
        if direction < 0:  # never today: "Thursday" said on a Thursday is last week's
            return today - timedelta(days=(today.weekday() - meaning.weekday) % 7 or 7), None
        return today + timedelta(days=(meaning.weekday - today.weekday()) % 7 or 7), None
    if isinstance(meaning, _MonthDay):
        return _month_day(meaning, today, past)
    if isinstance(meaning, _DayOfMonth):
        return _day_of_month(meaning.day, today, past), None
    if meaning == _MONTH_END:
        return today.replace(day=_days_in(today.year, today.month)), None
    if meaning == _WEEK_END:  # the coming Friday, today if it is Friday
        return today + timedelta(days=(4 - today.weekday()) % 7), None
    return None, "impossible"


# ---- vocabulary (folded: lower-case, no accents; "manana" is "mañana")
_MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "un par de": 2,
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}
_UNITS = ("days", "day", "weeks", "week", "months", "month", "years", "year", "hours", "hour",
          "hrs", "hr", "minutes", "minute", "mins", "min", "dias", "dia", "semanas", "semana",
          "meses", "mes", "anos", "ano", "horas", "hora", "minutos", "minuto")

_TODAY, _YESTERDAY, _TOMORROW = _Shift(0), _Shift(-1), _Shift(1)
_FIXED: dict[str, object] = {
    **dict.fromkeys(("today", "earlier today", "this morning", "this afternoon", "this evening",
                     "tonight", "end of day", "end of the day", "eod", "hoy", "esta manana",
                     "esta tarde", "esta noche"), _TODAY),
    **dict.fromkeys(("yesterday", "last night", "ayer", "anoche"), _YESTERDAY),
    **dict.fromkeys(("day before yesterday", "the day before yesterday", "anteayer", "antier",
                     "antes de ayer", "antes de anoche"), _Shift(-2)),
    # Bare "mañana" is tomorrow; "esta mañana" (above) and "por la mañana" (noise) are not.
    **dict.fromkeys(("tomorrow", "manana"), _TOMORROW),
    **dict.fromkeys(("day after tomorrow", "the day after tomorrow", "pasado manana"), _Shift(2)),
    **dict.fromkeys(("last week", "la semana pasada", "semana pasada"), _Shift(-7)),
    **dict.fromkeys(("next week", "la semana que viene", "semana que viene", "la proxima semana",
                     "proxima semana", "la semana proxima", "la siguiente semana"), _Shift(7)),
    **dict.fromkeys(("last month", "el mes pasado"), _Shift(months=-1)),
    **dict.fromkeys(("next month", "el mes que viene", "el proximo mes", "el mes proximo"),
                    _Shift(months=1)),
    **dict.fromkeys(("end of month", "end of the month", "eom", "fin de mes", "fin del mes",
                     "a fin de mes", "final de mes", "final del mes", "finales de mes",
                     "finales del mes", "fines de mes"), _MONTH_END),
    **dict.fromkeys(("end of week", "end of the week", "eow"), _WEEK_END),
    **dict.fromkeys(("por la manana", "de la manana", "en la manana", "la manana",
                     "toda la manana", "cada manana"), _NOISE),
}

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sabado": 5, "domingo": 6,
}
_WEEKDAY_ABBREVIATIONS = frozenset("mon tues tue wed thurs thur thu fri sat sun".split())
_SPANISH_WEEKDAYS = frozenset("lunes martes miercoles jueves viernes sabado domingo".split())
_DIRECTIONS = {
    **dict.fromkeys(("last", "past", "this past", "pasado"), -1),
    **dict.fromkeys(("next", "coming", "this coming", "proximo", "siguiente", "que viene"), 1),
}

_FULL_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# Abbreviations only in their own language: Spanish "ago" (agosto) must not eat "3 days ago".
_MONTHS = {
    "en": {**_FULL_MONTHS, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12},
    "es": {**_FULL_MONTHS, "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7,
           "ago": 8, "sep": 9, "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12},
}

_JOINER = re.compile(r"[\s,]*(?:the\s+|el\s+)?")


def _alternation(words) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "sept" before "sep"
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


def _patterns(lang: str) -> list[tuple[str, object]]:
    start, stop = r"(?<![a-z0-9])", r"(?![a-z0-9])"
    num = rf"(?P<num>\d{{1,3}}|{_alternation(_NUMBERS)})"
    unit = rf"(?P<unit>{_alternation(_UNITS)})"
    # Numbers glued to letters, money, versions or other numbers are not dates: "v2.5", "$20k".
    digits_start, digits_stop = r"(?<![\w/.$-])", r"(?![\w/%:]|[.,/-]\d)"
    prep = (r"(?:(?<![a-z0-9])(?:on|by|until|till|before|due|para\s+el|antes\s+del|hasta\s+el"
            r"|desde\s+el|el|del)\s+(?:(?:the|dia)\s+)?)?")
    month = rf"(?P<m>{_alternation(_MONTHS[lang])})(?![a-z])\.?"
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?:de\s+|del\s+|of\s+)?(?P<y>\d{4})(?!\d))?"
    weekday = (rf"{start}(?:(?P<prep>on|by|until|till|before|due|para\s+el|antes\s+del|hasta\s+el"
               rf"|desde\s+el|el|del|este)\s+)?(?:(?P<pre>this\s+past|this\s+coming|last|next|this"
               rf"|coming|past|pasado|proximo|siguiente)\s+)?(?P<wd>{_alternation(_WEEKDAYS)}){stop}"
               rf"(?:\s+(?P<post>pasado(?!\s+manana)|proximo|que\s+viene|siguiente){stop})?")
    ordinal_nouns = ("of|quarter|floor|time|round|call|meeting|attempt|place|version|edition|anniversary"
                     "|year|week|day|month|person|item|point|option|one|step|phase|try|draft")
    d2, d4 = r"\d{1,2}", r"\d{4}"
    iso = rf"(?P<y>{d4})[-/](?P<m>{d2})[-/](?P<d>{d2})"
    slashed = rf"(?P<a>{d2})/(?P<b>{d2})(?:/(?P<y>{d4}|\d{{2}}))?"
    dotted = rf"(?P<a>{d2})(?P<sep>[.-])(?P<b>{d2})(?P=sep)(?P<y>{d4})"
    end_of = r"(?:(?:by\s+)?(?:the\s+)?end\s+of\s+|(?:a\s+|para\s+)?(?:finales|final|fines|fin)\s+de\s+)"
    return [
        (rf"{start}{num}\s+{unit}\s+ago{stop}", _ago),
        (rf"{start}hace\s+{num}\s+{unit}{stop}", _ago),
        (rf"{start}(?:in|within|dentro\s+de|en)\s+{num}\s+{unit}{stop}", _ahead),
        (rf"{start}{num}\s+{unit}\s+from\s+now{stop}", _ahead),
        (rf"{start}(?:{_alternation(_FIXED)}){stop}", _fixed),
        (weekday, _weekday),
        (rf"{prep}{digits_start}{iso}{digits_stop}", _iso),
        (rf"{prep}{digits_start}{slashed}{digits_stop}", _numeric),
        (rf"{prep}{digits_start}{dotted}{digits_stop}", _numeric),
        (rf"{prep}{digits_start}(?:the\s+)?{day}\s+(?:of\s+|de\s+)?{month}{year}", _month_name),
        (rf"{prep}{start}{month}\s+(?:the\s+)?{day}{digits_stop}{year}", _month_name),
        (rf"{start}{end_of}(?P<d>){month}", _month_name),  # "end of March": empty day = last day
        (rf"{start}(?:on|by|until|till|before|due)\s+the\s+{day}{stop}(?!\s+(?:{ordinal_nouns})\b)",
         _day_number),
        (rf"{start}(?:el|del|para\s+el|antes\s+del|hasta\s+el)\s+dia\s+(?P<d>{d2}){digits_stop}",
         _day_number),
    ]


def _loose_month_pattern(lang: str) -> str:
    # Any month word with a number next to it, for spellings the patterns above do not know.
    sep = r"[\s,./-]{1,3}"
    return (rf"(?<![a-z0-9])(?:\d{{1,2}}(?:st|nd|rd|th)?{sep}(?:of\s+|de\s+)?)?(?:the\s+)?"
            rf"(?P<m>{_alternation(_MONTHS[lang])})(?![a-z])\.?(?:{sep}(?:the\s+)?\d{{1,4}}"
            rf"(?:st|nd|rd|th)?(?![a-z0-9])){{0,2}}")


# ---- pattern handlers: (match on folded text, original text, lang) -> meaning or None
def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[" ".join(word.split())]


def _unit_shift(unit: str, n: int, sign: int) -> _Shift:
    if unit.startswith(("day", "dia")):
        return _Shift(days=sign * n)
    if unit.startswith(("week", "semana")):
        return _Shift(days=sign * 7 * n)
    if unit.startswith(("month", "mes")):
        return _Shift(months=sign * n)
    if unit.startswith(("year", "ano")):
        return _Shift(months=sign * 12 * n)
    if unit.startswith(("hour", "hr", "hora")):
        return _Shift(days=sign * (n // 24))
    return _Shift()  # minutes


def _ago(m: re.Match[str], text: str, lang: str) -> object:
    return _unit_shift(m["unit"], _number(m["num"]), -1)


def _ahead(m: re.Match[str], text: str, lang: str) -> object:
    return _unit_shift(m["unit"], _number(m["num"]), 1)


def _fixed(m: re.Match[str], text: str, lang: str) -> object:
    return _FIXED[" ".join(m.group().split())]


def _weekday(m: re.Match[str], text: str, lang: str) -> object:
    word = m["wd"]
    modifier = " ".join((m["pre"] or m["post"] or "").split())
    if word in _WEEKDAY_ABBREVIATIONS and not (m["prep"] or modifier):
        return None  # "sat down with", "sun"
    if word in _SPANISH_WEEKDAYS and not (m["prep"] or modifier) and text[m.start("wd")].isupper():
        return None  # Spanish weekdays are lower-case; "Domingo" alone is a name
    return _Weekday(_WEEKDAYS[word], _DIRECTIONS.get(modifier, 0))


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    return 2000 + int(value) if len(value) == 2 else int(value)


def _iso(m: re.Match[str], text: str, lang: str) -> object:
    return _MonthDay(int(m["m"]), int(m["d"]), int(m["y"]))


def _plausible(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _MAX_DAY[month]


def _numeric(m: re.Match[str], text: str, lang: str) -> object:
    a, b, year = int(m["a"]), int(m["b"]), _year(m["y"])
    if (a, b) == (24, 7) and year is None:
        return None  # "24/7 support"
    month, day = (a, b) if lang == "en" else (b, a)
    if _plausible(month, day):
        return _MonthDay(month, day, year)
    if _plausible(day, month):  # typed in the other convention: "25/02" in English
        return _MonthDay(day, month, year)
    if min(a, b) <= 12 and max(a, b) <= 31:
        return _IMPOSSIBLE  # "31/02"
    return None  # "50/50", "20/20"


def _verb_may(m: re.Match[str], text: str, lang: str) -> bool:
    # English month names are capitalised; lower-case "may" is the verb ("they may 3x it").
    return m["m"] == "may" and lang == "en" and text[m.start("m")] == "m"


def _month_name(m: re.Match[str], text: str, lang: str) -> object:
    name = m["m"]
    if _verb_may(m, text, lang):
        return None
    day = int(m["d"]) if m["d"] else None
    if day == 0:
        return _IMPOSSIBLE
    return _MonthDay(_MONTHS[lang][name], day, _year(m.groupdict().get("y")))


def _day_number(m: re.Match[str], text: str, lang: str) -> object:
    day = int(m["d"])
    return _DayOfMonth(day) if 1 <= day <= 31 else None


_PATTERNS = {lang: [(re.compile(source), handler) for source, handler in _patterns(lang)]
             for lang in ("en", "es")}
_LOOSE = {lang: re.compile(_loose_month_pattern(lang)) for lang in ("en", "es")}


@lru_cache(maxsize=512)
def _dateparser_month_day(phrase: str, lang: str, today: date, prefer: str) -> _MonthDay | None:
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
    return _MonthDay(parsed.month, parsed.day, parsed.year if has_year else None)


def warm_up() -> None:
    """Load dateparser's English and Spanish data now, so the first user request is not slow."""
    for lang, phrase in (("en", "3rd of March, 2026"), ("es", "3-marzo-2026")):
        _dateparser_month_day.__wrapped__(phrase, lang, date(2026, 1, 1), "past")


_Candidate = tuple[int, int, object]  # start, end, meaning


def _candidates(text: str, folded: str, lang: str, today: date, prefer: str) -> list[_Candidate]:
    found = []
    for regex, handler in _PATTERNS[lang]:
        for m in regex.finditer(folded):
            meaning = handler(m, text, lang)
            if meaning is not None:
                found.append((m.start(), m.end(), meaning))
    found.sort(key=lambda c: (c[0], -c[1]))
    chosen: list[_Candidate] = []
    for cand in found:  # leftmost, then longest, wins: "antes de ayer" over "ayer"
        if not chosen or cand[0] >= chosen[-1][1]:
            chosen.append(cand)
    for m in _LOOSE[lang].finditer(folded):
        if (any(ch.isdigit() for ch in m.group()) and not _verb_may(m, text, lang)
                and not any(s < m.end() and m.start() < e for s, e, _ in chosen)):
            meaning = _dateparser_month_day(text[m.start():m.end()], lang, today, prefer)
            if meaning is not None:
                chosen.append((m.start(), m.end(), meaning))
    chosen.sort(key=lambda c: c[0])
    merged: list[_Candidate] = []
    for cand in chosen:
        if cand[2] == _NOISE:
            continue
        prev = merged[-1] if merged else None
        # "Monday, March 2" / "el lunes 2 de marzo": one phrase, the explicit date wins.
        if (prev and isinstance(prev[2], _Weekday) and isinstance(cand[2], _MonthDay)
                and _JOINER.fullmatch(folded, prev[1], cand[0])):
            merged[-1] = (prev[0], cand[1], cand[2])
        else:
            merged.append(cand)
    return merged


def _find(text: str, start: int, end: int, today: date, lang: str, prefer: str) -> DateResult | None:
    lang = lang if lang in _PATTERNS else "en"
    piece = text[start:end]
    first_error = None
    for s, e, meaning in _candidates(piece, fold(piece), lang, today, prefer):
        day, error = _resolve(meaning, today, prefer == "past")
        if error is None and prefer == "past" and day is not None and day > today:
            error = "future"
        result = DateResult(day, text[start + s:start + e], (start + s, start + e), error)
        if error is None:
            return result  # a valid date beats an earlier unusable one
        first_error = first_error or result
    return first_error


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
