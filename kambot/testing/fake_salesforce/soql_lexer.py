"""SOQL text to tokens: identifiers, quoted strings with backslash escapes, numbers, date and datetime literals."""

from __future__ import annotations

import re
from dataclasses import dataclass


class SoqlError(Exception):
    """A query Salesforce would refuse; code is its errorCode (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Token:
    """One lexeme; kind is IDENT, STRING, NUMBER, DATE, DATETIME, OP, '(', ')', ',', '.', ':' or EOF."""

    kind: str
    text: str
    value: object
    at: int


# Order matters: a datetime starts like a date, which starts like a number.
_PATTERNS = [
    ("SPACE", r"\s+"),
    ("DATETIME", r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})"),
    ("DATE", r"\d{4}-\d{2}-\d{2}(?![\dT])"),
    ("NUMBER", r"-?\d+(?:\.\d+)?(?![\w.])"),
    ("IDENT", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("OP", r"!=|<>|<=|>=|=|<|>"),
    ("PUNCT", r"[(),.:]"),
]
_MASTER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _PATTERNS))
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\",
            "%": "\\%", "_": "\\_"}  # \% and \_ stay escaped: only LIKE gives them meaning


def _string(text: str, start: int) -> tuple[str, int]:
    """The quoted string starting at text[start] (a quote): its value and the index after the closing quote."""
    out, i = [], start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _ESCAPES:
                raise SoqlError("MALFORMED_QUERY", f"Invalid string literal escape at column {i + 1}")
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        elif ch == "'":
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1
    raise SoqlError("MALFORMED_QUERY", f"unexpected end of query: unterminated string at column {start + 1}")


def tokenize(text: str) -> list[Token]:
    """All tokens of a query, ending with EOF; MALFORMED_QUERY on a character SOQL does not know."""
    tokens, i = [], 0
    while i < len(text):
        if text[i] == "'":
            value, end = _string(text, i)
            tokens.append(Token("STRING", text[i:end], value, i))
            i = end
            continue
        match = _MASTER.match(text, i)
        if not match:
            raise SoqlError("MALFORMED_QUERY", f"unexpected token: '{text[i]}' at column {i + 1}")
        kind, lexeme = match.lastgroup, match.group()
        if kind == "NUMBER":
            tokens.append(Token(kind, lexeme, float(lexeme) if "." in lexeme else int(lexeme), i))
        elif kind == "PUNCT":
            tokens.append(Token(lexeme, lexeme, lexeme, i))
        elif kind != "SPACE":
            tokens.append(Token(kind, lexeme, lexeme, i))
        i = match.end()
    tokens.append(Token("EOF", "", None, len(text)))
    return tokens
