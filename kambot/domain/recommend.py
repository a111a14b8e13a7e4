"""Who should I contact at X: rank an account's people by topic, buying power and our relationships."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Sequence

# approach_text is re-exported: kambot.core, the jobs and the tests import it from here.
from kambot.domain.approach import approach_text  # noqa: F401
from kambot.domain.org_chart import OrgChart
from kambot.domain.recommend_model import (
    Approach, Candidate, Cold, Departed, Known, OrgPath, Person, Recommendation, WarmIntro,
)
from kambot.domain.relationships import Relationships
from kambot.domain.strength import BAND_RANK, Strength, band_for
from kambot.domain.text import normalize_name
from kambot.domain.topics import has_topic, seniority, topic_score

# Buying power, from the vocabulary of Salesforce contact roles / MEDDPICC. Doubled and added to the band
# rank (strong 3 .. none 0) so a cold decision maker (8) still beats a strong influencer (7), while a
# strong champion (9) beats a cold or weak decision maker (8, 9 then by raw strength): the champion can
# walk us in. A warm decision maker is put above everyone explicitly, not left to arithmetic.
POWER = {"decision_maker": 4, "economic_buyer": 4, "champion": 3, "technical_buyer": 2, "influencer": 2,
         "user": 1}
DECIDERS = frozenset({"decision_maker", "economic_buyer"})
WARM = frozenset({"strong", "medium"})
REASON_CODES = ("topic_match", "warm_decider", "decider", "warm_relationship", "buying_role", "top_of_org",
                "best_available", "blocker", "detractor", "win_over")
MAX_ALTERNATIVES = 2
MAX_DEPARTED = 3  # only the departed who would have outranked the answer, and few of them


@dataclass
class _Account:
    """Everything one ranking needs, computed once."""

    org: OrgChart
    relationships: Relationships
    scores: dict[int, float]
    bands: dict[int, str]
    matches: dict[int, float]
    topical: bool
    known: set[int]  # active people someone on our team knows (a touch or an assigned owner)
    asker: str
    today: date

    def key(self, p: Person, *, by_relationship: bool | None = None) -> tuple:
        """Sort key: blockers and detractors last, topic matches first, then buying power with our relationship;
        a mentor or supporter breaks a tie."""
        return self.primary(p, by_relationship=by_relationship) + (
            not p.ally, self.org.depth.get(p.id, 0), -self.org.reports.get(p.id, 0), -seniority(p.title), p.id)

    def primary(self, p: Person, *, by_relationship: bool | None = None) -> tuple:
        """The part of the key that says who matters more (the rest only breaks ties)."""
        role, band, match = p.role_key, self.bands[p.id], self.matches[p.id]
        power, decider = POWER.get(role, 0), role in DECIDERS
        # A topic match comes before anyone off-topic, a blocker included (asked about procurement, the
        # procurement manager must be in the answer even when they block us); recommend() then keeps a
        # blocker out of first place while anyone else is active.
        head = (self.topical and match == 0.0, p.hostile)
        if not (bool(self.known) if by_relationship is None else by_relationship):
            # nobody knows anyone: start at the top, the decision maker, else the head of the chart
            return head + (not decider, self.org.depth.get(p.id, 0), -self.org.reports.get(p.id, 0),
                           -seniority(p.title), -power, -match)
        warm_decider = decider and band in WARM
        return head + (not warm_decider, -(2 * power + BAND_RANK[band]), -self.scores[p.id], -match)

    def strength(self, p: Person) -> Strength:
        return self.relationships.strength(p.id)

    def candidate(self, p: Person) -> Candidate:
        strength = self.strength(p)
        return Candidate(p, strength, self.reason(p), self.approach(p, strength))

    def reason(self, p: Person) -> str:
        """Why this person, as a code the door renders in the user's language."""
        role, band = p.role_key, self.bands[p.id]
        if role == "blocker":
            return "blocker"
        if p.stance == "detractor":
            return "detractor"
        if self.matches[p.id] > 0:
            return "topic_match"
        if p.influence == "high" and p.stance == "neutral":
            return "win_over"
        if role in DECIDERS:
            return "warm_decider" if band in WARM else "decider"
        if not self.known:
            return "top_of_org"
        if band in WARM:
            return "warm_relationship"
        return "buying_role" if role in POWER else "best_available"

    def asker_knows(self, pid: int) -> bool:
        person = self.org.by_id[pid]
        return person.relationship_owner == self.asker or (
            pid in self.relationships.scores
            and any(user == self.asker for user, _ in self.relationships.strength(pid).holders))

    def approach(self, p: Person, strength: Strength) -> Approach:
        """How the asker gets to this person: knows them, a teammate's intro, the org chart, or cold."""
        asker, holders = self.asker, dict(strength.holders)
        others = [(user, score) for user, score in strength.holders if user != asker]
        best_other = band_for(others[0][1], True) if others else "none"
        if p.relationship_owner == asker:
            return Known(by_asker=True)
        # the asker's own link is enough unless it is weak and a teammate's is stronger
        if asker in holders and BAND_RANK[band_for(holders[asker], True)] >= min(BAND_RANK[best_other], 2):
            return Known(by_asker=True)
        if others:  # the strongest teammate; the assigned owner wins a tie of bands
            tied = [user for user, score in others if band_for(score, True) == best_other]
            via = p.relationship_owner if p.relationship_owner in tied else tied[0]
            return WarmIntro(via=via, last_met=strength.last_by_holder[via])
        if p.relationship_owner:
            return WarmIntro(via=p.relationship_owner, last_met=None)
        if strength.last_days_ago is not None:
            return Known(by_asker=False)
        # nearest known person; at the same distance one the asker knows, then our strongest link
        path = self.org.path_to(p.id, self.known, lambda pid: (not self.asker_knows(pid), -self.scores[pid], pid))
        if path is None:
            return Cold(anyone_known=bool(self.known))
        start = self.org.active[path[0]]
        if self.asker_knows(start.id):
            return OrgPath(path=path, by_asker=True)
        return OrgPath(path=path, via=start.relationship_owner or self.strength(start).top_holder)

    def replacement(self, gone: Person) -> Person | None:
        """An active person with the same title; the same department and manager break ties."""
        title = normalize_name(gone.title or "")
        if not title:
            return None
        same = [p for p in self.org.active.values() if normalize_name(p.title or "") == title]
        boss, department = self.org.active_manager(gone), normalize_name(gone.department or "")
        return min(same, default=None, key=lambda p: (
            normalize_name(p.department or "") != department, self.org.manager.get(p.id) != boss,
            -self.scores[p.id], p.id))


def recommend(people: Sequence[Person], relationships: Relationships, *, asker: str, today: date,
               topic: str | None) -> Recommendation:
    """The best person to contact at an account, two alternatives, and the relevant people who left.

    Everyone is ranked by `relationships.scores`; only the people shown (and an org-chart path's start) have
    their strength asked for, the shown ones in one `load`.
    """
    touched = relationships.scores.keys()
    org = OrgChart(people)
    scores = {p.id: relationships.scores.get(p.id, 0.0) for p in people}
    topical = has_topic(topic)
    account = _Account(
        org=org, relationships=relationships, scores=scores, topical=topical, asker=asker, today=today,
        bands={pid: band_for(score, pid in touched) for pid, score in scores.items()},
        matches={p.id: topic_score(topic, p.title, p.department) if topical else 0.0 for p in people},
        known={pid for pid, p in org.active.items() if p.relationship_owner or pid in touched},
    )
    ranked = _hostile_not_first(sorted(org.active.values(), key=account.key))
    shown = ranked[:1 + MAX_ALTERNATIVES]
    relationships.load(p.id for p in shown)
    chosen = [account.candidate(p) for p in shown]
    # report the people who left only if they would have been a better answer (by our relationships)
    best = account.primary(ranked[0], by_relationship=True) if ranked else None
    gone = [p for p in sorted((p for p in people if p.departed), key=partial(account.key, by_relationship=True))
            if best is None or account.primary(p, by_relationship=True) < best]
    departed = tuple(Departed(p, account.replacement(p)) for p in gone[:MAX_DEPARTED])
    return Recommendation(chosen[0] if chosen else None, tuple(chosen[1:]), departed, not account.known)


def _hostile_not_first(ranked: list[Person]) -> list[Person]:
    """The ranking with the best non-blocker, non-detractor moved to the front when one of those leads it."""
    if ranked and ranked[0].hostile:
        first = next((i for i, p in enumerate(ranked) if not p.hostile), None)
        if first is not None:
            return [ranked[first], *ranked[:first], *ranked[first + 1:]]
    return ranked
