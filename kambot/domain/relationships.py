"""How well our team knows an account's people, as the ranking reads it: from touches, or from stored totals."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol

from kambot.domain.strength import Strength, Touch, contact_scores, contact_strength


class Relationships(Protocol):
    """What recommend() asks about our relationships at one account."""

    scores: Mapping[int, float]  # decayed score of everyone we touched; its keys are who counts as touched

    def strength(self, pid: int) -> Strength:
        """How well our team knows one person (band, facts, and who on our team holds it)."""

    def load(self, pids: Iterable[int]) -> None:
        """Get these people's strengths ready in one go (the few the answer names)."""


class TouchRelationships:
    """Relationships computed from touches in memory: the reference the stored totals are tested against,
    and the domain tests' way to rank without a database."""

    def __init__(self, touches_by_person: Mapping[int, Sequence[Touch]], *, today: date) -> None:
        self._touches = {pid: touches for pid, touches in touches_by_person.items() if touches}
        self._today = today
        self._strengths: dict[int, Strength] = {}
        self.scores = contact_scores(self._touches, today=today)

    def strength(self, pid: int) -> Strength:
        """contact_strength of the person's touches, computed once."""
        found = self._strengths.get(pid)
        if found is None:
            found = self._strengths[pid] = contact_strength(self._touches.get(pid) or (), today=self._today)
        return found

    def load(self, pids: Iterable[int]) -> None:
        """Nothing to read: the touches are in memory."""
