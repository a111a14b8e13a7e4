"""DMs that start with a command word ("account Acme", "claves") run that command unless they report a touch."""
from __future__ import annotations

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
