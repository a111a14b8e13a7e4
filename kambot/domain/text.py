"""Text helpers shared by every part: mrkdwn escaping and splitting, and name normalisation."""
from __future__ import annotations

import re
import unicodedata


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
