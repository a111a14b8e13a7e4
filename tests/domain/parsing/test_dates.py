"""Occurred-on (past-preferring) and due (future-preferring) date finding."""
from datetime import date

import pytest

from kambot.domain.parsing.dates import DateResult, find_due_date, find_occurred_on

FRI = date(2026, 11, 27)
MON = date(2026, 11, 30)
JAN3 = date(2026, 1, 3)
D = date


@pytest.mark.parametrize(
    ("text", "lang", "today", "day"),
    [
        ("met Ana, the day before yesterday", "en", FRI, D(2026, 11, 25)),
        ("Monday, March 2: lunch with Ana", "en", FRI, D(2026, 3, 2)),
        ("el lunes 2 de marzo con Ana", "es", FRI, D(2026, 3, 2)),
        ("March 3", "en", D(2026, 11, 27), D(2026, 3, 3)),
        ("Dec 5", "en", D(2026, 12, 20), D(2026, 12, 5)),
        ("Feb 5", "en", D(2026, 11, 27), D(2026, 2, 5)),  # 70 days ahead is too far: last February
        ("10 de marzo", "es", D(2026, 3, 11), D(2026, 3, 10)),  # dateparser puts it a year back
        ("el 10 de marzo", "es", D(2026, 3, 10), D(2026, 3, 10)),  # today itself is not "future"
        ("Monday", "en", MON, D(2026, 11, 23)),  # never today
        ("last Friday", "en", MON, D(2026, 11, 27)),
        ("this past Friday", "en", MON, D(2026, 11, 27)),
        ("hace 2 semanas", "es", MON, D(2026, 11, 16)),
        ("12/30", "en", JAN3, D(2025, 12, 30)),
        ("30/12", "es", JAN3, D(2025, 12, 30)),
        ("25/02", "en", FRI, D(2026, 2, 25)),  # typed day/month in English: only one reading exists
        ("11/03", "en", FRI, D(2026, 11, 3)),  # month/day in English
        ("12/03", "es", FRI, D(2026, 3, 12)),  # day/month in Spanish
        ("3.2.2026", "es", FRI, D(2026, 2, 3)),
        ("Feb 29", "en", FRI, D(2024, 2, 29)),  # the most recent Feb 29 that existed
        ("March 3, 2025", "en", FRI, D(2025, 3, 3)),
        ("3 de marzo de 2025", "es", FRI, D(2025, 3, 3)),
        ("the 3rd of March", "en", FRI, D(2026, 3, 3)),
        ("el día 3 de marzo", "es", FRI, D(2026, 3, 3)),
        ("on the 20th", "en", FRI, D(2026, 11, 20)),
        ("on the 30th", "en", FRI, D(2026, 10, 30)),
        ("el día 30", "es", FRI, D(2026, 10, 30)),
        ("a couple of days ago", "en", FRI, D(2026, 11, 25)),
        ("hace un par de días", "es", FRI, D(2026, 11, 25)),
        ("last month", "en", D(2026, 3, 31), D(2026, 2, 28)),
        ("hace un mes", "es", FRI, D(2026, 10, 27)),
        ("2 hours ago", "en", FRI, FRI),
        ("anoche", "es", JAN3, D(2026, 1, 2)),
        ("YESTERDAY", "en", FRI, D(2026, 11, 26)),
        ("Hace Tres Días", "es", FRI, D(2026, 11, 24)),
        ("ayer por la mañana", "es", FRI, D(2026, 11, 26)),
        ("el lunes por la mañana", "es", FRI, D(2026, 11, 23)),  # "la mañana" is a time of day
        ("mar 3", "en", FRI, D(2026, 3, 3)),
        ("March, the 3rd", "en", FRI, D(2026, 3, 3)),  # unusual spelling: dateparser fallback
        ("3-Mar-2026", "en", FRI, D(2026, 3, 3)),
    ],
)
def test_occurred_on(text, lang, today, day):
    result = find_occurred_on(text, today=today, lang=lang)
    assert (result.day, result.error) == (day, None)


def test_occurred_phrase_and_span_point_into_the_input():
    text = "lunch with Ana Gómez on Monday at Acme"
    result = find_occurred_on(text, today=FRI, lang="en")
    assert result == DateResult(D(2026, 11, 23), "on Monday", (21, 30), None)
    assert text[result.span[0]:result.span[1]] == result.phrase


def test_no_date_phrase_means_today():
    assert find_occurred_on("call with Ana at Acme", today=FRI, lang="en") == DateResult(FRI, None, None, None)


def test_occurred_ignores_the_next_step_part():
    result = find_occurred_on("call with Ana, next: meet again tomorrow", today=FRI, lang="en")
    assert result == DateResult(FRI, None, None, None)


def test_a_valid_date_wins_over_an_earlier_future_one():
    result = find_occurred_on("prep for tomorrow's demo, call with Ana yesterday", today=FRI, lang="en")
    assert (result.day, result.phrase, result.error) == (D(2026, 11, 26), "yesterday", None)


@pytest.mark.parametrize(
    ("text", "lang", "day"),
    [
        ("call with Ana tomorrow", "en", D(2026, 11, 28)),
        ("llamada con Ana mañana", "es", D(2026, 11, 28)),
        ("mañana por la mañana con Ana", "es", D(2026, 11, 28)),
        ("meeting next month", "en", D(2026, 12, 27)),
        ("meeting next week", "en", D(2026, 12, 4)),
        ("reunión el próximo viernes", "es", D(2026, 12, 4)),
        ("reunión el viernes que viene", "es", D(2026, 12, 4)),
        ("reunión dentro de dos semanas", "es", D(2026, 12, 11)),
        ("reunión la semana que viene", "es", D(2026, 12, 4)),
        ("call in 3 days", "en", D(2026, 11, 30)),
        ("demo on 2026-12-10", "en", D(2026, 12, 10)),
        ("demo on Dec 10, 2026", "en", D(2026, 12, 10)),
        ("pasado mañana", "es", D(2026, 11, 29)),
        # A yearless day coming up within weeks is that day (a slip to point out), not last year's.
        ("call on Dec 5", "en", D(2026, 12, 5)),
        ("demo 12/03", "en", D(2026, 12, 3)),
        ("llamada el 3 de diciembre", "es", D(2026, 12, 3)),
        ("llamada el 5/1", "es", D(2027, 1, 5)),
    ],
)
def test_future_phrases_as_occurred_are_errors_with_the_day(text, lang, day):
    result = find_occurred_on(text, today=FRI, lang=lang)
    assert (result.day, result.error) == (day, "future")
    assert result.phrase is not None


@pytest.mark.parametrize(
    ("text", "lang", "phrase"),
    [
        ("call on 31/02", "es", "on 31/02"),
        ("call on 2/31", "en", "on 2/31"),
        ("call on Feb 30", "en", "on Feb 30"),
        ("call on 2026-02-30", "en", "on 2026-02-30"),
        ("call on 2026-13-01", "en", "on 2026-13-01"),
        ("llamada el 32 de marzo", "es", "el 32 de marzo"),
        ("call on Feb 29, 2026", "en", "on Feb 29, 2026"),
        ("30 de febrero", "es", "30 de febrero"),
    ],
)
def test_impossible_dates(text, lang, phrase):
    result = find_occurred_on(text, today=FRI, lang=lang)
    assert (result.day, result.phrase, result.error) == (None, phrase, "impossible")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("demo for 3 people", "en"),
        ("deal worth $20k", "en"),
        ("Q3 review", "en"),
        ("shipped v2.5 of the app", "en"),
        ("call at 3pm", "en"),
        ("call at 10:30", "en"),
        ("café con Ana", "es"),
        ("Hooli 24/7 support", "en"),
        ("a 50/50 split", "en"),
        ("they may 3 times ask", "en"),
        ("sat down with Bob", "en"),
        ("3 weeks trial", "en"),
        ("10% de descuento", "es"),
        ("la mañana fue larga", "es"),
        ("con Domingo Pérez", "es"),
        ("the 3rd floor", "en"),
        ("2026 budget", "en"),
        ("+34 600 123 456", "es"),
    ],
)
def test_numbers_and_words_that_are_not_dates(text, lang):
    assert find_occurred_on(text, today=FRI, lang=lang) == DateResult(FRI, None, None, None)


@pytest.mark.parametrize(
    ("text", "lang", "today", "day"),
    [
        ("by Friday", "en", FRI, D(2026, 12, 4)),  # today is Friday: next week's
        ("Friday", "en", MON, D(2026, 12, 4)),
        ("el viernes", "es", MON, D(2026, 12, 4)),
        ("next Monday", "en", FRI, D(2026, 11, 30)),
        ("el próximo lunes", "es", FRI, D(2026, 11, 30)),
        ("tomorrow", "en", FRI, D(2026, 11, 28)),
        ("mañana", "es", FRI, D(2026, 11, 28)),
        ("mañana por la mañana", "es", FRI, D(2026, 11, 28)),
        ("in 2 weeks", "en", FRI, D(2026, 12, 11)),
        ("within a week", "en", FRI, D(2026, 12, 4)),
        ("dentro de dos semanas", "es", FRI, D(2026, 12, 11)),
        ("end of month", "en", FRI, D(2026, 11, 30)),
        ("fin de mes", "es", D(2026, 2, 3), D(2026, 2, 28)),
        ("end of March", "en", FRI, D(2027, 3, 31)),
        ("el 12 de marzo", "es", FRI, D(2027, 3, 12)),
        ("el 12 de marzo", "es", D(2026, 3, 12), D(2026, 3, 12)),
        ("March 12", "en", FRI, D(2027, 3, 12)),
        ("3/12", "en", FRI, D(2027, 3, 12)),
        ("12/03", "es", FRI, D(2027, 3, 12)),
        ("12/3", "en", FRI, D(2026, 12, 3)),
        ("2027-01-15", "en", FRI, D(2027, 1, 15)),
        ("next week", "en", FRI, D(2026, 12, 4)),
        ("la semana que viene", "es", FRI, D(2026, 12, 4)),
        ("la próxima semana", "es", FRI, D(2026, 12, 4)),
        ("next month", "en", D(2026, 1, 31), D(2026, 2, 28)),
        ("today", "en", FRI, FRI),
        ("EOD", "en", FRI, FRI),
        ("end of week", "en", D(2026, 11, 28), D(2026, 12, 4)),
        ("by the 15th", "en", FRI, D(2026, 12, 15)),
        ("Dec 5", "en", FRI, D(2026, 12, 5)),
    ],
)
def test_due_date(text, lang, today, day):
    result = find_due_date(f"send proposal {text}", today=today, lang=lang)
    assert (result.day, result.error) == (day, None)


def test_due_date_reads_only_after_the_marker_of_a_whole_line():
    result = find_due_date("call with Ana yesterday, next: send deck by Friday", today=FRI, lang="en")
    assert (result.day, result.phrase) == (D(2026, 12, 4), "by Friday")


def test_no_due_date():
    assert find_due_date("send the proposal", today=FRI, lang="en") == DateResult(None, None, None, None)


def test_impossible_due_date():
    result = find_due_date("enviar propuesta el 31/02", today=FRI, lang="es")
    assert (result.day, result.error) == (None, "impossible")
