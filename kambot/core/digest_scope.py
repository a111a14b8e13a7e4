"""Which accounts a digest covers, the week it reports, and the team's 80/20 key set it marks."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, timedelta

from kambot.domain.cadence import normalize_tier


@dataclass(frozen=True)
class DigestScope:
    """Which accounts a digest covers, as stored in DigestSubscription.scope."""

    kind: str  # all | owner | tier | accounts
    owner: str | None = None
    tier: str | None = None
    account_ids: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> "DigestScope":
        """'all', 'owner:U1' (or 'mine:U1'), 'tier:A', 'accounts:1;5;9'; anything else is a ValueError."""
        kind, _, value = (text or "all").strip().partition(":")
        if kind == "all" and not value:
            return cls("all")
        if kind in ("owner", "mine") and re.fullmatch(r"[A-Za-z0-9_]+", value):
            return cls("owner", owner=value)
        if kind == "tier" and normalize_tier(value) in ("A", "B", "C"):
            return cls("tier", tier=normalize_tier(value))
        ids = tuple(dict.fromkeys(int(v) for v in value.split(";") if v.strip().isdigit()))
        if kind == "accounts" and ids:
            return cls("accounts", account_ids=ids)
        raise ValueError(f"unknown digest scope {text!r}")

    def __str__(self) -> str:
        if self.kind == "owner":
            return f"owner:{self.owner}"
        if self.kind == "tier":
            return f"tier:{self.tier}"
        if self.kind == "accounts":
            return "accounts:" + ";".join(str(i) for i in self.account_ids)
        return "all"


def digest_week(today: date) -> date:
    """First day of the reported week: the 7 days ending yesterday, so a Monday brief covers Mon-Sun."""
    return today - timedelta(days=7)


_KEY_CACHE: dict[tuple[str, str, date], tuple[float, frozenset]] = {}
_KEY_CACHE_SECONDS = 600


def cached_team_keys(database: str, team_id: str, today: date, fetch) -> frozenset:
    """The team's 80/20 key set, read once per team and day for ten minutes.

    A weekly run renders one digest per subscription; reading every account's revenue for each of them
    made 1,000 digests cost a full-table read 1,000 times. The key set moves with revenue, which changes
    by import a few times a year, so ten minutes of staleness cannot matter to a weekly brief.
    """
    now = time.monotonic()
    hit = _KEY_CACHE.get((database, team_id, today))
    if hit is not None and now - hit[0] < _KEY_CACHE_SECONDS:
        return hit[1]
    keys = team_key_ids(fetch())
    if len(_KEY_CACHE) > 1000:  # many teams over many days: forget them all rather than grow forever
        _KEY_CACHE.clear()
    _KEY_CACHE[(database, team_id, today)] = (now, keys)
    return keys


def team_key_ids(rows) -> frozenset:
    """The 80/20 key set from (id, name, revenue) rows: kambot.domain.keys.key_accounts' rule, ids only.

    The domain function also builds a row and flags for every account; a digest of one owner needs
    only the team's key ids, and this keeps that cost a sort (tests check both agree).
    """
    entries = sorted(((max(rev or 0, 0), str(name), aid) for aid, name, rev in rows),
                     key=lambda e: (-e[0], e[1].casefold(), str(e[2])))
    total = sum(e[0] for e in entries)
    key, cumulative = [], 0
    for revenue, _, account_id in entries:
        if total <= 0 or cumulative * 5 >= total * 4:
            break
        key.append(account_id)
        cumulative += revenue
    return frozenset(key)
