"""Classify a touchpoint report by its kind word (call, email, meeting, meal, ...)."""
from __future__ import annotations

import re

from kambot.domain.parsing.language import fold
from kambot.domain.parsing.nextstep import marker_span

KINDS = ("call", "email", "meeting", "meal", "event", "message", "other")

# When several kinds are mentioned the richer contact wins: "sent a calendar invite after
# lunch" was a lunch, "emailed the deck after the call" was a call.
PRIORITY = ("meal", "meeting", "event", "call", "message", "email")

# Folded (lower-case, accent-free) words; spaces match any run of whitespace.
_WORDS: dict[str, tuple[str, ...]] = {
    "meal": (
        "lunch", "lunches", "dinner", "dinners", "coffee", "coffees", "breakfast", "drinks",
        "almuerzo", "almorzamos", "comida", "cena", "cenamos", "cafe", "desayuno", "desayunamos",
    ),
    "meeting": (
        "meeting", "meetings", "met", "meet", "sync", "demo", "qbr", "visit", "visited",
        "workshop", "reunion", "reuniones", "reunimos", "visita", "visite", "visitamos",
        "presentation", "presented", "pitch", "pitched", "kickoff", "kick-off", "kick off", "onboarding",
        "presentacion", "presentamos", "presente", "junta", "nos vimos",
    ),
    "event": (
        "conference", "webinar", "event", "trade show", "tradeshow", "summit", "expo",
        "congreso", "evento", "feria", "conferencia",
    ),
    "call": (
        "call", "called", "calls", "phoned", "phone", "rang", "conference call", "videollamada",
        "llamada", "llamadas", "llame", "llamamos", "llamo", "telefonee", "telefono",
        "zoom", "video call", "teams call", "google meet", "hangout", "facetime",
        # A conversation with no medium named: most often a call. "talked at lunch" is still a meal.
        "spoke", "talked", "talk", "chat", "chatted", "catch up", "caught up", "hable", "hablamos", "charla",
        "charlamos", "conversamos", "conversacion",
    ),
    "message": (
        "message", "messaged", "messages", "whatsapp", "whatsapped", "linkedin", "text", "texted",
        "slack", "slacked", "sms", "dm", "mensaje", "mensajes",
    ),
    "email": (
        "email", "emailed", "emails", "e-mail", "e-mailed", "mail", "mailed", "sent", "correo",
        "correos", "envie", "escribi un correo", "wrote", "replied", "escribi", "respondi",
    ),
}


# "conference call" is a call, not an event.
_NOT_FOLLOWED_BY = {"conference": r"(?!\s+calls?\b)"}


def _kind_regex() -> re.Pattern[str]:
    groups = []
    for kind in PRIORITY:
        words = sorted(_WORDS[kind], key=len, reverse=True)
        alternation = "|".join(
            r"\s+".join(map(re.escape, w.split())) + _NOT_FOLLOWED_BY.get(w, "") for w in words
        )
        groups.append(f"(?P<{kind}>{alternation})")
    # Whole words only: "met" is not "metrics"; a hyphen separates words ("lunch-meeting").
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(groups)})(?![a-z0-9])")


_KIND = _kind_regex()


def detect_kind(text: str) -> str:
    """Kind of the touchpoint named before any next-step marker; "other" when no kind word is found."""
    span = marker_span(text)
    report = fold(text if span is None else text[: span[0]])
    found = {m.lastgroup for m in _KIND.finditer(report)}
    for kind in PRIORITY:
        if kind in found:
            return kind
    return "other"
