"""Parse one line of a touchpoint report into everything the log command needs.

Names first: the caller may hand in the character spans of known names (an account's name, a contact's
full name: `names`). Those spans are masked before the kind, the dates, the next-step marker and the
language are read, so a word inside a name ("Café Sol", "Grupo Hoy", "Meeting Point", "Martes Digital")
never sets the kind, the date or the next step; the names themselves stay in `phrases` for the lookup.
`meanings` lists the spans those readers matched, so the caller knows which words a name could hide
(kambot.domain.parsing.known_spans) and asks about nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Sequence

from kambot.domain.parsing import dates
from kambot.domain.parsing.dates import DateResult, date_spans, find_due_date, find_occurred_on
from kambot.domain.parsing.kinds import detect_kind, kind_spans
from kambot.domain.parsing.language import detect_language
from kambot.domain.parsing.nextstep import marker_span, split_next_step
from kambot.domain.text import normalize_name
from kambot.domain.parsing.people import (
    MENTION_RE,
    NewContactHint,
    name_phrases,
    new_contact_hints,
    slack_mentions,
)

Span = tuple[int, int]
MASK = "_"  # not a letter or digit for any reader, so no word of a masked name matches anything


@dataclass(frozen=True)
class ParsedLine:
    """Everything read from one report line; nothing here is looked up or stored yet."""

    text: str  # the whole line as written
    lang: str
    report: str  # text before the next-step marker
    kind: str
    occurred: DateResult  # span is relative to `text`
    next_step: str | None
    next_step_due: date | None
    mentions: tuple[str, ...]
    new_contacts: tuple[NewContactHint, ...]
    phrases: tuple[str, ...]  # the known names, then name_phrases of the report without date phrase and mentions
    names: tuple[Span, ...] = ()  # spans of known names, masked for every reader but the name lookup
    meanings: tuple[Span, ...] = ()  # spans of kind words, date phrases and the next-step marker

    @property
    def name_norms(self) -> frozenset[str]:
        """The known names the line was read with, normalised (kept whole by the name lookup)."""
        return frozenset(normalize_name(self.text[a:b]) for a, b in self.names)


def mask(text: str, names: Sequence[Span]) -> str:
    """text with every character inside the given spans replaced by MASK (same length)."""
    if not names:
        return text
    chars = list(text)
    for start, end in names:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def parse_line(text: str, *, today: date, lang: str | None = None, names: Sequence[Span] = ()) -> ParsedLine:
    """Parse a one-line touchpoint report; lang None means detect it from the text around the names."""
    names = tuple(sorted(set(names)))
    masked = mask(text, names)
    lang = lang or detect_language(masked)
    marker = marker_span(masked)
    report, next_step = split_next_step(text, marker)
    occurred = find_occurred_on(masked, today=today, lang=lang)
    if occurred.span is not None:  # the phrase as typed (it never overlaps a masked name)
        occurred = replace(occurred, phrase=text[occurred.span[0]:occurred.span[1]])
    due = find_due_date(masked, today=today, lang=lang).day if next_step and marker else None
    head = text[: marker[0]] if marker else text
    # Known names are phrases of their own, whole, whatever their length ("Banco de Crédito e Inversiones").
    named = [text[a:b] for a, b in names if b <= len(head)]
    if occurred.span is not None:
        # A comma, not a space, so no lookup span bridges the gap: "Acme , Maria" is not a name.
        head = f"{head[: occurred.span[0]]} , {head[occurred.span[1]:]}"
    head = MENTION_RE.sub(" , ", head)
    meanings = [*kind_spans(masked), *date_spans(masked, today=today, lang=lang), *([marker] if marker else [])]
    return ParsedLine(
        text=text,
        lang=lang,
        report=report,
        kind=detect_kind(masked),
        occurred=occurred,
        next_step=next_step,
        next_step_due=due,
        mentions=slack_mentions(text),
        new_contacts=tuple(new_contact_hints(text)),
        phrases=tuple(dict.fromkeys([*named, *name_phrases(head)])),
        names=names,
        meanings=tuple(sorted(set(meanings))),
    )


def reads_as_report(parsed: ParsedLine) -> bool:
    """Whether a line tells of an interaction: a kind word, a date, a next step or someone named.

    A DM like "account acme" names an account but reports nothing; logging it would invent a touch.
    """
    return (parsed.kind != "other" or parsed.next_step is not None or parsed.occurred.phrase is not None
            or bool(parsed.mentions) or bool(parsed.new_contacts))


def warm_up() -> None:
    """Pre-load dateparser (en/es) and exercise every parser once so the first request is fast."""
    dates.warm_up()
    parse_line("call with Maria at Acme yesterday, next: proposal by Friday", today=date(2026, 1, 1))
    parse_line("almuerzo con Ana el jueves, próximo paso: propuesta el 12 de marzo",
               today=date(2026, 1, 1))
