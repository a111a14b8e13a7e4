"""A line read names first: known names that hide a kind, date or next-step word are masked, then it is parsed."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from kambot.domain.parsing.known_spans import read_names_first
from kambot.domain.parsing.line import ParsedLine
from kambot.storage.accounts import known_names


def read_line(session: Session, *, team_id: str, parsed: ParsedLine, today: date) -> ParsedLine:
    """`parsed` again with the team's known names (accounts, aliases, contacts) masked, when one hides a word the
    parsers read ("lunch at Café Sol", "call with Grupo Hoy"); `parsed` itself when none does (no query when
    no window of the line holds a kind, date, next-step or stop word)."""
    return read_names_first(parsed, today=today,
                            known_names=lambda norms: known_names(session, team_id=team_id, norms=norms))
