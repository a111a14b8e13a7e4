"""Pure parsing of one-line touchpoint reports (English and Spanish): no DB, no clock, no env."""
from kambot.domain.parsing.dates import DateResult, find_due_date, find_occurred_on
from kambot.domain.parsing.kinds import KINDS, detect_kind
from kambot.domain.parsing.language import detect_language
from kambot.domain.parsing.line import ParsedLine, parse_line, warm_up
from kambot.domain.parsing.nextstep import NEXT_MARKERS, split_next_step
from kambot.domain.parsing.people import (
    MENTION_RE,
    NewContactHint,
    name_phrases,
    new_contact_hints,
    slack_mentions,
)

__all__ = [
    "KINDS",
    "MENTION_RE",
    "NEXT_MARKERS",
    "DateResult",
    "NewContactHint",
    "ParsedLine",
    "detect_kind",
    "detect_language",
    "find_due_date",
    "find_occurred_on",
    "name_phrases",
    "new_contact_hints",
    "parse_line",
    "slack_mentions",
    "split_next_step",
    "warm_up",
]
