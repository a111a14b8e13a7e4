"""The DM router on its own, no database: phrasings, command words, touch reports and junk, in English and Spanish."""
from __future__ import annotations

from datetime import date

import pytest

from kambot.core.commands.table import build_registry
from kambot.core.router import CommandHelp, RunCommand, TouchReport, Unknown, route

TODAY = date(2026, 11, 27)
REGISTRY = build_registry()


def routed(text: str):
    return route(text, TODAY, REGISTRY)


@pytest.mark.parametrize("text, command, args", [
    ("who should I talk to at Acme?", "who", "Acme"),
    ("Who do we know at Banco Andino", "who", "Banco Andino"),
    ("¿Con quién hablo en Banco Andino?", "who", "Banco Andino"),
    ("a quién contacto en Umbrella Salud", "who", "Umbrella Salud"),
    ("which of my accounts are going cold?", "stale", "which of my accounts are going cold"),
    ("¿Qué cuentas tengo frías?", "stale", "Qué cuentas tengo frías"),
    ("what are our key accounts", "keys", ""),
    ("cuentas clave", "keys", ""),
    ("map of Acme", "map", "Acme"),
    ("muéstrame el mapa de Acme Corp", "map", "Acme Corp"),
    ("show me the account card for Globex", "account", "Globex"),
    ("¿Cómo va la cuenta de Acme?", "account", "Acme"),
    ("how is the Acme account doing?", "account", "Acme"),
    ("log: call with Ana at Acme", "log", "call with Ana at Acme"),
    ("anotar: llamada con Ana de Acme", "log", "llamada con Ana de Acme"),
    ("help", "help", ""),
    ("ayuda por favor", "help", ""),
    ("what can you do?", "help", ""),
])
def test_phrasings_name_their_command_and_its_arguments(text, command, args):
    assert routed(text) == RunCommand(command, args, lang_text=text)


@pytest.mark.parametrize("text, command, args, lead", [
    ("account acme", "account", "acme", None),
    ("cuenta de Umbrella Salud", "account", "Umbrella Salud", "es"),
    ("ficha: Acme", "account", "Acme", "es"),
    ("who Acme", "who", "Acme", None),
    ("quien en Umbrella Salud", "who", "Umbrella Salud", "es"),
    ("QUIÉN Acme", "who", "Acme", "es"),
    ("keys", "keys", "", None),
    ("claves", "keys", "", "es"),
    ("stale all", "stale", "all", None),
    ("frías todas", "stale", "todas", "es"),
    ("snooze Acme 2 weeks", "snooze", "Acme 2 weeks", None),
    ("posponer Acme 2 semanas", "snooze", "Acme 2 semanas", "es"),
    ("cadencia Acme 21", "cadence", "Acme 21", "es"),
    ("undo Acme", "undo", "Acme", None),
    ("organigrama Acme", "map", "Acme", "es"),
    ("contact Acme: Jane Doe, title CFO", "contact", "Acme: Jane Doe, title CFO", None),
    ("digest preview", "digest", "preview", None),
    ("vigilar sí", "watch", "sí", "es"),
])
def test_a_leading_command_word_runs_that_command_with_the_rest(text, command, args, lead):
    found = routed(text)
    assert isinstance(found, RunCommand) and (found.command, found.args, found.lead) == (command, args, lead)
    assert found.lang_text == args  # the reply language is read from the words after the command


@pytest.mark.parametrize("text, kind", [
    ("call with Maria at Acme yesterday", "call"),
    ("met Jane at Acme today, they want a pilot", "meeting"),
    ("almuerzo con Ana de Acme ayer, próximo paso: propuesta el viernes", "meal"),
    ("llamada con María de Banco Andino el martes", "call"),
    ("log call with Ana at Acme yesterday", "call"),  # the log's own word: the whole line is the report
    # Command words that also open ordinary reports:
    ("contacto con Sarah Kim en Acme ayer", "other"),
    ("cold call with Sarah at Acme yesterday", "call"),
    ("key meeting with the Acme CFO yesterday", "meeting"),
    ("account review with Sarah at Acme yesterday", "other"),
    ("resumen de la llamada con Sarah de Acme ayer", "call"),
    ("H. Smith called from Acme yesterday", "call"),
])
def test_touch_reports_carry_their_parse_for_the_log(text, kind):
    found = routed(text)
    assert isinstance(found, TouchReport)
    assert found.parsed.text == text and found.parsed.kind == kind and found.parsed.occurred.day <= TODAY


def test_the_parse_reads_dates_against_the_given_day():
    found = routed("call with Maria at Acme yesterday")
    assert found.parsed.occurred.day == date(2026, 11, 26)
    assert routed("llamada con María de Acme ayer").parsed.lang == "es"


@pytest.mark.parametrize("text", ["", "hello", "gracias!", "Acme", "thanks, that was useful"])
def test_lines_with_no_command_and_no_touch_are_unknown(text):
    found = routed(text)
    assert isinstance(found, Unknown) and found.parsed.text == text


@pytest.mark.parametrize("text, command, lead", [
    ("posponer '; DROP TABLE accounts; -- Acme ayer", "snooze", "es"),
    ("posponer'; DROP TABLE accounts; -- Acme ayer", "snooze", "es"),
    ("snooze {0}{1}%s Acme yesterday", "snooze", None),
    ("snooze;-- Acme yesterday", "snooze", None),
    ("snooze Acme until next Monday", "snooze", None),
    ("who SELECT 1 FROM Acme yesterday", "who", None),
    ("who did we meet at Acme yesterday", "who", None),
    ("quién <!here> Acme ayer", "who", "es"),
    ("¿quién? llamada con Acme ayer", "who", "es"),
    ("deshacer Acme ayer", "undo", "es"),
    ("undo the call with Acme yesterday", "undo", None),
    ("cadence Acme call yesterday", "cadence", None),
    ("organigrama, reunión con Acme ayer", "map", "es"),
    ("¿ayuda? Acme ayer", "help", "es"),
    ("**ayuda** Acme ayer", "help", "es"),
])
def test_a_command_word_before_what_reads_as_a_report_gets_that_commands_help(text, command, lead):
    found = routed(text)
    assert isinstance(found, CommandHelp) and (found.command, found.lead) == (command, lead)


def test_words_glued_to_other_letters_are_other_words():
    assert isinstance(routed("ayudame con Acme ayer"), TouchReport)  # no command word "ayudame"
    assert isinstance(routed("who's Acme's CFO"), Unknown)


def test_the_router_routes_against_the_registry_it_is_given():
    from kambot.core.registry import CommandSpec

    extended = REGISTRY.with_command(CommandSpec("ping", lambda call: None, spanish=("eco",)))
    assert routed("ping Acme") == Unknown(routed("ping Acme").parsed)
    assert route("eco Acme", TODAY, extended) == RunCommand("ping", "Acme", lang_text="Acme", lead="es", word="eco")
