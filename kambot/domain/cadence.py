"""Going cold: how often each account should be touched and which ones are overdue."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta

# A product choice (see docs/kam-domain): the more an account matters, the more often we touch it.
TIER_CADENCE_DAYS: dict[str, int] = {"A": 14, "B": 30, "C": 60}
# An account without a known tier gets the loosest cadence: nagging about it more would be noise.
UNTIERED_CADENCE_DAYS = 60
_TIER_RANK = {"A": 0, "B": 1, "C": 2}


@dataclass(frozen=True)
class AccountState:
    """What the going-cold logic needs to know about one account."""

    id: int | str
    name: str
    owner: str | None = None
    tier: str | None = None
    annual_revenue: float | None = None
    renewal_date: date | None = None
    cadence_days: int | None = None  # per-account override of the tier default
    last_touch_on: date | None = None
    snoozed_until: date | None = None
    last_reminded_on: date | None = None


@lru_cache(maxsize=256)  # a handful of distinct values, normalised for every account in a digest
def normalize_tier(tier: str | None) -> str | None:
    """'a ' -> 'A'; blank -> None."""
    cleaned = (tier or "").strip().upper()
    return cleaned or None


def tier_rank(tier: str | None) -> int:
    """Sort position of a tier: A, B, C, then anything else."""
    return _TIER_RANK.get(normalize_tier(tier) or "", len(_TIER_RANK))


def cadence_for(tier: str | None, override: int | None = None) -> int:
    """Days allowed between touches: a positive override wins over the tier default."""
    # A zero or negative override is a data error, not "always stale": fall back to the tier.
    if override is not None and override > 0:
        return override
    return TIER_CADENCE_DAYS.get(normalize_tier(tier) or "", UNTIERED_CADENCE_DAYS)


def account_cadence(state: AccountState) -> int:
    """The cadence that applies to this account."""
    return cadence_for(state.tier, state.cadence_days)


def days_since(last: date | None, today: date) -> int | None:
    """Whole days from `last` to `today` (None when there is no `last`)."""
    if last is None:
        return None
    # A touch dated after `today` (logged from a time zone already on tomorrow) counts as today.
    return max(0, (today - last).days)


def is_stale_since(last: date | None, cadence: int, today: date) -> bool:
    """Stale when more than `cadence` days have passed (exactly `cadence` is still fine)."""
    elapsed = days_since(last, today)
    return elapsed is None or elapsed > cadence


def first_stale_day(last: date | None, cadence: int) -> date | None:
    """The first day on which an account last touched on `last` counts as stale."""
    return None if last is None else last + timedelta(days=cadence + 1)


def is_stale(state: AccountState, today: date) -> bool:
    """True when the account has gone longer than its cadence without a touch, or was never touched."""
    return is_stale_since(state.last_touch_on, account_cadence(state), today)


def overdue_days(state: AccountState, today: date) -> int | None:
    """Days past the cadence (0 or less when not stale); None means never touched, the most overdue."""
    elapsed = days_since(state.last_touch_on, today)
    return None if elapsed is None else elapsed - account_cadence(state)


def overdue_key(state: AccountState, today: date) -> tuple:
    """Sort key putting never-touched first, then the most overdue; name and id break ties."""
    overdue = overdue_days(state, today)
    never = overdue is None
    return (not never, -(overdue or 0), state.name.casefold(), str(state.id))


def stale_accounts(states: Iterable[AccountState], today: date) -> list[AccountState]:
    """The stale accounts, most overdue first (never touched before anything else)."""
    stale = [s for s in states if is_stale(s, today)]
    stale.sort(key=lambda s: overdue_key(s, today))
    return stale
