"""Touchpoint kind from the report part of a line."""
import pytest

from kambot.domain.parsing.kinds import KINDS, detect_kind

WORDS = {
    "call": ["call", "called", "calls", "phoned", "phone call", "rang", "llamada", "llamé", "llame",
             "llamamos", "llamó", "telefoneé"],
    "email": ["email", "emailed", "e-mail", "mail", "mailed", "sent", "correo", "escribí un correo", "envié"],
    "meeting": ["meeting", "met", "meet", "sync", "demo", "QBR", "visit", "visited", "workshop", "reunión",
                "reunion", "nos reunimos", "visita", "visité"],
    "meal": ["lunch", "dinner", "coffee", "breakfast", "drinks", "almuerzo", "comida", "cena", "café", "desayuno"],
    "event": ["conference", "webinar", "event", "trade show", "congreso", "evento", "feria", "conferencia"],
    "message": ["message", "messaged", "WhatsApp", "LinkedIn", "text", "texted", "Slack", "SMS", "mensaje"],
}


@pytest.mark.parametrize(("word", "kind"), [(w, k) for k, ws in WORDS.items() for w in ws])
def test_kind_words(word, kind):
    assert detect_kind(f"{word} with Ana at Acme") == kind
    assert detect_kind(f"Ana and I, {word.upper()}!") == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sent a calendar invite after lunch", "meal"),
        ("emailed the deck after the call", "call"),
        ("met at the conference", "event"),  # the occasion named wins (kinds.py docstring)
        ("met their CISO at the security conference", "event"),
        ("lunch meeting with Ana", "meal"),
        ("call after the demo", "meeting"),
        ("email following our visit", "meeting"),
        ("reunión en el congreso de Madrid", "event"),
        ("almuerzo en la cumbre con Ana", "event"),
        ("video conference with Acme", "call"),
        ("sent a calendar event to Ana", "email"),
        ("conference call with Acme", "call"),
        ("sent a WhatsApp to Carla", "message"),
        ("demo at the trade show", "event"),
        ("café en la feria", "event"),
        ("call with Ana, next: send email and book a lunch", "call"),
        ("llamada con Ana, próximo paso: reunión el lunes", "call"),
        ("saw Bob, next: call him", "other"),
        ("talked to Bob, next: lunch with him", "call"),
        ("metrics review with Acme", "other"),  # "met" only as a whole word
        ("lunch-meeting with Ana", "meal"),
        ("hola Ana", "other"),
        ("zoom with Tom about pricing", "call"),
        ("spoke with Ana", "call"),
        ("hablé con Ana sobre el contrato", "call"),
        ("pitched the pilot to Ana", "meeting"),
        ("presentación a Compras", "meeting"),
        ("wrote to Ana about the renewal", "email"),
    ],
)
def test_priority_and_next_step_exclusion(text, kind):
    assert detect_kind(text) == kind


def test_kinds_constant():
    assert KINDS == ("call", "email", "meeting", "meal", "event", "message", "other")


@pytest.mark.parametrize(("text", "kind"), [
    ("mtg w/ Lisa @ Initech yday", "meeting"), ("f2f with Ana", "meeting"), ("1:1 with Ana", "meeting"),
    ("vc con Ana", "call"), ("hablé x tel con Ana", "call"), ("reu con Ana x la mañana", "meeting"),
    ("wsp a Ana", "message"), ("wa to Ana", "message"), ("cafecito con Ana", "meal"), ("brunch w/ Ana", "meal"),
    ("en persona con Ana", "meeting"), ("in person with Ana", "meeting"), ("webinars with Acme", "event"),
    ("seminario con Acme", "event"), ("fup with Ana", "other"),
])
def test_chat_shorthand(text, kind):
    assert detect_kind(text) == kind
