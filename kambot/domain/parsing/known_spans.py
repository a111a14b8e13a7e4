"""Names before meaning: the spans of a line that could be a name hiding a kind, date or next-step word.

A word the parsers read (a kind word, a date phrase, a next-step marker: `ParsedLine.meanings`) may be
part of a company's or a person's name: "Café Sol", "Grupo Hoy", "Meeting Point", "Call Center",
"Mensajería del Sur", "Domingo Pérez". So may a word the name lookup would trim as a stop word ("Next Step
Consulting", "The Home Depot"). `lookup_windows` lists the word spans that overlap such a word, for one
lookup of known names; `choose_names` keeps the known ones, longest first, and the line is parsed again with
them masked and kept whole. The rule is general: any name, whatever words it holds, is read as a name.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Callable, Container, NamedTuple, Sequence

from kambot.domain.parsing.line import ParsedLine, parse_line
from kambot.domain.parsing.people import STOP_WORDS
from kambot.domain.text import normalize_name

MAX_WORDS = 6  # "Banco de Crédito e Inversiones del Perú"
MAX_WINDOWS = 128  # bounds the lookup a long line costs
# A token: what lies between spaces and sentence punctuation; a name may hold & - . ' / ("AT&T", "S.A.").
_TOKEN = re.compile(r"[^\s,;:()\[\]{}!?\"“”«»<>]+")
_EDGE = "'\"‘’“”.-–—*_`~@"
_BREAK = re.compile(r"[,;:()\[\]{}!?\"“”«»<>]|\s[-–—]\s")


class Window(NamedTuple):
    """Word span of a line worth looking up as a name."""

    start: int
    end: int
    norm: str
    words: int


def _tokens(text: str) -> list[tuple[int, int]]:
    found = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if start < end:
            found.append((start, end))
    return found


def lookup_windows(text: str, meanings: Sequence[tuple[int, int]]) -> list[Window]:
    """Spans of 1..MAX_WORDS words (never across punctuation) that overlap a word the parsers read, or that
    begin or end with a stop word and hold some other word; those overlapping a read word first."""
    tokens = _tokens(text)
    stop = [normalize_name(text[a:b]) in STOP_WORDS for a, b in tokens]
    first: list[Window] = []
    other: list[Window] = []
    for i, (start, _) in enumerate(tokens):
        for j in range(i, min(len(tokens), i + MAX_WORDS)):
            if j > i and _BREAK.search(text, tokens[j - 1][1], tokens[j][0]):
                break
            end = tokens[j][1]
            read = any(s < end and start < e for s, e in meanings)
            if not read and not ((stop[i] or stop[j]) and not all(stop[i:j + 1])):
                continue
            norm = normalize_name(text[start:end])
            if norm:
                (first if read else other).append(Window(start, end, norm, j - i + 1))
    return (first + other)[:MAX_WINDOWS]


def _single_word_name(text: str, window: Window, meanings: Sequence[tuple[int, int]]) -> bool:
    """A one-word name that is itself a kind or date word ("Correos", "Hoy") counts only when capitalised
    and not the first word: "correos a Luis" is emails, "Luis de Correos" is the company."""
    inside = any(s <= window.start and window.end <= e for s, e in meanings)
    return not inside or (text[window.start].isupper() and bool(text[:window.start].strip()))


def choose_names(text: str, windows: Sequence[Window], known: Container[str],
                 meanings: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The known names among the windows, longest first, without overlaps, as (start, end) spans."""
    chosen: list[Window] = []
    for window in sorted((w for w in windows if w.norm in known), key=lambda w: (-w.words, w.start)):
        if window.words == 1 and not _single_word_name(text, window, meanings):
            continue
        if all(window.end <= c.start or c.end <= window.start for c in chosen):
            chosen.append(window)
    return tuple(sorted((w.start, w.end) for w in chosen))


ROUNDS = 2  # a second look only when masking a name brought a new word to light


def read_names_first(parsed: ParsedLine, *, today: date, known_names: Callable[[set[str]], set[str]]) -> ParsedLine:
    """`parsed` again with the known names among its windows masked, or itself when none hides a
    word; `known_names` answers which of a set of normalised phrases are names (one lookup per round)."""
    names = set(parsed.names)
    asked: set[str] = set()
    known: set[str] = set()
    for _ in range(ROUNDS):
        windows = lookup_windows(parsed.text, parsed.meanings)
        new = {w.norm for w in windows} - asked
        if new:
            known |= known_names(new)
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
