"""The command registry: subcommand names in both languages, handlers, and natural-language intents."""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Pattern

from kambot.domain.text import normalize_name, strip_accents

if TYPE_CHECKING:
    from kambot.core.call import Call
    from kambot.core.reply import Reply

Handler = Callable[["Call"], "Reply"]


@dataclass(frozen=True)
class CommandSpec:
    """One subcommand: its English name, Spanish names, handler and DM phrasings."""

    name: str
    handler: Handler
    spanish: tuple[str, ...] = ()
    english: tuple[str, ...] = ()  # extra English spellings
    intents: tuple[Pattern[str], ...] = field(default_factory=tuple)  # match normalised DM text; group "args"
    order: int = 100  # position in help

    def language_of(self, word: str) -> str | None:
        """'es' when the user typed a Spanish-only name of this command, else None (no evidence)."""
        return "es" if word in self.spanish and word not in self.english and word != self.name else None


_COMMANDS: dict[str, CommandSpec] = {}
_BY_WORD: dict[str, CommandSpec] = {}
_loaded = False


def command(name: str, *, spanish: tuple[str, ...] = (), english: tuple[str, ...] = (),
            intents: tuple[str, ...] = (), order: int = 100) -> Callable[[Handler], Handler]:
    """Register a handler as `/kam <name>` (and its Spanish names, and DM phrasings)."""

    def register(handler: Handler) -> Handler:
        spec = CommandSpec(
            name=name, handler=handler, spanish=tuple(spanish), english=tuple(english),
            intents=tuple(re.compile(p, re.IGNORECASE) for p in intents), order=order,
        )
        _COMMANDS[name] = spec
        for word in (name, *spanish, *english):
            _BY_WORD[normalize_name(word)] = spec
        return handler

    return register


def load_commands() -> None:
    """Import every module in kambot.core.commands so each registers itself."""
    global _loaded
    if _loaded:
        return
    import kambot.core.commands as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    _loaded = True


def lookup(word: str) -> CommandSpec | None:
    """The command a typed subcommand word names (case and accents ignored: quién = quien)."""
    load_commands()
    return _BY_WORD.get(normalize_name(word))


def all_commands() -> list[CommandSpec]:
    """Every registered command in help order."""
    load_commands()
    return sorted(_COMMANDS.values(), key=lambda spec: (spec.order, spec.name))


def match_intent(text: str) -> tuple[CommandSpec, str] | None:
    """The command a natural-language message asks for, with the rest of the text as arguments."""
    load_commands()
    folded = fold_same_length(text)
    for spec in all_commands():
        for pattern in spec.intents:
            found = pattern.search(folded)
            if found:
                start, end = found.span("args") if "args" in pattern.groupindex else (0, 0)
                args = text[start:end] if start >= 0 else ""
                return spec, args.strip(" ?¿!¡.,")
    return None


def fold_same_length(text: str) -> str:
    """Lower-case and drop accents one character at a time, so match positions map back to `text`."""
    return "".join(strip_accents(ch)[:1].lower()[:1] or ch for ch in text)
