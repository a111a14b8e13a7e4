"""The digest's health lines: each account's score worst first, and those that fell a lot this week (pure)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from kambot.domain.digest_model import HealthLine

FELL_POINTS = 10  # "health fell N points this week" from this many points down


def health_lines(scores: Iterable[tuple], last_week: Mapping) -> tuple[tuple[HealthLine, ...], tuple[HealthLine, ...]]:
    """(all worst first, fallen largest fall first) from (id, name, tier, score, band) and last week's score by id.

    Ties are broken by name, so the order is stable from one week to the next.
    """
    lines = []
    for account_id, name, tier, score, band in scores:
        before = last_week.get(account_id)
        lines.append(HealthLine(account_id, name, tier, score, band, before,
                                max(0, before - score) if before is not None else 0))
    lines.sort(key=lambda h: (h.score, h.name.casefold(), str(h.account_id)))
    fallen = sorted((h for h in lines if h.fell >= FELL_POINTS), key=lambda h: (-h.fell, h.score, h.name.casefold()))
    return tuple(lines), tuple(fallen)
