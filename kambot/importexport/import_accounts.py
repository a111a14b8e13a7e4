"""Import accounts: upsert by normalised name, and rewrite lookup names when aliases change."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, select, update

from kambot.storage.bulk import chunks, in_values, insert_ids, insert_many, update_many
from kambot.importexport.lookups import norm_name
from kambot.importexport.writer import Writer
from kambot.storage.accounts import split_aliases
from kambot.storage.models import Account, AccountName, Team

_ACCOUNT_FIELDS = ("name", "aliases", "owner", "tier", "annual_revenue", "renewal_date", "industry")
_ACCOUNT_DEFAULTS = {"aliases": "", "owner": None, "tier": "B", "annual_revenue": None, "renewal_date": None,
                     "industry": None, "cadence_days": None}


class AccountWriter(Writer):
    """Accounts keyed by normalised name; lookup names are rewritten only when aliases change."""

    tables = (Account.__table__, AccountName.__table__)

    def __init__(self, *args):
        super().__init__(*args)
        self.renamed = False

    def add(self, items: list[tuple[int, dict]], *, write: bool) -> None:
        """Upsert the chunk's accounts (when writing)."""
        if not write:
            return  # an account row refers to nothing: it was fully checked on its own
        table = Account.__table__
        cols = [table.c.id, table.c.name_norm, *(table.c[f] for f in _ACCOUNT_FIELDS)]
        current = {row.name_norm: dict(row._mapping) for row in self.conn.execute(select(*cols).where(
            table.c.team_id == self.team, in_values(self.conn, table.c.name_norm, (r["name_norm"] for _, r in items))))}
        new: dict[str, dict] = {}
        changed: dict[int, dict] = {}
        realias: set[int] = set()
        for _, record in items:
            row = new.get(record["name_norm"]) or current.get(record["name_norm"])
            diff = {} if row is None else {k: v for k, v in record.items() if k in _ACCOUNT_FIELDS and row[k] != v}
            self.count(row, diff)
            if row is None:
                new[record["name_norm"]] = {**_ACCOUNT_DEFAULTS, **record, "team_id": self.team, "created_at": self.now}
            elif diff:
                row.update(diff)
                if "id" in row:
                    changed[row["id"]] = row
                    if "aliases" in diff:
                        realias.add(row["id"])
        rows = list(new.values())
        self._names(zip(insert_ids(self.conn, table, rows), rows))
        update_many(self.conn, table, _ACCOUNT_FIELDS, changed)
        for part in chunks(sorted(realias)):
            self.conn.execute(delete(AccountName.__table__).where(in_values(self.conn, AccountName.account_id, part)))
        self._names((i, changed[i]) for i in sorted(realias))

    def _names(self, accounts: Iterable[tuple[int, dict]]) -> None:
        """Lookup names of accounts: the name and each alias, normalised (as storage.accounts writes them)."""
        names = [
            (self.team, account_id, norm)
            for account_id, row in accounts
            for norm in sorted({row["name_norm"], *(norm_name(a) for a in split_aliases(row["aliases"]))} - {""})
        ]
        if names:
            insert_many(self.conn, AccountName.__table__, ["team_id", "account_id", "name_norm"], names)
            self.renamed = True

    def finish(self, *, write: bool, cascade: bool) -> None:
        """Bump the team's accounts_version when lookup names changed."""
        if write and self.renamed:  # once per import, so name caches reload once
            team = Team.__table__
            self.conn.execute(update(team).where(team.c.team_id == self.team)
                              .values(accounts_version=team.c.accounts_version + 1))
