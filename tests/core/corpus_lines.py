"""Generated `/kam log` lines: templates x accounts full of ordinary words x people x kinds x dates x languages.

Every line comes with what it must be read as: account, kind, day, next-step due day and people. Today is
Friday 27 November 2026 (tests/conftest.py's frozen clock, New York time).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import cycle

from tests.core.corpus_workspace import ACCOUNTS

D = date
TODAY = D(2026, 11, 27)


@dataclass(frozen=True)
class Line:
    """One generated line and the touch it must log."""

    lang: str
    text: str
    account: str
    kind: str
    occurred: date
    due: date | None
    people: tuple[str, ...]


# {p}: a person's full name, {f}: the first name (unique at the account), {a}: the account, {d}: the date phrase.
TEMPLATES = {
    "en": [
        ("call", "call with {p} at {a} {d}"), ("call", "call w/ {f} @ {a} {d}"), ("call", "{d} called {p} from {a}"),
        ("call", "vc with {p} ({a}) {d}"), ("meeting", "met {p} at {a} {d}"), ("meeting", "mtg w/ {f} @ {a} {d}"),
        ("meeting", "f2f with {p} of {a} {d}"), ("meeting", "1:1 w/ {f} from {a} {d}"),
        ("meal", "lunch with {p} at {a} {d}"), ("meal", "coffee w/ {f} from {a} {d}"),
        ("event", "met {p} from {a} at the security conference {d}"), ("event", "webinar with {a} {d}"),
        ("email", "emailed {p} at {a} {d}"), ("email", "sent the proposal to {a} {d}"),
        ("message", "WhatsApp to {p} at {a} {d}"), ("message", "texted {f} @ {a} {d}"),
    ],
    "es": [
        ("call", "llamada con {p} de {a} {d}"), ("call", "llamé a {f} de {a} {d}"),
        ("call", "hablé x tel con {p} de {a} {d}"), ("call", "{d} videollamada con {a}"),
        ("meeting", "reunión con {p} en {a} {d}"), ("meeting", "reu con {f} de {a} {d}"),
        ("meeting", "visita a {a} {d}"), ("meeting", "nos vimos en persona con {p} de {a} {d}"),
        ("meal", "almuerzo con {p} de {a} {d}"), ("meal", "café con {f} de {a} {d}"),
        ("event", "vi a {p} de {a} en la feria {d}"), ("event", "congreso con {a} {d}"),
        ("email", "correo a {p} de {a} {d}"), ("email", "le envié la propuesta a {a} {d}"),
        ("message", "whatsapp a {p} de {a} {d}"), ("message", "mensaje a {f} de {a} {d}"),
    ],
}
DATES = {
    "en": [("yesterday", D(2026, 11, 26)), ("yday", D(2026, 11, 26)), ("yest", D(2026, 11, 26)), ("today", TODAY),
           ("", TODAY), ("on Monday", D(2026, 11, 23)), ("last Tuesday", D(2026, 11, 24)),
           ("3 days ago", D(2026, 11, 24)), ("2 wks ago", D(2026, 11, 13)), ("on Nov 20", D(2026, 11, 20)),
           ("11/20", D(2026, 11, 20)), ("last week", D(2026, 11, 20)), ("over the weekend", D(2026, 11, 21)),
           ("this morning", TODAY), ("Wednesday", D(2026, 11, 25)), ("the day before yesterday", D(2026, 11, 25)),
           ("on 2026-11-02", D(2026, 11, 2))],
    "es": [("ayer", D(2026, 11, 26)), ("ayer x la tarde", D(2026, 11, 26)), ("antier", D(2026, 11, 25)),
           ("anteayer", D(2026, 11, 25)), ("hoy", TODAY), ("", TODAY), ("el lunes", D(2026, 11, 23)),
           ("el martes pasado", D(2026, 11, 24)), ("hace 3 días", D(2026, 11, 24)), ("el finde", D(2026, 11, 21)),
           ("el 20 de noviembre", D(2026, 11, 20)), ("el 20/11", D(2026, 11, 20)),
           ("la semana pasada", D(2026, 11, 20)), ("esta mañana", TODAY), ("el miércoles", D(2026, 11, 25)),
           ("anoche", D(2026, 11, 26)), ("hace dos semanas", D(2026, 11, 13))],
}
DUES = {
    "en": [("by Friday", D(2026, 12, 4)), ("tmrw", D(2026, 11, 28)), ("next week", D(2026, 12, 4)),
           ("on Dec 15", D(2026, 12, 15)), ("in 2 weeks", D(2026, 12, 11)), ("next Monday", D(2026, 11, 30)),
           ("", None)],
    "es": [("el viernes", D(2026, 12, 4)), ("mñn", D(2026, 11, 28)), ("mañana", D(2026, 11, 28)),
           ("la semana q viene", D(2026, 12, 4)), ("el 15 de diciembre", D(2026, 12, 15)),
           ("el lunes q viene", D(2026, 11, 30)), ("", None)],
}
NEXT = {
    "en": [", next: send proposal {due}", ", fup: pricing {due}", " - next steps: demo for the team {due}"],
    "es": [", próximo paso: enviar propuesta {due}", ", pendiente: llamar {due}", ", sig paso: demo {due}"],
}


def corpus() -> list[Line]:
    """Every template with every account, people, dates and next steps taken in turn (deterministic)."""
    lines = []
    for lang, templates in TEMPLATES.items():
        dates, dues, nexts = cycle(DATES[lang]), cycle(DUES[lang]), cycle(NEXT[lang])
        for t, (kind, template) in enumerate(templates):
            for a, (account, _alias, people) in enumerate(ACCOUNTS):
                person = people[(t + a) % len(people)]
                phrase, day = next(dates)
                text = " ".join(template.format(p=person, f=person.split()[0], a=account, d=phrase).split())
                due = None
                if (t + a) % 3 == 0:
                    due_phrase, due = next(dues)
                    text += next(nexts).format(due=due_phrase).rstrip()
                named = (person,) if "{p}" in template or "{f}" in template else ()
                lines.append(Line(lang, text, account, kind, day, due, named))
    return lines
