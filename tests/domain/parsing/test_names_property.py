"""Property: an account's name, whatever words it holds, never changes the parsed kind, date or next step.

One documented exception (known_spans._single_word_name): a one-word name that is itself a kind or date word
opening the line ("Correos a Luis") is read as that word.
"""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kambot.domain.parsing import parse_line
from kambot.domain.parsing.known_spans import read_names_first
from kambot.domain.text import normalize_name

FRI = date(2026, 11, 27)
NEUTRAL = "Zyxqor Vantiq"  # a name with no word any parser reads
# Ordinary words company names are made of: kind words, date words, next-step and stop words, both languages.
WORDS = ("Café Comida Eventos Mensajería Meeting Point Call Center Telefónica Correos Correo Domingo Martes Hoy "
         "Banco Grupo Lunch Box Next Step Demo Feria Summit Visit Weekend Ayer Today Mail Text Express Labs Mañana "
         "Tomorrow Friday Viernes Sync Zoom Llamada Reunión Cena Webinar Coffee Dinner Message WhatsApp Sol Sur "
         "Norte Digital Partners Consulting Studio Yday Tmrw Finde Antier Mtg Fup Congreso Visita Almuerzo").split()
JOINERS = ("de", "del", "y", "&", "de la")
TEMPLATES = [
    ("en", "call with Ana at {a} yesterday"),
    ("en", "lunch w/ Ana @ {a} on Monday, next: send proposal by Friday"),
    ("en", "emailed {a} 3 days ago, fup: pricing tmrw"),
    ("en", "met Tom from {a} at the trade show last week"),
    ("en", "texted {a}"),
    ("en", "demo for {a} today - next steps: pilot in 2 weeks"),
    ("es", "llamada con Ana de {a} ayer"),
    ("es", "almuerzo con Luis de {a} el lunes, próximo paso: propuesta el viernes"),
    ("es", "correo a {a} hace 3 días, pendiente: llamar la semana q viene"),
    ("es", "vi a Ana de {a} en la feria el finde"),
    ("es", "whatsapp a {a}"),
    ("es", "reunión en {a} antier, sig paso: demo mñn"),
]


@st.composite
def names(draw) -> str:
    words = [draw(st.sampled_from(WORDS))]
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()) and len(words) < 3:
            words.append(draw(st.sampled_from(JOINERS)))
        words.append(draw(st.sampled_from(WORDS)))
    return " ".join(words)


def _read(text: str, lang: str, name: str):
    parsed = parse_line(text, today=FRI, lang=lang)
    known = {normalize_name(name)}
    return read_names_first(parsed, today=FRI, known_names=lambda norms: norms & known)


def _meaning(parsed):
    return parsed.kind, parsed.occurred.day, parsed.occurred.error, parsed.next_step is None, parsed.next_step_due


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names(), template=st.sampled_from(TEMPLATES))
def test_a_name_never_changes_kind_date_or_next_step(name, template):
    lang, line = template
    expected = _meaning(parse_line(line.format(a=NEUTRAL), today=FRI, lang=lang))
    parsed = _read(line.format(a=name), lang, name)
    assert _meaning(parsed) == expected
    assert name in parsed.phrases or not parsed.names  # a masked name is looked up whole
