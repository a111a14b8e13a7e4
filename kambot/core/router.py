"""What a DM or mention asks for, decided from its text alone: a command, a command's help, or a touch report."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Union

from kambot.core.registry import CommandSpec, Registry, strip_filler
from kambot.domain.parsing.line import ParsedLine, parse_line, reads_as_report
from kambot.domain.text import normalize_name, strip_accents

_TRIM = ":,.!?¿¡"  # punctuation around a leading command word: "quién?", "¿ayuda", "cuenta:"
_LETTERS = re.compile(r"[\W_]*([^\W\d_]+)")  # a word glued to symbols: "posponer';", "**ayuda**", "snooze%s"


@dataclass(frozen=True)
class RunCommand:
    """Run `command` with `args`; the reply language is read from `lang_text` and the typed word (`lead`)."""

    command: str
    args: str
    lang_text: str
    lead: str | None = None  # "es" when a Spanish-only command word was typed
    word: str | None = None  # the command word as typed; None when a phrasing ("who should I…") matched


@dataclass(frozen=True)
class CommandHelp:
    """The line starts with `command`'s word but reads as neither that command nor a report it could open."""

    command: str
    word: str
    rest: str
    lead: str | None = None


@dataclass(frozen=True)
class TouchReport:
    """The line tells of an interaction (a kind word, a date, a next step or someone named): the log takes it."""

    parsed: ParsedLine


@dataclass(frozen=True)
class Unknown:
    """No command and no sign of a touch: the log still looks for a known contact in it, else says what to type."""

    parsed: ParsedLine


Route = Union[RunCommand, CommandHelp, TouchReport, Unknown]


def route(text: str, today: date, registry: Registry) -> Route:
    """What `text` asks for: a DM phrasing, else a leading command word (unless the line reports a touch
    that word may open), else a touch report. Pure: no database, no clock but `today`."""
    text = text.strip()
    found = match_intent(text, registry.commands)
    if found is not None:
        spec, args = found
        return RunCommand(spec.name, args, lang_text=text)
    word, spec, rest = leading_command(text, registry)
    parsed = parse_line(text, today=today)
    if spec is not None and spec.name != "log":
        lead = spec.language_of(word)
        if not reads_as_report(parsed):
            args = strip_filler(rest)  # "map of Acme", "mapa de Acme"
            return RunCommand(spec.name, args, lang_text=args, lead=lead, word=word)
        if not spec.opens_report(word):  # "contacto con Ana en Acme ayer" is a report, "posponer …; ayer" is not
            return CommandHelp(spec.name, word, rest.strip(), lead=lead)
    return TouchReport(parsed) if reads_as_report(parsed) else Unknown(parsed)


def leading_command(text: str, registry: Registry) -> tuple[str, CommandSpec | None, str]:
    """(the command word, its command or None, the rest of the line) for the first word of `text`."""
    token, _, rest = text.partition(" ")
    word = token.strip(_TRIM).lower()
    spec = registry.lookup(word) if word else None
    if spec is None:
        glued = _LETTERS.match(token)
        # Only when nothing but symbols follows the letters: "who's" and "ayudame" are other words.
        if glued and not any(ch.isalpha() for ch in token[glued.end():]):
            word = glued.group(1).lower()
            spec = registry.lookup(word)
    if spec is not None:  # the spelling the table knows ("posponer';" is "posponer", "QUIÉN" is "quién")
        word = next((w for w in spec.words if normalize_name(w) == normalize_name(word)), word)
    return word, spec, rest


def match_intent(text: str, commands: tuple[CommandSpec, ...]) -> tuple[CommandSpec, str] | None:
    """The command a natural-language message asks for, with the rest of the text as arguments."""
    folded = fold_same_length(text)
    for spec in commands:
        for pattern in spec.patterns:
            found = pattern.search(folded)
            if found:
                start, end = found.span("args") if "args" in pattern.groupindex else (0, 0)
                args = text[start:end] if start >= 0 else ""
                return spec, args.strip(" ?¿!¡.,")
    return None


def fold_same_length(text: str) -> str:
    """Lower-case and drop accents one character at a time, so match positions map back to `text`."""
    return "".join(strip_accents(ch)[:1].lower()[:1] or ch for ch in text)
