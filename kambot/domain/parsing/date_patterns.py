"""Compiled patterns that spot date phrases in folded text, each with the handler that reads its meaning."""
from __future__ import annotations

import re

from kambot.domain.parsing.date_meanings import IMPOSSIBLE, MAX_DAY, DayOfMonth, MonthDay, Shift, Weekday
from kambot.domain.parsing.date_words import (
    DIRECTIONS, FIXED, MONTHS, NUMBERS, SPANISH_WEEKDAYS, UNITS, WEEKDAY_ABBREVIATIONS, WEEKDAYS,
)

# What may stand between a weekday and the date it introduces: "Monday, March 2", "el lunes 2 de marzo".
JOINER = re.compile(r"[\s,]*(?:the\s+|el\s+)?")


def _alternation(words) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "sept" before "sep"
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


def _patterns(lang: str) -> list[tuple[str, object]]:
    start, stop = r"(?<![a-z0-9])", r"(?![a-z0-9])"
    num = rf"(?P<num>\d{{1,3}}|{_alternation(NUMBERS)})"
    unit = rf"(?P<unit>{_alternation(UNITS)})"
    # Numbers glued to letters, money, versions or other numbers are not dates: "v2.5", "$20k".
    digits_start, digits_stop = r"(?<![\w/.$-])", r"(?![\w/%:]|[.,/-]\d)"
    prep = (r"(?:(?<![a-z0-9])(?:on|by|until|till|before|due|para\s+el|antes\s+del|hasta\s+el"
            r"|desde\s+el|el|del)\s+(?:(?:the|dia)\s+)?)?")
    month = rf"(?P<m>{_alternation(MONTHS[lang])})(?![a-z])\.?"
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?:de\s+|del\s+|of\s+)?(?P<y>\d{4})(?!\d))?"
    weekday = (rf"{start}(?:(?P<prep>on|by|until|till|before|due|para\s+el|antes\s+del|hasta\s+el"
               rf"|desde\s+el|el|del|este)\s+)?(?:(?P<pre>this\s+past|this\s+coming|last|next|this"
               rf"|coming|past|pasado|proximo|prox|siguiente)\s+)?(?P<wd>{_alternation(WEEKDAYS)}){stop}"
               rf"(?:\s+(?P<post>pasado(?!\s+manana)|proximo|que\s+viene|q\s+viene|siguiente){stop})?")
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
        (rf"{start}(?:{_alternation(FIXED)}){stop}", _fixed),
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
            rf"(?P<m>{_alternation(MONTHS[lang])})(?![a-z])\.?(?:{sep}(?:the\s+)?\d{{1,4}}"
            rf"(?:st|nd|rd|th)?(?![a-z0-9])){{0,2}}")


# ---- pattern handlers: (match on folded text, original text, lang) -> meaning or None
def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[" ".join(word.split())]


def _unit_shift(unit: str, n: int, sign: int) -> Shift:
    if unit.startswith(("day", "dia")):
        return Shift(days=sign * n)
    if unit.startswith(("week", "wk", "semana")):
        return Shift(days=sign * 7 * n)
    if unit.startswith(("month", "mes")):
        return Shift(months=sign * n)
    if unit.startswith(("year", "ano")):
        return Shift(months=sign * 12 * n)
    if unit.startswith(("hour", "hr", "hora")):
        return Shift(days=sign * (n // 24))
    return Shift()  # minutes


def _ago(m: re.Match[str], text: str, lang: str) -> object:
    return _unit_shift(m["unit"], _number(m["num"]), -1)


def _ahead(m: re.Match[str], text: str, lang: str) -> object:
    return _unit_shift(m["unit"], _number(m["num"]), 1)


def _fixed(m: re.Match[str], text: str, lang: str) -> object:
    return FIXED[" ".join(m.group().split())]


def _weekday(m: re.Match[str], text: str, lang: str) -> object:
    word = m["wd"]
    modifier = " ".join((m["pre"] or m["post"] or "").split())
    if word in WEEKDAY_ABBREVIATIONS and not (m["prep"] or modifier):
        return None  # "sat down with", "sun"
    if word in SPANISH_WEEKDAYS and not (m["prep"] or modifier) and text[m.start("wd")].isupper():
        return None  # Spanish weekdays are lower-case; "Domingo" alone is a name
    return Weekday(WEEKDAYS[word], DIRECTIONS.get(modifier, 0))


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    return 2000 + int(value) if len(value) == 2 else int(value)


def _iso(m: re.Match[str], text: str, lang: str) -> object:
    return MonthDay(int(m["m"]), int(m["d"]), int(m["y"]))


def _plausible(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= MAX_DAY[month]


def _numeric(m: re.Match[str], text: str, lang: str) -> object:
    a, b, year = int(m["a"]), int(m["b"]), _year(m["y"])
    if (a, b) == (24, 7) and year is None:
        return None  # "24/7 support"
    month, day = (a, b) if lang == "en" else (b, a)
    if _plausible(month, day):
        return MonthDay(month, day, year)
    if _plausible(day, month):  # typed in the other convention: "25/02" in English
        return MonthDay(day, month, year)
    if min(a, b) <= 12 and max(a, b) <= 31:
        return IMPOSSIBLE  # "31/02"
    return None  # "50/50", "20/20"


def verb_may(m: re.Match[str], text: str, lang: str) -> bool:
    """True when a matched month is English lower-case "may": the verb ("they may 3x it"), not May."""
    return m["m"] == "may" and lang == "en" and text[m.start("m")] == "m"


def _month_name(m: re.Match[str], text: str, lang: str) -> object:
    name = m["m"]
    if verb_may(m, text, lang):
        return None
    day = int(m["d"]) if m["d"] else None
    if day == 0:
        return IMPOSSIBLE
    return MonthDay(MONTHS[lang][name], day, _year(m.groupdict().get("y")))


def _day_number(m: re.Match[str], text: str, lang: str) -> object:
    day = int(m["d"])
    return DayOfMonth(day) if 1 <= day <= 31 else None


# Compiled at import, not per line; list order breaks ties between matches of the same span.
PATTERNS = {lang: [(re.compile(source), handler) for source, handler in _patterns(lang)]
            for lang in ("en", "es")}
LOOSE = {lang: re.compile(_loose_month_pattern(lang)) for lang in ("en", "es")}
