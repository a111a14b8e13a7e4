"""Classify a touchpoint report by its kind word (call, email, meeting, meal, ...).

Precedence, when a line names two kinds (one line is one touch, so the richest contact it tells of is
the touch; the other word is its follow-up or its setting):

1. event: the occasion named wins: "met their CISO at the security conference", "café en la feria",
   "demo at the trade show" are events (conference, congress, trade show, fair/feria, summit, expo,
   webinar, seminar, meetup). "conference call" and "video conference" are calls.
2. meal: the most specific face time: "lunch meeting", "coffee after the demo" are meals.
3. meeting: "call after the demo", "email following our visit", "sent the recap after the QBR" are meetings.
4. call: "emailed the deck after the call", "WhatsApp before the call" are calls.
5. message, then 6. email: the written kinds, lightest last.

Chat shorthand counts as its word: mtg/mtgs, f2f, 1:1, in person (meeting); vc, tel, x tel (call);
wa, wsp (message); reu, reunion (meeting); cafecito (meal).
Only the report part counts (not the next step), and `detect_kind` is called on text whose known names
are already masked (kambot.domain.parsing.line), so "Café Sol" or "Meeting Point" never set the kind.
"""
from __future__ import annotations

import re

from kambot.domain.parsing.language import fold
from kambot.domain.parsing.nextstep import marker_span

KINDS = ("call", "email", "meeting", "meal", "event", "message", "other")

PRIORITY = ("event", "meal", "meeting", "call", "message", "email")

# Folded (lower-case, accent-free) words; spaces match any run of whitespace.
_WORDS: dict[str, tuple[str, ...]] = {
    "meal": (
        "lunch", "lunches", "dinner", "dinners", "coffee", "coffees", "breakfast", "brunch", "drinks", "beers",
        "almuerzo", "almuerzos", "almorzamos", "almorce", "comida", "comimos", "cena", "cenamos", "cafe",
        "cafecito", "desayuno", "desayunamos", "cerveza", "cervezas", "unas canas",
    ),
    "meeting": (
        "meeting", "meetings", "met", "meet", "mtg", "mtgs", "f2f", "face to face", "face-to-face", "in person",
        "in-person", "1:1", "1-1", "1on1", "1 on 1", "one-on-one", "one on one", "sync", "demo", "qbr", "ebr",
        "visit", "visited", "workshop", "reunion", "reuniones", "reunimos", "reu", "visita", "visite", "visitamos",
        "presentation", "presented", "pitch", "pitched", "kickoff", "kick-off", "kick off", "onboarding",
        "presentacion", "presentamos", "presente", "junta", "nos vimos", "cara a cara", "en persona", "presencial",
    ),
    "event": (
        "conference", "conferences", "webinar", "webinars", "webinario", "event", "events", "trade show",
        "trade shows", "tradeshow", "trade fair", "summit", "expo", "seminar", "meetup", "congress",
        "convention", "congreso", "congresos", "evento", "eventos", "feria", "ferias", "conferencia",
        "conferencias", "cumbre", "seminario",
    ),
    "call": (
        "call", "called", "calls", "phoned", "phone", "rang", "conference call", "videollamada", "videollamadas",
        "llamada", "llamadas", "llame", "llamamos", "llamo", "telefonee", "telefono", "tel", "x tel",
        "vc", "video conference", "videoconference", "videoconferencia", "zoom", "video call", "teams call",
        "google meet", "hangout", "facetime", "skype",
        # A conversation with no medium named: most often a call. "talked at lunch" is still a meal.
        "spoke", "talked", "talk", "chat", "chatted", "catch up", "caught up", "hable",
        "hablamos", "charla", "charlamos", "conversamos", "conversacion",
    ),
    "message": (
        "message", "messaged", "messages", "whatsapp", "whatsapped", "whatsapps", "wa", "wsp", "wasap",
        "guasap", "linkedin", "text", "texted", "slack", "slacked", "sms", "dm", "dms", "dmed", "dm'd",
        "mensaje", "mensajes", "mensajito", "telegram",
    ),
    "email": (
        "email", "emailed", "emails", "e-mail", "e-mailed", "mail", "mailed", "mails", "sent", "correo",
        "correos", "envie", "escribi un correo", "wrote", "replied", "escribi", "respondi",
    ),
}

# "conference call" / "video conference" are calls, "calendar event" is no event.
_NOT_FOLLOWED_BY = {"conference": r"(?!\s+calls?\b)"}
_NOT_PRECEDED_BY = {"conference": r"(?<!video )", "event": r"(?<!calendar )", "events": r"(?<!calendar )"}


def _kind_regex() -> re.Pattern[str]:
    groups = []
    for kind in PRIORITY:
        words = sorted(_WORDS[kind], key=len, reverse=True)
        alternation = "|".join(
            _NOT_PRECEDED_BY.get(w, "") + r"\s+".join(map(re.escape, w.split())) + _NOT_FOLLOWED_BY.get(w, "")
            for w in words
        )
        groups.append(f"(?P<{kind}>{alternation})")
    # Whole words only: "met" is not "metrics"; a hyphen separates words ("lunch-meeting").
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(groups)})(?![a-z0-9])")


_KIND = _kind_regex()


def _report(text: str) -> str:
    span = marker_span(text)
    return fold(text if span is None else text[: span[0]])


def kind_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every kind word before any next-step marker (the words a name may hide)."""
    return [m.span() for m in _KIND.finditer(_report(text))]


def detect_kind(text: str) -> str:
    """Kind of the touchpoint named before any next-step marker; "other" when no kind word is found."""
    found = {m.lastgroup for m in _KIND.finditer(_report(text))}
    for kind in PRIORITY:
        if kind in found:
            return kind
    return "other"
