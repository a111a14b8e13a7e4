"""What a KPI picture shows: plain numbers and already-translated words, computed by the core."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RoleRow:
    """One row of the 'days since touched' panel: the account itself or a key role."""

    label: str
    days: int | None  # None: never touched
    held: bool = True  # False: nobody in the role


@dataclass(frozen=True)
class AccountKpi:
    """One account's dashboard."""

    title: str
    subtitle: str
    tiles: tuple[str, ...]  # "Health 62 · at risk", "Last touch 19 d · cadence 14"…
    week_labels: tuple[str, ...]
    touches: dict[str, tuple[int, ...]]  # translated kind -> touches per week, oldest first
    health: tuple[int, ...]  # the score at the end of each week, oldest first
    month_labels: tuple[str, ...]
    engaged: tuple[int, ...]  # distinct contacts touched per month, oldest first
    roles: tuple[RoleRow, ...]
    cadence: int
    words: dict[str, str] = field(default_factory=dict)  # panel titles, axis labels


@dataclass(frozen=True)
class PortfolioPoint:
    name: str
    score: int
    band: str
    revenue: float


@dataclass(frozen=True)
class Mover:
    name: str
    change: int  # points this week (negative: fell)


@dataclass(frozen=True)
class Renewal:
    name: str
    days: int
    band: str


@dataclass(frozen=True)
class PortfolioKpi:
    """A portfolio's dashboard."""

    title: str
    subtitle: str
    tiles: tuple[str, ...]
    points: tuple[PortfolioPoint, ...]
    movers: tuple[Mover, ...]
    renewals: tuple[Renewal, ...]
    words: dict[str, str] = field(default_factory=dict)
