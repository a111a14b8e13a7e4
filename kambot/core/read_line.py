"""A line read names first: known names that hide a kind, date or next-step word are masked, then it is parsed."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from kambot.domain.parsing.known_spans import choose_names, lookup_windows
from kambot.domain.parsing.line import ParsedLine, parse_line
from kambot.storage.accounts import known_names

ROUNDS = 2  # a second look only when masking a name brought a new word to light


def read_line(session: Session, *, team_id: str, parsed: ParsedLine, today: date) -> ParsedLine:
    """`parsed` again with the team's known names (accounts, aliases, contacts) masked, when one hides a word the
    parsers read ("lunch at Café Sol", "call with Grupo Hoy"); `parsed` itself when none does (no query when
    the line has no kind, date or next-step word at all)."""
    names = set(parsed.names)
    asked: set[str] = set()
    known: set[str] = set()
    for _ in range(ROUNDS):
        windows = lookup_windows(parsed.text, parsed.meanings)
        new = {w.norm for w in windows} - asked
        if new:  # one indexed query for all of them
            known |= known_names(session, team_id=team_id, norms=new)
            asked |= new
        found = set(choose_names(parsed.text, windows, known, parsed.meanings)) - names
        if not found:
            break
        names = _without_overlaps(names | found)
        parsed = parse_line(parsed.text, today=today, lang=parsed.lang, names=sorted(names))
    return parsed


def _without_overlaps(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first
        if all(span[1] <= a or b <= span[0] for a, b in kept):
            kept.append(span)
    return set(kept)
