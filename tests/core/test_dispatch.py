"""The command core: help in both languages, unknown commands, and no tracebacks for anyone."""
from __future__ import annotations

from kambot.core.commands.table import build_registry
from kambot.core.dispatch import Core


def test_help_lists_every_command_in_english(kam):
    reply = kam("/kam help")
    for example in ("/kam log", "/kam who", "/kam account", "/kam map", "/kam stale", "/kam digest", "/kam keys"):
        assert example in reply.text


def test_ayuda_answers_in_spanish(kam):
    reply = kam("/kam ayuda")
    assert "/kam registrar" in reply.text and "/kam quién" in reply.text
    assert reply.lang == "es"


def test_empty_command_shows_help(kam):
    assert "/kam log" in kam("/kam").text


def test_unknown_subcommand_gets_short_help_that_says_what_to_type(kam):
    reply = kam("/kam frobnicate acme")
    assert "frobnicate" in reply.text and "/kam help" in reply.text
    assert reply.kind == "usage"


def test_unknown_subcommand_is_escaped(kam):
    reply = kam("/kam <!channel>")
    assert "<!channel>" not in reply.text and "&lt;!channel&gt;" in reply.text


def test_spanish_user_gets_spanish_short_help(kam):
    assert "No conozco el comando" in kam("/kam xyz", lang="es").text


def test_spanish_command_names_ignore_accents_and_case():
    registry = build_registry()
    assert registry.lookup("QUIEN") is registry.lookup("quién") is registry.lookup("who")


def test_a_crashing_handler_answers_politely_and_writes_nothing(engine, make_ctx):
    def boom(call):
        raise RuntimeError("database exploded")

    core = Core(engine, registry=build_registry().with_handler("help", boom))
    reply = core.slash(make_ctx(), "help")
    assert reply.kind == "error"
    assert "Traceback" not in reply.text and "exploded" not in reply.text
    assert "nothing was saved" in reply.text
