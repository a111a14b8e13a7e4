"""Parse one line of a touchpoint report into everything the log command needs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kambot.domain.parsing import dates
from kambot.domain.parsing.dates import DateResult, find_due_date, find_occurred_on
from kambot.domain.parsing.kinds import detect_kind
from kambot.domain.parsing.language import detect_language
from kambot.domain.parsing.nextstep import marker_span, split_next_step
from kambot.domain.parsing.people import (
    MENTION_RE,
    NewContactHint,
    name_phrases,
    new_contact_hints,
    slack_mentions,
)


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
    phrases: tuple[str, ...]  # name_phrases of the report without the date phrase and mentions


def parse_line(text: str, *, today: date, lang: str | None = None) -> ParsedLine:
    """Parse a one-line touchpoint report; lang None means detect it from the text."""
    lang = lang or detect_language(text)
    report, next_step = split_next_step(text)
    occurred = find_occurred_on(text, today=today, lang=lang)
    due = find_due_date(next_step, today=today, lang=lang).day if next_step else None
    marker = marker_span(text)
    head = text[: marker[0]] if marker else text
    if occurred.span is not None:
        # A comma, not a space, so no lookup span bridges the gap: "Acme , Maria" is not a name.
        head = f"{head[: occurred.span[0]]} , {head[occurred.span[1]:]}"
    head = MENTION_RE.sub(" , ", head)
    return ParsedLine(
        text=text,
        lang=lang,
        report=report,
        kind=detect_kind(report),
        occurred=occurred,
        next_step=next_step,
        next_step_due=due,
        mentions=slack_mentions(text),
        new_contacts=tuple(new_contact_hints(text)),
        phrases=tuple(name_phrases(head)),
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
