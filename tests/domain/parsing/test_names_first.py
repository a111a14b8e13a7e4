"""Names first: words inside a known name never set the kind, the date or the next step; chat shorthand."""
from datetime import date

import pytest

from kambot.domain.parsing import parse_line
from kambot.domain.parsing.known_spans import choose_names, lookup_windows

FRI = date(2026, 11, 27)
D = date


def _span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


@pytest.mark.parametrize(("text", "name", "kind", "day"), [
    ("WhatsApp to Ana at Café Sol", "Café Sol", "message", FRI),
    ("call with Ana at Grupo Hoy yesterday", "Grupo Hoy", "call", D(2026, 11, 26)),
    ("llamada con Ana de Eventos Martes el lunes", "Eventos Martes", "call", D(2026, 11, 23)),
    ("emailed Meeting Point last week", "Meeting Point", "email", D(2026, 11, 20)),
    ("mensaje a Sofía de Mensajería del Sur hoy", "Mensajería del Sur", "message", FRI),
    ("texted Tom at Call Center Andino", "Call Center Andino", "message", FRI),
    ("correo a Comida Casera antier", "Comida Casera", "email", D(2026, 11, 25)),
    ("met Hoy Comunicaciones", "Hoy Comunicaciones", "meeting", FRI),
])
def test_a_known_name_hides_its_words(text, name, kind, day):
    plain = parse_line(text, today=FRI)
    parsed = parse_line(text, today=FRI, lang=plain.lang, names=[_span(text, name)])
    assert (parsed.kind, parsed.occurred.day) == (kind, day)
    assert name in parsed.phrases
    if (plain.kind, plain.occurred.day) != (kind, day):  # the name hid a word: it is one to look up
        assert _span(text, name) in {(w.start, w.end) for w in lookup_windows(text, plain.meanings)}


def test_a_name_in_the_next_step_sets_no_due_day():
    text = "call with Ana, next: intro to Grupo Hoy by Friday"
    assert parse_line(text, today=FRI).next_step_due == FRI  # "Hoy" read as today
    parsed = parse_line(text, today=FRI, names=[_span(text, "Grupo Hoy")])
    assert parsed.next_step_due == D(2026, 12, 4)


def test_choose_names_longest_first_and_single_words_only_capitalised():
    text = "envié correos a Luis de Correos"
    plain = parse_line(text, today=FRI)
    windows = lookup_windows(text, plain.meanings)
    assert choose_names(text, windows, {"correos"}, plain.meanings) == (_span(text, "Correos"),)
    text = "Correos a Luis"
    plain = parse_line(text, today=FRI)
    assert choose_names(text, lookup_windows(text, plain.meanings), {"correos"}, plain.meanings) == ()
    text = "lunch at Café Sol Norte"
    plain = parse_line(text, today=FRI)
    chosen = choose_names(text, lookup_windows(text, plain.meanings), {"cafe sol", "cafe sol norte"}, plain.meanings)
    assert chosen == (_span(text, "Café Sol Norte"),)


def test_no_meaning_word_and_no_stop_word_no_lookup():
    assert lookup_windows("Acme Initech", ()) == []


@pytest.mark.parametrize(("text", "day", "error"), [
    ("call w/ Lisa @ Initech yday", D(2026, 11, 26), None),
    ("mtg with Ana yest", D(2026, 11, 26), None),
    ("call with Ana tmrw", D(2026, 11, 28), "future"),
    ("llamada con Ana mñn", D(2026, 11, 28), "future"),
    ("llamada con Ana ayer x la tarde", D(2026, 11, 26), None),
    ("reunión con Ana el finde", D(2026, 11, 21), None),
    ("met Ana over the weekend", D(2026, 11, 21), None),
    ("llamada con Ana antier", D(2026, 11, 25), None),
    ("call with Ana 2 wks ago", D(2026, 11, 13), None),
    ("reu con Ana hace un rato", FRI, None),
])
def test_chat_dates(text, day, error):
    parsed = parse_line(text, today=FRI)
    assert (parsed.occurred.day, parsed.occurred.error) == (day, error)


@pytest.mark.parametrize(("text", "due"), [
    ("call with Ana, next: deck tmrw", D(2026, 11, 28)),
    ("llamada con Ana, próximo paso: propuesta la semana q viene", D(2026, 12, 4)),
    ("llamada con Ana, pendiente: llamar el lunes q viene", D(2026, 11, 30)),
    ("llamada con Ana, próximo paso: demo la prox semana", D(2026, 12, 4)),
    ("call with Ana, fup: pricing next weekend", D(2026, 11, 28)),
    ("llamada con Ana, sig paso: propuesta mñn", D(2026, 11, 28)),
])
def test_chat_due_days(text, due):
    assert parse_line(text, today=FRI).next_step_due == due
