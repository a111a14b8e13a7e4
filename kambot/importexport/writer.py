"""What every kind's writer shares: the connection, the team, the clock, the counts and fresh statistics."""
from __future__ import annotations

from abc import ABC, abstractmethod

from sqlalchemy.engine import Connection

from kambot.storage.bulk import analyze, stale_tables
from kambot.importexport.lookups import AccountIds
from kambot.importexport.result import ImportResult, Problem
from kambot.storage.models import utcnow

_IMPORT_TABLES = ("account", "accountname", "contact", "touchpoint", "touchpointcontact", "touchpointparticipant")


class Writer(ABC):
    """Shared state of one import: the connection, the team, the clock, the result."""

    tables: tuple = ()  # what this writer inserts into

    def __init__(self, conn: Connection, team: str, result: ImportResult):
        self.conn, self.team, self.result, self.now = conn, team, result, utcnow()
        self.accounts = AccountIds(conn, team)
        self.analyzed_at = 2500  # rows: below this, reading a team's rows costs less than an ANALYZE
        self.refresh_statistics(start=True)

    def problem(self, line: int, message: str) -> None:
        """Record a problem on a file line."""
        self.result.problems.append(Problem(line, message))

    def count(self, row: dict | None, diff: dict) -> None:
        """Count a row as new (no stored row), updated (a diff) or unchanged."""
        if row is None:
            self.result.new += 1
        elif diff:
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def with_accounts(self, items: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
        """Rows whose account exists (by name or alias), with account_id set; the others are problems."""
        self.accounts.lookup(record["account"] for _, record in items)
        found = []
        for line, record in items:
            account_id, error = self.accounts.get(record["account"])
            if error:
                self.problem(line, error)
            else:
                record["account_id"] = account_id
                found.append((line, record))
        return found

    @abstractmethod
    def add(self, items: list[tuple[int, dict]], *, write: bool) -> None:
        """Take a chunk of checked (line, record) rows; write them now if `write` and the kind allows."""

    def finish(self, *, write: bool, cascade: bool) -> None:
        """Work that needs the whole file (references to rows further down)."""

    # The planner's statistics do not count rows this transaction adds (nor, until autovacuum
    # catches up, rows just committed), and with a table it believes tiny PostgreSQL reads all the
    # team's rows for every lookup. ANALYZE counts our own uncommitted rows too (on a table we do
    # not own it only warns). Tables are analyzed when stale at the start, then each time this
    # import has doubled them: a handful of ANALYZEs keep estimates within 2x.
    def refresh_statistics(self, *, start: bool = False) -> None:
        """On PostgreSQL, ANALYZE stale tables (at the start) and tables this import has doubled."""
        if self.conn.dialect.name != "postgresql":
            return
        if start:
            analyze(self.conn, stale_tables(self.conn, _IMPORT_TABLES))
        elif self.result.new >= self.analyzed_at * 2:
            self.analyzed_at = self.result.new
            analyze(self.conn, (table.name for table in self.tables))
