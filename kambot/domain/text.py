"""Text helpers shared by every part: mrkdwn escaping and name normalisation."""
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


def strip_accents(text: str) -> str:
    """Remove diacritics: 'Gómez' -> 'Gomez' (ñ becomes n, which is what people type without it)."""
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
