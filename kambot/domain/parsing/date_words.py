"""Date-phrase words in English and Spanish, folded: lower-case, no accents ("manana" is "mañana")."""
from __future__ import annotations

from kambot.domain.parsing.date_meanings import MONTH_END, NOISE, WEEK_END, Shift, Weekend

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "un par de": 2,
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}
UNITS = ("days", "day", "weeks", "week", "wks", "wk", "months", "month", "years", "year", "hours", "hour",
         "hrs", "hr", "minutes", "minute", "mins", "min", "dias", "dia", "semanas", "semana",
         "meses", "mes", "anos", "ano", "horas", "hora", "minutos", "minuto")

_TODAY, _YESTERDAY, _TOMORROW = Shift(0), Shift(-1), Shift(1)
_FIXED: dict[str, object] = {
    **dict.fromkeys(("today", "earlier today", "this morning", "this afternoon", "this evening",
                     "tonight", "tonite", "this am", "this pm", "tdy", "end of day", "end of the day", "eod",
                     "hoy", "esta manana", "esta tarde", "esta noche", "hace un rato", "hace rato"), _TODAY),
    # Chat shorthand: yday, yest, ystd; tmrw, tmw, tmr, 2moro; Spanish mñn (folded "mnn"), mña.
    **dict.fromkeys(("yesterday", "yday", "yest", "ystd", "ystrdy", "last night", "last nite", "ayer",
                     "anoche"), _YESTERDAY),
    **dict.fromkeys(("day before yesterday", "the day before yesterday", "anteayer", "antier",
                     "antes de ayer", "antes de anoche", "anteanoche"), Shift(-2)),
    # Bare "mañana" is tomorrow; "esta mañana" (above) and "por la mañana" (noise) are not.
    **dict.fromkeys(("tomorrow", "tmrw", "tmw", "tmr", "tmrrw", "2moro", "2morrow", "manana", "mnn", "mna",
                     "mnna"), _TOMORROW),
    # The weekend: its Saturday, the last one (a touch) or the coming one (a due day), as the caller prefers.
    **dict.fromkeys(("the weekend", "this weekend", "over the weekend", "on the weekend", "at the weekend",
                     "el finde", "este finde", "el fin de semana", "este fin de semana", "finde",
                     "fin de semana"), Weekend(0)),
    **dict.fromkeys(("last weekend", "this past weekend", "the past weekend", "el finde pasado",
                     "el fin de semana pasado", "el pasado fin de semana", "el pasado finde"), Weekend(-1)),
    **dict.fromkeys(("next weekend", "this coming weekend", "el proximo finde", "el finde que viene",
                     "el proximo fin de semana", "el fin de semana que viene"), Weekend(1)),
    **dict.fromkeys(("day after tomorrow", "the day after tomorrow", "pasado manana"), Shift(2)),
    **dict.fromkeys(("last week", "la semana pasada", "semana pasada"), Shift(-7)),
    **dict.fromkeys(("next week", "la semana que viene", "semana que viene", "la proxima semana",
                     "proxima semana", "la semana proxima", "la siguiente semana"), Shift(7)),
    **dict.fromkeys(("last month", "el mes pasado"), Shift(months=-1)),
    **dict.fromkeys(("next month", "el mes que viene", "el proximo mes", "el mes proximo"),
                    Shift(months=1)),
    **dict.fromkeys(("end of month", "end of the month", "eom", "fin de mes", "fin del mes",
                     "a fin de mes", "final de mes", "final del mes", "finales de mes",
                     "finales del mes", "fines de mes"), MONTH_END),
    **dict.fromkeys(("end of week", "end of the week", "eow"), WEEK_END),
    **dict.fromkeys(("por la manana", "de la manana", "en la manana", "la manana",
                     "toda la manana", "cada manana", "por la tarde", "por la noche"), NOISE),
}
# Spanish chat spelling: x for "por" ("ayer x la tarde"), q for "que" ("la semana q viene"), prox for
# "próximo/próxima" ("la prox semana"): every phrase above also in those spellings.
_SHORT = {"por": ("x",), "que": ("q",), "proxima": ("prox",), "proximo": ("prox",)}


def _spellings(phrase: str) -> list[str]:
    variants = [[]]
    for word in phrase.split():
        variants = [v + [w] for v in variants for w in (word, *_SHORT.get(word, ()))]
    return [" ".join(v) for v in variants]


FIXED: dict[str, object] = {variant: meaning for phrase, meaning in _FIXED.items() for variant in _spellings(phrase)}

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sabado": 5, "domingo": 6,
}
WEEKDAY_ABBREVIATIONS = frozenset("mon tues tue wed thurs thur thu fri sat sun".split())
SPANISH_WEEKDAYS = frozenset("lunes martes miercoles jueves viernes sabado domingo".split())
DIRECTIONS = {
    **dict.fromkeys(("last", "past", "this past", "pasado"), -1),
    **dict.fromkeys(("next", "coming", "this coming", "proximo", "prox", "siguiente", "que viene", "q viene"), 1),
}

_FULL_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# Abbreviations only in their own language: Spanish "ago" (agosto) must not eat "3 days ago".
MONTHS = {
    "en": {**_FULL_MONTHS, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12},
    "es": {**_FULL_MONTHS, "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7,
           "ago": 8, "sep": 9, "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12},
}
