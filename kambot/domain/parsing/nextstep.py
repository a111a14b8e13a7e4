"""Split a touchpoint line into the report and the next step ("..., next: send proposal by Friday")."""
from __future__ import annotations

import re

from kambot.domain.parsing.language import fold

NEXT_MARKERS = (
    "next:",
    "next step:",
    "next steps:",
    "follow up:",
    "follow-up:",
    "followup:",
    "f/u:",
    "fup:",
    "nxt:",
    "next up:",
    "todo:",
    "to do:",
    "to-do:",
    "action item:",
    "action items:",
    "action:",
    "próximo paso:",
    "próximos pasos:",
    "siguiente paso:",
    "prox paso:",
    "sig paso:",
    "siguientes pasos:",
    "seguimiento:",
    "pendiente:",
    "pendientes:",
    "por hacer:",
    "tarea:",
    "acción:",
)


def _marker_regex() -> re.Pattern[str]:
    words = sorted({fold(m).rstrip(":") for m in NEXT_MARKERS}, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    # Matched on the folded text, so "Próximo Paso:" and "proximo paso:" are the same marker.
    # Besides the colon, accept an en/em dash ("Next step — call Ana") or a spaced hyphen
    # ("Next steps - call Ana"); a bare hyphen is not a marker ("next-gen").
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})\s*(?::|[\u2013\u2014]|-(?=\s))")


_MARKER = _marker_regex()
_TRIM = " \t\r\n,;:.-\u2013\u2014"


def marker_span(text: str) -> tuple[int, int] | None:
    """Character span of the first next-step marker in text, or None."""
    match = _MARKER.search(fold(text))
    return match.span() if match else None


def split_next_step(text: str, span: tuple[int, int] | None | bool = False) -> tuple[str, str | None]:
    """Return (report part, next-step text or None) with the marker and edge punctuation removed.

    span: the marker's span when already found (None: there is none), else it is looked for in text.
    """
    span = marker_span(text) if span is False else span
    if span is None:
        return text.strip(), None
    report = text[: span[0]].strip(_TRIM)
    after = text[span[1]:].strip(_TRIM)
    return report, (after or None)
