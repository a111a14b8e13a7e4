"""The weekly digest's records: the accounts, contacts and touches it reads, and the sections it returns."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Inputs: plain records, so the digest never reads the database itself. Not frozen: a digest builds
# thousands of them, and a frozen dataclass's __init__ costs five times as much (1.1 against 0.2 µs).


@dataclass(slots=True)
class DigestAccount:
    """An account in the digest's scope."""

    id: int | str
    name: str
    owner: str | None = None
    tier: str | None = None
    annual_revenue: float | None = None
    renewal_date: date | None = None
    cadence_days: int | None = None
    last_touch_on: date | None = None  # stored value; the later of it and `touches` is used
    engaged: tuple = ()  # contacts touched within THREAD_DAYS as stored; added to those `touches` name


@dataclass(slots=True)
class DigestContact:
    """A stakeholder at one of the accounts."""

    id: int | str
    account_id: int | str
    name: str
    role: str | None = None  # decision_maker, champion, ... (models.ROLES)
    status: str = "active"  # active | left
    last_touch_on: date | None = None  # stored value; the later of it and `touches` is used


@dataclass(slots=True)
class DigestTouch:
    """One touchpoint; `touches` reach back a week before week_start, and THREAD_DAYS unless `engaged` has them."""

    id: int | str
    account_id: int | str
    occurred_on: date
    kind: str = "other"
    contact_ids: tuple = ()
    summary: str = ""
    next_step: str | None = None
    next_step_due: date | None = None
    logged_by: str | None = None


# Outputs: data only; the templates write the text.


@dataclass(frozen=True, slots=True)
class Metric:
    """A headline number this week and last week; change = this_week - last_week."""

    key: str  # one of METRICS
    this_week: int
    last_week: int
    change: int


@dataclass(frozen=True, slots=True)
class TouchLine:
    """One of the week's touchpoints, ready to list."""

    touch_id: int | str
    occurred_on: date
    kind: str
    summary: str
    contact_names: tuple[str, ...]
    logged_by: str | None


@dataclass(frozen=True, slots=True)
class AccountActivity:
    """An account touched this week and its touchpoints, oldest first."""

    account_id: int | str
    name: str
    tier: str | None
    touches: tuple[TouchLine, ...]


@dataclass(frozen=True, slots=True)
class ColdAccount:
    """An account that crossed its cadence during the week and is still untouched."""

    account_id: int | str
    name: str
    tier: str | None
    went_cold_on: date
    last_touch_on: date
    days_since_last_touch: int
    annual_revenue: float | None


@dataclass(frozen=True, slots=True)
class SingleThreadedAccount:
    """A tier-A or key account with at most one stakeholder engaged in THREAD_DAYS."""

    account_id: int | str
    name: str
    tier: str | None
    is_key: bool
    annual_revenue: float | None
    engaged_contacts: int  # 0 or 1
    contact_name: str | None  # the single thread, when there is one


@dataclass(frozen=True, slots=True)
class SilentContact:
    """A champion or decision maker with no touch for SILENT_DAYS or more."""

    contact_id: int | str
    name: str
    role: str
    account_id: int | str
    account_name: str
    last_touch_on: date | None
    days_silent: int | None  # None: never touched


@dataclass(frozen=True, slots=True)
class NextStep:
    """An open next step; days_until < 0 means overdue."""

    account_id: int | str
    account_name: str
    text: str
    due_on: date
    days_until: int
    touch_id: int | str
    logged_by: str | None


@dataclass(frozen=True, slots=True)
class Renewal:
    """A renewal within RENEWAL_DAYS."""

    account_id: int | str
    name: str
    tier: str | None
    renewal_date: date
    days_until: int
    annual_revenue: float | None
    is_stale: bool


@dataclass(frozen=True, slots=True)
class AtRiskAccount:
    """A stale account counted in revenue at risk."""

    account_id: int | str
    name: str
    tier: str | None
    annual_revenue: float | None
    days_since_last_touch: int | None  # None: never touched


@dataclass(frozen=True, slots=True)
class HealthLine:
    """One account's health in the digest, and how many points it lost since the same day last week."""

    account_id: int | str
    name: str
    tier: str | None
    score: int
    band: str  # healthy | watch | at_risk
    last_week: int | None  # the score a week before; None: not known
    fell: int  # points lost since last week (0: held or rose)


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything the weekly digest shows, as data; templates turn it into text."""

    today: date
    week_start: date
    week_end: date  # inclusive
    headline: tuple[Metric, ...]
    activity: tuple[AccountActivity, ...]
    went_cold: tuple[ColdAccount, ...]
    single_threaded: tuple[SingleThreadedAccount, ...]
    silent_contacts: tuple[SilentContact, ...]
    next_steps_overdue: tuple[NextStep, ...]
    next_steps_due_soon: tuple[NextStep, ...]
    renewals: tuple[Renewal, ...]
    at_risk: tuple[AtRiskAccount, ...]  # largest revenue first
    revenue_at_risk: float
    health: tuple[HealthLine, ...] = ()  # every account of the scope, worst first
    health_fell: tuple[HealthLine, ...] = ()  # those that fell by FELL_POINTS or more this week, largest fall first
