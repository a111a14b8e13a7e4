"""What an import reports: its counts, and the problems found on each file line."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with one file line (the header is line 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    """What an import did: rows new/updated/unchanged, and the problems found."""

    kind: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    readable: bool = True  # False: no usable header, or broken CSV; nothing can be imported
    strict: bool = False  # an owner that matches no Slack user refuses the whole file
    unmatched: dict[str, int] = field(default_factory=dict)  # owner text -> rows imported with no owner
    ambiguous: dict[str, int] = field(default_factory=dict)  # owner text -> Slack users who share that name
    directory: bool = False  # owners were looked up in Slack (else only Slack ids were kept)
    repeated: int = 0  # touchpoint rows with the same account, day, kind and summary as an earlier row

    @property
    def refused(self) -> bool:
        """--strict met owners that match no Slack user: nothing is written."""
        return self.strict and bool(self.unmatched)

    @property
    def imported(self) -> int:
        """Rows written or confirmed unchanged."""
        return self.new + self.updated + self.unchanged

    @property
    def skipped_lines(self) -> list[int]:
        """Lines with a problem (not imported)."""
        return sorted({p.line for p in self.problems})

    def summary(self) -> str:
        """'imported 1,234 accounts: 1,200 new, 34 updated, 0 unchanged'."""
        return (f"imported {self.imported:,} {self.kind}: {self.new:,} new, {self.updated:,} updated, "
                f"{self.unchanged:,} unchanged")
