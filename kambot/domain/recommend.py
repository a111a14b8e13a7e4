"""Who should I contact at X: rank an account's people by topic, buying power and our relationships."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Callable, Mapping, Sequence, Union

from kambot.domain.strength import (
    BAND_RANK, Strength, Touch, band_for, contact_scores, contact_strength, lang_of, mention,
)
from kambot.domain.text import escape_mrkdwn, normalize_name
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
                "best_available", "blocker")
MAX_ALTERNATIVES = 2
MAX_DEPARTED = 3  # only the departed who would have outranked the answer, and few of them


@dataclass(frozen=True)
class Person:
    """A customer contact."""

    id: int
    name: str
    title: str | None
    department: str | None
    role: str | None  # decision_maker, economic_buyer, champion, technical_buyer, influencer, user, blocker
    reports_to: int | None
    status: str  # "active" | "left"
    relationship_owner: str | None  # our Slack user id assigned as owner of the relationship

    @property
    def departed(self) -> bool:
        """True when the person has left the customer."""
        return (self.status or "").strip().lower() == "left"


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


class _Org:
    """The org chart among active people; a departed manager is skipped over to the next one up."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.by_id = {p.id: p for p in people}
        self.active = {p.id: p for p in people if not p.departed}
        self.manager = {pid: self.active_manager(p) for pid, p in self.active.items()}
        self.neighbours: dict[int, list[int]] = {pid: [] for pid in self.active}
        self.depth = dict.fromkeys(self.active, 0)
        self.reports = dict.fromkeys(self.active, 0)  # everyone below, directly or not
        for pid, boss in self.manager.items():
            if boss is not None and boss != pid:
                self.neighbours[pid].append(boss)
                self.neighbours[boss].append(pid)
            seen = {pid}
            while boss is not None and boss not in seen:  # a cycle in the data must not hang us
                seen.add(boss)
                self.depth[pid] += 1
                self.reports[boss] += 1
                boss = self.manager[boss]

    def active_manager(self, person: Person) -> int | None:
        """The nearest active manager above someone (unknown ids end the chain)."""
        boss, seen = person.reports_to, {person.id}
        while boss is not None and boss not in seen:
            seen.add(boss)
            if boss in self.active:
                return boss
            above = self.by_id.get(boss)
            if above is None:
                return None
            boss = above.reports_to
        return None

    def path_to(self, target: int, known: set[int], prefer: Callable[[int], tuple]) -> tuple[int, ...] | None:
        """Shortest path to target from the nearest known person (ties: the lowest prefer(id))."""
        parent: dict[int, int | None] = {target: None}
        level = [target]
        while level:
            found = [pid for pid in level if pid in known and pid != target]
            if found:
                start = min(found, key=prefer)
                path = [start]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return tuple(path)
            following = []
            for pid in level:
                for other in self.neighbours[pid]:
                    if other not in parent:
                        parent[other] = pid
                        following.append(other)
            level = following
        return None


def _role(person: Person) -> str:
    """The buying role as a key: 'Decision Maker' -> 'decision_maker'."""
    return "_".join((person.role or "").lower().split())


@dataclass
class _Account:
    """Everything one ranking needs, computed once."""

    org: _Org
    touches: Mapping[int, Sequence[Touch]]
    scores: dict[int, float]
    bands: dict[int, str]
    matches: dict[int, float]
    topical: bool
    known: set[int]  # active people someone on our team knows (a touch or an assigned owner)
    asker: str
    today: date

    def key(self, p: Person, *, by_relationship: bool | None = None) -> tuple:
        """Sort key: blockers last, topic matches first, then buying power with our relationship."""
        return self.primary(p, by_relationship=by_relationship) + (
            self.org.depth.get(p.id, 0), -self.org.reports.get(p.id, 0), -seniority(p.title), p.id)

    def primary(self, p: Person, *, by_relationship: bool | None = None) -> tuple:
        """The part of the key that says who matters more (the rest only breaks ties)."""
        role, band, match = _role(p), self.bands[p.id], self.matches[p.id]
        power, decider = POWER.get(role, 0), role in DECIDERS
        head = (role == "blocker", self.topical and match == 0.0)
        if not (bool(self.known) if by_relationship is None else by_relationship):
            # nobody knows anyone: start at the top, the decision maker, else the head of the chart
            return head + (not decider, self.org.depth.get(p.id, 0), -self.org.reports.get(p.id, 0),
                           -seniority(p.title), -power, -match)
        warm_decider = decider and band in WARM
        return head + (not warm_decider, -(2 * power + BAND_RANK[band]), -self.scores[p.id], -match)

    def strength(self, p: Person) -> Strength:
        return contact_strength(self.touches.get(p.id) or (), today=self.today)

    def candidate(self, p: Person) -> Candidate:
        strength = self.strength(p)
        return Candidate(p, strength, self.reason(p), self.approach(p, strength))

    def reason(self, p: Person) -> str:
        """Why this person, as a code the door renders in the user's language."""
        role, band = _role(p), self.bands[p.id]
        if role == "blocker":
            return "blocker"
        if self.matches[p.id] > 0:
            return "topic_match"
        if role in DECIDERS:
            return "warm_decider" if band in WARM else "decider"
        if not self.known:
            return "top_of_org"
        if band in WARM:
            return "warm_relationship"
        return "buying_role" if role in POWER else "best_available"

    def asker_knows(self, pid: int) -> bool:
        person = self.org.by_id[pid]
        return person.relationship_owner == self.asker or any(
            self.asker in t.participants for t in self.touches.get(pid) or ())

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


def recommend(people: list[Person], touches_by_person: dict[int, list[Touch]], *, asker: str, today: date,
              topic: str | None) -> Recommendation:
    """The best person to contact at an account, two alternatives, and the relevant people who left."""
    org = _Org(people)
    scores = contact_scores({p.id: touches_by_person.get(p.id) or () for p in people}, today=today)
    topical = has_topic(topic)
    account = _Account(
        org=org, touches=touches_by_person, scores=scores, topical=topical, asker=asker, today=today,
        bands={p.id: band_for(scores[p.id], bool(touches_by_person.get(p.id))) for p in people},
        matches={p.id: topic_score(topic, p.title, p.department) if topical else 0.0 for p in people},
        known={pid for pid, p in org.active.items() if p.relationship_owner or touches_by_person.get(pid)},
    )
    ranked = sorted(org.active.values(), key=account.key)
    chosen = [account.candidate(p) for p in ranked[:1 + MAX_ALTERNATIVES]]
    # report the people who left only if they would have been a better answer (by our relationships)
    best = account.primary(ranked[0], by_relationship=True) if ranked else None
    gone = [p for p in sorted((p for p in people if p.departed), key=partial(account.key, by_relationship=True))
            if best is None or account.primary(p, by_relationship=True) < best]
    departed = tuple(Departed(p, account.replacement(p)) for p in gone[:MAX_DEPARTED])
    return Recommendation(chosen[0] if chosen else None, tuple(chosen[1:]), departed, not account.known)


_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


def _day(day: date, lang: str, today: date | None) -> str:
    """'Feb 20' / '20 feb'; the year only when it is not this year (or this year is unknown)."""
    month = _MONTHS[lang][day.month - 1]
    year = today is None or day.year != today.year
    if lang == "es":
        return f"{day.day} {month}" + (f" {day.year}" if year else "")
    return f"{month} {day.day}" + (f", {day.year}" if year else "")


def approach_text(candidate: Candidate, people_by_id: Mapping[int, Person], lang: str, *,
                  today: date | None = None) -> str:
    """The how-to-reach line in mrkdwn: customer names escaped, only our users as mentions."""
    lang = lang_of(lang)
    es = lang == "es"

    def name(pid: int) -> str:
        person = people_by_id.get(pid) or (candidate.person if pid == candidate.person.id else None)
        return escape_mrkdwn(person.name) if person is not None else f"#{pid}"

    who, how = name(candidate.person.id), candidate.approach
    if isinstance(how, Known):
        if how.by_asker:
            return f"ya conoces a {who}" if es else f"you already know {who}"
        return (f"el equipo ya ha tratado con {who} (sin nombre en el registro)" if es
                else f"the team has met {who} before (nobody named in the log)")
    if isinstance(how, WarmIntro):
        via = mention(how.via)
        if how.last_met is None:
            return (f"pide a {via} que te presente a {who}: lleva la relación" if es
                    else f"ask {via}, who owns the relationship with {who}, for an intro")
        day = _day(how.last_met, lang, today)
        return (f"pide a {via} que te presente a {who}: estuvieron en contacto el {day}" if es
                else f"ask {via}, who met {who} on {day}, for an intro")
    if isinstance(how, OrgPath):
        chain, start = " → ".join(name(pid) for pid in how.path), name(how.path[0])
        line = (f"nadie del equipo conoce aún a {who}; ve por el organigrama: {chain}" if es
                else f"nobody on the team knows {who} yet; go through the org chart: {chain}")
        if how.by_asker:
            line += f" (tú conoces a {start})" if es else f" (you know {start})"
        elif how.via:
            line += f" ({mention(how.via)} conoce a {start})" if es else f" ({mention(how.via)} knows {start})"
        return line
    if isinstance(how, Cold) and how.anyone_known:
        return (f"nadie del equipo conoce a {who} ni hay camino por el organigrama: contacto en frío" if es
                else f"nobody on the team knows {who} and the org chart shows no path: reach out cold")
    return (f"nadie del equipo conoce aún a nadie en la cuenta: contacta a {who} en frío" if es
            else f"nobody on the team knows anyone at the account yet: reach out to {who} cold")
