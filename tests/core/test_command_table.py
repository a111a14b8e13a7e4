"""The command table: help order and example words come from it, it is built explicitly, and nothing imports back."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kambot.core.commands.table import ACTIONS, COMMANDS, build_registry
from kambot.core.dispatch import Core
from kambot.core.i18n import LANGS, help_lines
from kambot.core.registry import CommandSpec, Registry

COMMANDS_DIR = Path(__file__).resolve().parents[2] / "kambot" / "core" / "commands"


def _positions(text: str, lines) -> list[int]:
    return [text.index(str(line)) for line in lines]


@pytest.mark.parametrize("lang", LANGS)
def test_help_shows_every_commands_lines_in_table_order(kam, lang):
    text = kam("/kam help" if lang == "en" else "/kam ayuda").text
    lines = [line for spec in COMMANDS for line in help_lines(lang).get(spec.name, ())]
    assert len(lines) >= len(COMMANDS) - 1 and _positions(text, lines) == sorted(_positions(text, lines))


def test_help_follows_the_order_of_the_table_it_is_given(engine, make_ctx):
    core = Core(engine, registry=Registry(reversed(COMMANDS), ACTIONS))
    text = core.slash(make_ctx(), "help").text
    lines = [help_lines("en")[spec.name][0] for spec in reversed(COMMANDS) if spec.name != "help"]
    assert _positions(text, lines) == sorted(_positions(text, lines))


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_but_help_has_help_lines_and_no_line_names_an_unknown_command(lang):
    names = {spec.name for spec in COMMANDS}
    assert set(help_lines(lang)) == names - {"help"}
    for spec in COMMANDS:  # each command's first line shows it with the word its examples use
        if spec.name != "help":
            assert help_lines(lang)[spec.name][0].startswith(f"`/kam {spec.word(lang)}")


def test_example_words_are_words_of_their_command():
    registry = build_registry()
    assert (registry.word("who", "es"), registry.word("snooze", "es"), registry.word("who", "en")) == (
        "quién", "posponer", "who")
    for spec in COMMANDS:
        for lang in LANGS:
            assert registry.lookup(spec.word(lang)) is spec


def test_a_word_may_name_one_command_only():
    clash = CommandSpec("ping", lambda call: None, english=("who",))
    with pytest.raises(ValueError, match="who"):
        build_registry().with_command(clash)


def test_every_button_and_view_has_a_handler_in_the_table():
    registry = build_registry()
    assert registry.action("touchpoint_undo") is ACTIONS["touchpoint_undo"] and registry.action("nope") is None


def test_command_modules_neither_import_the_dispatcher_nor_register_themselves():
    for path in COMMANDS_DIR.glob("*.py"):
        if path.name == "table.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"kambot.core.dispatch", "kambot.core.router", "kambot.core.commands.table"}, path
        decorated = [d for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) for d in node.decorator_list]
        assert decorated == [], path
