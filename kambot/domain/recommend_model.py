"""Who-to-contact records: a customer contact, the ways in to them, and the answer the ranking gives."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import NamedTuple, Union

from kambot.domain.strength import Strength


ALLIES = frozenset({"mentor", "supporter"})
_DECIDERS = frozenset({"decision_maker", "economic_buyer"})


def no_ally_among_deciders(tier: str | None, people) -> bool:
    """A key account (tier A) whose active decision makers and economic buyers are mapped, none of them a
    mentor or supporter: the card and the digest flag it."""
    deciders = [p for p in people if not p.departed and p.role_key in _DECIDERS]
    return (tier or "").upper() == "A" and bool(deciders) and not any(p.ally for p in deciders)


@lru_cache(maxsize=256)  # a handful of spellings, asked for every person of an account
def role_key(role: str | None) -> str:
    """A buying role as stored or typed, as a key: 'Decision Maker' / 'decision-maker' -> 'decision_maker'."""
    return "_".join((role or "").lower().replace("-", " ").split())


@lru_cache(maxsize=64)
def _has_left(status: str | None) -> bool:
    return (status or "").strip().lower() == "left"


class Person(NamedTuple):
    """A customer contact (a tuple: `/kam who` builds 500 of them per answer, ~4x faster than a dataclass)."""

    id: int
    name: str
    title: str | None
    department: str | None
    role: str | None  # decision_maker, economic_buyer, champion, technical_buyer, influencer, user, blocker
    reports_to: int | None
    status: str  # "active" | "left"
    relationship_owner: str | None  # our Slack user id assigned as owner of the relationship
    stance: str | None = None  # mentor, supporter, neutral, non_supporter, detractor (kambot's judgement)
    influence: str | None = None  # high, medium, low

    @property
    def hostile(self) -> bool:
        """Works against us: a blocker by role or a detractor by stance (never first while anyone else fits)."""
        return self.stance == "detractor" or role_key(self.role) == "blocker"

    @property
    def ally(self) -> bool:
        """On our side: a mentor or a supporter (breaks ties)."""
        return self.stance in ALLIES

    @property
    def departed(self) -> bool:
        """Has left the customer."""
        return _has_left(self.status)

    @property
    def role_key(self) -> str:
        """The buying role as a key: 'Decision Maker' -> 'decision_maker'."""
        return role_key(self.role)


@dataclass(frozen=True)
class Known:
    """The asker already knows them (by_asker=False: the team logged touches but named nobody)."""

    by_asker: bool = True


@dataclass(frozen=True)
class WarmIntro:
    """Ask a teammate who knows them for an intro (last_met None: they own it but logged no touch)."""

    via: str
    last_met: date | None


@dataclass(frozen=True)
class OrgPath:
    """Nobody knows them: go through the org chart from the nearest person we do know."""

    path: tuple[int, ...]  # person ids, from the known person to the candidate
    via: str | None = None  # who on our team knows path[0] (None when that is the asker, or unnamed)
    by_asker: bool = False


@dataclass(frozen=True)
class Cold:
    """No warm way in (anyone_known: we know people at the account, just no org-chart path)."""

    anyone_known: bool = False


Approach = Union[Known, WarmIntro, OrgPath, Cold]


@dataclass(frozen=True)
class Candidate:
    """Someone to contact: who, how well we know them, why them, how to reach them."""

    person: Person
    strength: Strength
    reason_code: str  # one of REASON_CODES
    approach: Approach


@dataclass(frozen=True)
class Departed:
    """Someone who would have been the answer but left, and who seems to have replaced them."""

    person: Person
    replaced_by: Person | None


@dataclass(frozen=True)
class Recommendation:
    """The answer to "who should I contact at X?"."""

    top: Candidate | None
    alternatives: tuple[Candidate, ...]
    departed: tuple[Departed, ...]
    no_relationships: bool
