"""The tree a SOQL query parses into."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Literal:
    """A value in a condition: kind is string, number, boolean, null, date or datetime."""

    kind: str
    value: object


@dataclass(frozen=True)
class Compare:
    """path op literal, op one of = != < <= > >= LIKE."""

    path: tuple[str, ...]
    op: str
    value: Literal


@dataclass(frozen=True)
class In:
    """path [NOT] IN (literals)."""

    path: tuple[str, ...]
    values: tuple[Literal, ...]
    negated: bool = False


@dataclass(frozen=True)
class Logic:
    """AND / OR of conditions, or NOT of one."""

    op: str
    parts: tuple


@dataclass(frozen=True)
class Order:
    """One ORDER BY item; nulls_first defaults as SOQL does (first ascending, last descending)."""

    path: tuple[str, ...]
    descending: bool
    nulls_first: bool


@dataclass
class Query:
    """A parsed SELECT; fields is empty when it is SELECT COUNT()."""

    obj: str
    fields: list[tuple[str, ...]] = field(default_factory=list)
    count: bool = False
    where: object = None
    order: list[Order] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0
