"""DMs that start with a command word ("account Acme", "claves") run that command unless they report a touch."""
from __future__ import annotations

import pytest

from kambot.storage.models import Touchpoint
from tests.core.log_workspace import count, ws  # noqa: F401 - ws is a fixture


def test_a_command_word_in_a_dm_runs_the_command_and_logs_nothing(kam, engine, ws):
    for text, kind, lang in (("account acme", "account_card", "en"), ("cuenta de Umbrella Salud", "account_card", "es"),
                             ("who Acme", "who", "en"), ("quien en Umbrella Salud", "who", "es"),
                             ("keys", "keys", "en"), ("claves", "keys", "es"), ("stale all", "stale", "en")):
        reply = kam(text)
        assert reply.kind.startswith(kind) and reply.lang == lang, (text, reply.kind, reply.lang)
    assert count(engine, Touchpoint) == 0


def test_map_of_an_account_in_a_dm(kam, ws):
    for text in ("map of Acme", "mapa de Acme Corp"):
        reply = kam(text)
        assert reply.kind == "map" and "Acme Corp" in reply.text, text


def test_a_report_that_starts_with_a_command_word_is_still_logged(kam, engine, ws):
    reply = kam("contacto con Sarah Kim en Acme ayer")
    assert reply.kind == "logged" and reply.lang == "es"
    assert count(engine, Touchpoint) == 1


@pytest.mark.parametrize("text, lang, example", [
    ("posponer '; DROP TABLE accounts; -- Acme ayer", "es", "`/kam posponer Acme 2 semanas`"),
    ("snooze {0}{1}%s Acme yesterday", "en", "`/kam snooze Acme 2 weeks`"),
    ("who SELECT 1 FROM Acme yesterday", "en", "`/kam who Acme about billing`"),
    ("who did we meet at Acme yesterday", "en", "`/kam who Acme about billing`"),
    ("quién <!here> Acme ayer", "es", "`/kam quién Acme sobre facturación`"),
    ("deshacer Acme ayer", "es", "`/kam deshacer`"),
    ("cadence Acme call yesterday", "en", "`/kam cadence Acme 21`"),
])
def test_a_command_word_before_a_report_gets_that_commands_help_and_logs_nothing(kam, engine, ws, text, lang,
                                                                                  example):
    reply = kam(text)
    assert reply.kind == "usage" and reply.lang == lang and example in reply.text, (text, reply.text)
    assert ("/kam help" if lang == "en" else "/kam ayuda") in reply.text
    assert "<!here>" not in reply.text and count(engine, Touchpoint) == 0


def test_a_spanish_user_gets_the_help_in_spanish(kam, engine, ws):
    reply = kam("snooze {0}%s Acme 2026-11-26", lang="es")  # no word says English: the user's locale decides
    assert reply.lang == "es" and "`/kam posponer Acme 2 semanas`" in reply.text
    assert count(engine, Touchpoint) == 0


@pytest.mark.parametrize("text", [
    "cold call with Sarah Kim at Acme yesterday", "key meeting with Sarah Kim at Acme yesterday",
    "account review with Sarah Kim at Acme yesterday", "resumen de la llamada con Sarah Kim de Acme ayer",
])
def test_command_words_that_open_ordinary_reports_still_log_them(kam, engine, ws, text):
    assert kam(text).kind == "logged" and count(engine, Touchpoint) == 1
