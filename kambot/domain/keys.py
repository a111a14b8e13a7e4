"""The 80/20 rule: the few accounts that bring most of the revenue, and tiers that disagree."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kambot.domain.cadence import normalize_tier

# Flag kinds (templates translate them).
KEY_NOT_TIER_A = "key_not_tier_a"
TIER_A_NOT_KEY = "tier_a_not_key"
NO_REVENUE = "no_revenue"


@dataclass(frozen=True)
class KeyRow:
    """One account in revenue order with its share of the total."""

    rank: int  # 1 = largest revenue
    account_id: int | str
    name: str
    revenue: float  # None in the input counts as 0
    tier: str | None
    share: float  # of total revenue, 0-1
    cumulative_share: float  # this account and every larger one, 0-1
    is_key: bool


@dataclass(frozen=True)
class KeyFlag:
    """A disagreement between the revenue ranking and the tiers (or no revenue at all)."""

    kind: str  # KEY_NOT_TIER_A | TIER_A_NOT_KEY | NO_REVENUE
    account_id: int | str | None = None
    name: str | None = None
    tier: str | None = None


@dataclass(frozen=True)
class KeyReport:
    """Every account ranked by revenue, the key set and the flags."""

    rows: tuple[KeyRow, ...]
    total_revenue: float
    key_ids: frozenset
    key_revenue_share: float  # share of total revenue held by the key set, 0-1
    flags: tuple[KeyFlag, ...]


def key_accounts(accounts: Iterable[tuple]) -> KeyReport:
    """Rank (id, name, revenue, tier) tuples by revenue; the smallest top set reaching 80% is key."""
    entries = []
    for account_id, name, revenue, tier in accounts:
        # Missing revenue is unknown, and a negative one (credit notes) can't make anyone key.
        entries.append((max(revenue or 0, 0), str(name), account_id, normalize_tier(tier)))
    # Ties are broken by name then id so the same data always yields the same key set.
    entries.sort(key=lambda e: (-e[0], e[1].casefold(), str(e[2])))
    total = sum((e[0] for e in entries), 0)
    if total <= 0:
        rows = tuple(
            KeyRow(i, aid, name, rev, tier, 0.0, 0.0, False)
            for i, (rev, name, aid, tier) in enumerate(entries, start=1)
        )
        # With no revenue every tier-A account would be "outside the key set": one flag says why.
        return KeyReport(rows, total, frozenset(), 0.0, (KeyFlag(NO_REVENUE),))

    rows, flags, key_ids = [], [], set()
    cumulative, reached = 0, False
    for rank, (revenue, name, account_id, tier) in enumerate(entries, start=1):
        is_key = not reached
        cumulative += revenue
        # cumulative/total >= 80%, multiplied out so an exact 80% is not lost to floats.
        reached = reached or cumulative * 5 >= total * 4
        if is_key:
            key_ids.add(account_id)
            if tier != "A":
                flags.append(KeyFlag(KEY_NOT_TIER_A, account_id, name, tier))
        elif tier == "A":
            flags.append(KeyFlag(TIER_A_NOT_KEY, account_id, name, tier))
        rows.append(KeyRow(rank, account_id, name, revenue, tier, float(revenue / total),
                           float(cumulative / total), is_key))
    key_share = float(sum(r.revenue for r in rows if r.is_key) / total)
    return KeyReport(tuple(rows), total, frozenset(key_ids), key_share, tuple(flags))
