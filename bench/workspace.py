"""ONE synthetic workspace for every benchmark and scale test: Zipf-skewed accounts, contacts and touches.

A plan is cheap (numpy arrays and names); `bench.bulk.load` writes it. Account ranks are shuffled over ids,
and the same rank drives contacts and touches, so a few accounts hold many of both, as in real books.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property

import numpy as np

from bench.names import INDUSTRIES, account_names, person
from kambot.domain.text import first_word, normalize_name

SIZES = {"S": (1_000, 10_000, 50_000), "M": (10_000, 100_000, 500_000), "L": (100_000, 1_000_000, 2_000_000)}
TEAM = "T1"  # the fake Slack's workspace
ACCOUNTS_PER_OWNER = 40  # a KAM's book
MAX_CONTACTS, MAX_TOUCHES = 500, 20_000  # the biggest account: 500 people, 20,000 touches over 3 years
ZIPF = 1.0
SPAN_DAYS, FUTURE_DAYS = 1095, 40
ZONES = ("America/New_York", "America/Los_Angeles", "Europe/Madrid", "America/Bogota", "Asia/Tokyo", "UTC")
TITLES = ("CEO", "CFO", "CIO", "VP Operations", "Head of Procurement", "IT Director", "Directora de Finanzas",
          "Security Engineer", "Controller", "Data Engineer", "Buyer", "Analyst", "Head of Legal", "HR Partner")
ROLES = ("economic_buyer", "champion", "technical_buyer", "influencer", "user", "blocker", None, None, None, None)
KINDS = ("call", "email", "email", "meeting", "meal", "message", "other")
SUMMARIES = ("Discussed the renewal and pricing for next year.", "QBR: adoption is up, two open tickets.",
             "Demo of the reporting module for the finance team.", "They want a pilot in the Madrid office.",
             "Revisamos la propuesta y el calendario de implantación.", "Escalation about the invoice delay.",
             "Intro call with the new procurement lead.", "Lunch: budget freeze until Q2, keep in touch.")
NEXT_STEPS = ("send the proposal", "schedule a demo with IT", "enviar propuesta revisada", "share the case study")


def allocate(total: int, weights: np.ndarray, cap: int, floor: int, rng: np.random.Generator) -> np.ndarray:
    """Split `total` over accounts in proportion to `weights`, each between floor and cap."""
    floor = min(floor, total // len(weights))
    counts = np.full(len(weights), floor, np.int64)
    while (left := total - int(counts.sum())) > 0:
        room = cap - counts
        p = np.where(room > 0, weights, 0.0)
        counts += np.minimum(rng.multinomial(left, p / p.sum()), room)
    return counts


@dataclass(frozen=True)
class Sample:
    """An account to ask about, its owner, and one of its people (full name)."""

    account_id: int
    name: str
    alias: str | None
    owner: str
    contact: str
    touches: int


@dataclass
class Plan:
    """A workspace to load: per-account arrays plus people's names; touches are drawn on first use."""

    team: str
    today: date
    seed: int
    names: list[tuple[str, str | None]]
    owners: list[str]
    owner_of: np.ndarray
    tier_of: np.ndarray
    contact_count: np.ndarray
    touch_count: np.ndarray
    people: list[str]
    base: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("account", "accountname", "reminderlog", "contact", "touchpoint"), 1))

    @property
    def sizes(self) -> tuple[int, int, int]:
        """(accounts, contacts, touches)."""
        return len(self.names), len(self.people), int(self.touch_count.sum())

    @cached_property
    def contact_first(self) -> np.ndarray:
        """Index of each account's first person in `people` (an account's people are contiguous)."""
        return np.concatenate(([0], np.cumsum(self.contact_count)[:-1]))

    @cached_property
    def touches(self) -> dict[str, np.ndarray]:
        """Every touch as arrays, oldest first (ids follow the calendar, so accounts interleave on disk)."""
        rng = np.random.default_rng(self.seed + 1)
        n = int(self.touch_count.sum())
        account = np.repeat(np.arange(len(self.names)), self.touch_count)
        ago = (rng.random(n) ** 1.6 * SPAN_DAYS).astype(np.int64)  # recent months busier
        order = np.argsort(-ago, kind="stable")
        account, ago = account[order], ago[order]
        owners = self.owner_of[account]
        logger = np.where(rng.random(n) < 0.8, owners, rng.integers(0, len(self.owners), n))
        due = np.where(rng.random(n) < 0.25, ago - rng.integers(1, 22, n), -10_000)
        count, first = self.contact_count[account], self.contact_first[account]
        one = first + (count * rng.random(n) ** 2).astype(np.int64)  # a few people get most attention
        two = first + (count * rng.random(n) ** 2).astype(np.int64)
        two = np.where((rng.random(n) < 0.3) & (two != one), two, -1)
        other = rng.integers(0, len(self.owners), n)
        other = np.where((rng.random(n) < 0.15) & (other != logger), other, -1)
        return {"account": account, "ago": ago, "logger": logger, "due": due, "one": one, "two": two,
                "other": other, "kind": rng.integers(0, len(KINDS), n), "text": rng.integers(0, 1 << 20, n)}

    def samples(self, count: int, seed: int = 1) -> list[Sample]:
        """Accounts people ask about, drawn by activity (busy accounts come up more), with replacement."""
        rng = np.random.default_rng(seed)
        weights = (self.touch_count + 1) / (self.touch_count + 1).sum()
        found = []
        for i in rng.choice(len(self.names), size=count, p=weights).tolist():
            name, alias = self.names[i]
            pick = int(self.contact_first[i] + rng.integers(0, max(1, min(3, int(self.contact_count[i])))))
            found.append(Sample(self.base["account"] + i, name, alias, self.owners[int(self.owner_of[i])],
                                self.people[pick] if self.contact_count[i] else "", int(self.touch_count[i])))
        return found

    def rows(self, stamp: str) -> list[tuple[str, tuple[str, ...], object]]:
        """(table, columns, row iterator) in load order; `stamp` is created_at as the driver takes it."""
        from bench.rows import table_rows  # the row builders live apart to keep this module readable

        return table_rows(self, stamp)

    def day(self, ago: int) -> str:
        """ISO day `ago` days before today (negative: in the future)."""
        return (self.today - timedelta(days=int(ago))).isoformat()


def plan(accounts: int, contacts: int, touches: int, *, seed: int = 7, team: str = TEAM,
         today: date | None = None) -> Plan:
    """A deterministic workspace of the given size (same seed and day, same data)."""
    rng, gen = random.Random(seed), np.random.default_rng(seed)
    today = today or datetime.now(timezone.utc).date()
    names = account_names(accounts, rng)
    owners = [f"UK{k:05d}" for k in range(max(2, accounts // ACCOUNTS_PER_OWNER))]
    weights = 1.0 / (gen.permutation(accounts) + 1.0) ** ZIPF
    contact_count = allocate(contacts, weights, MAX_CONTACTS, 1, gen)
    people: list[str] = []
    for count in contact_count.tolist():
        staff: dict[str, None] = {}  # unique within an account: a repeated name is one person to the importer
        while len(staff) < count:
            staff.setdefault(person(rng))
        people += staff
    return Plan(team, today, seed, names, owners, gen.integers(0, len(owners), accounts),
                gen.choice(3, size=accounts, p=(0.15, 0.35, 0.5)), contact_count,
                allocate(touches, weights, MAX_TOUCHES, 0, gen), people)


def sized(size: str, **options) -> Plan:
    """The plan of a named size: S, M or L."""
    return plan(*SIZES[size], **options)


def norms(text: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """(normalised name, first word), memoised: people's names repeat across a big workspace."""
    found = cache.get(text)
    if found is None:
        found = cache[text] = (normalize_name(text), first_word(text))
    return found


__all__ = ["INDUSTRIES", "Plan", "Sample", "SIZES", "TEAM", "plan", "sized", "norms"]
