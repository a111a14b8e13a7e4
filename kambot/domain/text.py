"""Text helpers shared by every part: mrkdwn escaping and splitting, and name normalisation."""
from __future__ import annotations

import re
import unicodedata


MAX_SUMMARY = 3_000  # characters of a touchpoint's summary (or the line it is logged from), and of a next step


class Mrkdwn(str):
    """A string that is already safe mrkdwn (built by us, not typed by a user)."""


def escape_mrkdwn(value: object) -> str:
    """Escape exactly &, < and > so user text can never ping or link anyone."""
    if isinstance(value, Mrkdwn):
        return value
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_SLACK_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
WORD_JOINER = "\u2060"  # invisible; keeps a typed "<@" from ever reading as a mention


def unescape_slack(text: str | None) -> str:
    """Slack message text as the user typed it (&amp; &lt; &gt; decoded); only real mentions read `<@U…>`."""
    # Slack sends a typed "<" as "&lt;" and a real mention as "<@U123>". Decoded, a typed "<@U123>" would
    # pass for a real one, so a word joiner follows its "<": shown escaped it still reads "<@U123>", but it
    # never names a participant nor pings anyone.
    sent = text or ""

    def decode(found: re.Match) -> str:
        char = _ENTITIES[found.group(1)]
        return char + WORD_JOINER if char == "<" and sent.startswith("@", found.end()) else char

    return _SLACK_ENTITY.sub(decode, sent)


def split_mrkdwn(text: str, limit: int) -> list[str]:
    """Split text into chunks under `limit`, at line breaks when possible, never inside an entity."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one enormous line: cut it, backing off any &amp;-style entity
            cut = limit - len(current) - 1 if current else limit
            if cut <= 0:
                chunks.append(current)
                current, cut = "", limit
            amp = line.rfind("&", max(0, cut - 6), cut)
            if amp != -1 and ";" not in line[amp:cut]:
                cut = amp
            head, line = line[:cut], line[cut:]
            chunks.append(f"{current}\n{head}" if current else head)
            current = ""
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def strip_accents(text: str) -> str:
    """Remove diacritics: 'Gómez' -> 'Gomez' (ñ becomes n, which is what people type without it)."""
    if text.isascii():  # most names: NFKD leaves ASCII as it is and it has no combining marks
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_name(text: str) -> str:
    """Fold case, accents and punctuation: 'Umbrella  Salud, S.A.' -> 'umbrella salud s a'."""
    return _NON_WORD.sub(" ", strip_accents(text).casefold()).strip()


def first_word(text: str) -> str:
    """First word of a normalised name ('' for an empty name)."""
    parts = normalize_name(text).split()
    return parts[0] if parts else ""


# Terminal escape sequences (colours, cursor moves), then every other control character but line breaks
# and tabs, and the invisible marks that reorder or hide text (bidi overrides and isolates, BOM).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


def strip_controls(text: str | None) -> str | None:
    """Text as it may be stored and shown: no control characters or terminal escapes; CR LF is a line break."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROLS.sub("", _ANSI.sub("", text))


# A person's name: words of letters (any alphabet, accents), joined by spaces, apostrophes or hyphens,
# with dots after initials ("J. R. R. Tolkien", "Jean-Luc O'Brien", "María José Núñez").
_NAME_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?"
_PERSON_NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_SQL_WORDS = frozenset(("select", "insert", "update", "delete", "drop", "truncate", "alter", "union", "from",
                        "where", "table", "into", "values", "exec", "null"))
MAX_PERSON_WORDS = 8


def reads_as_person_name(text: str) -> bool:
    """True for text that can be a person's name: letters, spaces, apostrophes, hyphens, initials' dots.

    Not markup (`//evil.example|click> <!here>`), code or SQL (two or more SQL words), digits or one letter.
    """
    text = " ".join((text or "").split())
    if not text or len(text) > 120 or not _PERSON_NAME.fullmatch(text):
        return False
    words = re.sub(r"['’.\-]", " ", text).casefold().split()
    return (0 < len(words) <= MAX_PERSON_WORDS and any(len(w) > 1 for w in words)
            and sum(w in _SQL_WORDS for w in words) < 2)


_CODE_CHARS = frozenset(";=*%<>|{}[]\\$`^~")
_SQL = re.compile(r"\b(select|insert|update|delete|drop|truncate|alter|union)\b.{0,80}?\b(from|into|table|set|"
                  r"select|where|values)\b", re.IGNORECASE | re.DOTALL)


def reads_as_junk(text: str) -> bool:
    """True for a line made of code around some words: SQL statements, format strings, markup, templates."""
    code = sum(ch in _CODE_CHARS for ch in text)
    return code >= 2 and (bool(_SQL.search(text)) or code * 8 >= len(text) or "%s" in text or "%n" in text
                          or "{{" in text or "${" in text or "<!" in text)
