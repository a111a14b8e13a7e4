"""The command registry: commands (their words in both languages, DM phrasings) and button/view handlers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Pattern

from kambot.domain.text import normalize_name

_MARKUP = re.compile(r"[<>@!&|]")  # characters of Slack markup, in no command word

if TYPE_CHECKING:
    from kambot.core.call import Call
    from kambot.core.reply import Reply

Handler = Callable[["Call"], "Reply"]


@dataclass(frozen=True)
class CommandSpec:
    """One subcommand: its English name, Spanish names, handler, DM phrasings and report-opening words."""

    name: str
    handler: Handler
    spanish: tuple[str, ...] = ()  # the first one is the word shown in Spanish examples
    english: tuple[str, ...] = ()  # extra English spellings
    intents: tuple[str, ...] = ()  # regexes on folded DM text; group "args" is handed to the command
    # Words of this command that also begin ordinary touch reports ("contacto con Ana…", "cold call…"):
    # a DM that starts with one of them and reads as a report is logged instead of answered with help.
    opens_reports: tuple[str, ...] = ()
    patterns: tuple[Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(re.compile(p, re.IGNORECASE) for p in self.intents))

    @property
    def words(self) -> tuple[str, ...]:
        """Every word that names this command, English first."""
        return (self.name, *self.english, *self.spanish)

    def language_of(self, word: str) -> str | None:
        """'es' when the user typed a Spanish-only name of this command, else None (no evidence)."""
        return "es" if word in self.spanish and word not in self.english and word != self.name else None

    def word(self, lang: str) -> str:
        """The word to show in examples: '/kam who' is '/kam quién' in Spanish."""
        return self.spanish[0] if lang == "es" and self.spanish else self.name

    def opens_report(self, word: str) -> bool:
        """Whether the typed word may begin an ordinary touch report rather than this command."""
        return normalize_name(word) in {normalize_name(w) for w in self.opens_reports}


# What people put between a command word and the account in a DM: "map of Acme", "cuenta de Acme".
_LEADING_FILLER = re.compile(r"^(?:(?:of|for|at|on|the|de|del|la|el|en|para)\s+)+", re.IGNORECASE)


def strip_filler(rest: str) -> str:
    """The arguments after a command word without the filler people put before the account ("map of Acme")."""
    return _LEADING_FILLER.sub("", rest.strip())


class Registry:
    """Commands in help order, indexed by every word that names them, and the handlers of buttons and views."""

    def __init__(self, commands: Iterable[CommandSpec], actions: Mapping[str, Handler]):
        self.commands: tuple[CommandSpec, ...] = tuple(commands)
        self.actions: dict[str, Handler] = dict(actions)
        self._by_name = {spec.name: spec for spec in self.commands}
        self._by_word: dict[str, CommandSpec] = {}
        if len(self._by_name) != len(self.commands):
            raise ValueError("two commands share a name")
        for spec in self.commands:
            for word in spec.words:
                other = self._by_word.setdefault(normalize_name(word), spec)
                if other is not spec:
                    raise ValueError(f"{word!r} names both {other.name} and {spec.name}")

    def lookup(self, word: str) -> CommandSpec | None:
        """The command a typed subcommand word names (case and accents ignored: quién = quien); Slack markup
        (`<!channel>`, `<@U1>`, `&amp;`) never names one, even when its letters spell a command."""
        if _MARKUP.search(word):
            return None
        return self._by_word.get(normalize_name(word))

    def command(self, name: str) -> CommandSpec:
        """The command registered under its English name."""
        return self._by_name[name]

    def action(self, action_id: str) -> Handler | None:
        """The handler of a button or view submission, if any."""
        return self.actions.get(action_id)

    def word(self, name: str, lang: str) -> str:
        """The subcommand word to show in "try `/kam ...`" examples, in the language of the answer."""
        return self.command(name).word(lang)

    def with_command(self, spec: CommandSpec) -> "Registry":
        """A copy with `spec` added, or replacing the command of the same name (extensions and tests)."""
        if spec.name in self._by_name:
            commands = [spec if s.name == spec.name else s for s in self.commands]
        else:
            commands = [*self.commands, spec]
        return Registry(commands, self.actions)

    def with_handler(self, name: str, handler: Handler) -> "Registry":
        """A copy in which the command `name` (same words) runs another handler."""
        return self.with_command(replace(self.command(name), handler=handler))
