"""Accounts from the CRM, a page at a time: matched by CRM id, else adopted by name, else created."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from kambot.domain.crm import CrmAccount, CrmRenewal
from kambot.domain.text import normalize_name
from kambot.storage.accounts import split_aliases
from kambot.storage.bulk import in_values, insert_ids, insert_many, update_many
from kambot.storage.models import Account, AccountName, Team

_SYNCED = ("name", "name_norm", "owner", "tier", "annual_revenue", "industry", "crm_id")


@dataclass
class SyncCounts:
    """What a sync did to one kind of record."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """For the stored status."""
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped}


def merge_changes(row: dict, wanted: dict, counts: SyncCounts) -> dict:
    """Apply to a stored row what differs from the CRM's record, counting it as updated or unchanged; the diff."""
    diff = {k: v for k, v in wanted.items() if row.get(k) != v}
    if diff:
        counts.updated += 1
        row.update(diff)
    else:
        counts.unchanged += 1
    return diff


def _free_norm(norm: str, crm_id: str, taken: bool) -> str:
    """Salesforce allows two accounts with one name, kambot's lookups do not: the second gets its id's tail."""
    return norm if not taken else f"{norm} {crm_id[-5:].lower()}"


def upsert_accounts(conn: Connection, *, team_id: str, accounts: list[CrmAccount], owners: dict[str, str],
                    now: datetime, counts: SyncCounts) -> None:
    """Write one page of CRM accounts; kambot-only fields (cadence, aliases, snoozes) are never touched."""
    table = Account.__table__
    live = [a for a in accounts if not a.deleted]  # a deleted Salesforce account keeps its history here
    counts.skipped += len(accounts) - len(live)
    cols = [table.c.id, table.c.aliases, *(table.c[f] for f in _SYNCED)]
    linked = {r.crm_id: dict(r._mapping) for r in conn.execute(select(*cols).where(
        table.c.team_id == team_id, in_values(conn, table.c.crm_id, [a.crm_id for a in live])))}
    norms = {normalize_name(a.name) for a in live}
    by_norm = {r.name_norm: dict(r._mapping) for r in conn.execute(select(*cols).where(
        table.c.team_id == team_id, in_values(conn, table.c.name_norm, norms)))}
    new, changed, renamed = [], {}, set()
    for account in live:
        norm = normalize_name(account.name)
        row = linked.get(account.crm_id)
        if row is None and norm in by_norm and by_norm[norm]["crm_id"] is None:
            row = by_norm[norm]  # imported from CSV before the org was connected: adopt it, don't duplicate
            linked[account.crm_id] = row
        wanted = {"crm_id": account.crm_id, "annual_revenue": account.annual_revenue, "industry": account.industry}
        if account.owner_crm_id in owners:
            wanted["owner"] = owners[account.owner_crm_id]
        if account.tier:
            wanted["tier"] = account.tier
        if row is None or row["name"] != account.name:
            taken = norm in by_norm and not (row and row["name_norm"] == norm)  # another account has it
            wanted |= {"name": account.name, "name_norm": _free_norm(norm, account.crm_id, taken)}
        if row is None:
            record = {"team_id": team_id, "aliases": "", "owner": None, "tier": "B", "cadence_days": None,
                      "renewal_date": None, "created_at": now, **wanted}
            new.append(record)
            by_norm[record["name_norm"]] = linked[account.crm_id] = record
            counts.new += 1
            continue
        diff = merge_changes(row, wanted, counts)
        if diff and "id" in row:
            changed[row["id"]] = row
            if "name" in diff:
                renamed.add(row["id"])
                by_norm[row["name_norm"]] = row
    for account_id, row in zip(insert_ids(conn, table, new), new):
        row["id"] = account_id
    update_many(conn, table, _SYNCED, changed)
    _write_names(conn, team_id, [*new, *(changed[i] for i in sorted(renamed))], replace=renamed)


def _write_names(conn: Connection, team_id: str, rows: list[dict], *, replace: set[int]) -> None:
    """The lookup names of new and renamed accounts (name and aliases), and a new accounts_version."""
    if not rows:
        return
    if replace:
        conn.execute(delete(AccountName.__table__).where(in_values(conn, AccountName.account_id, replace)))
    names = sorted({(team_id, r["id"], n) for r in rows
                    for n in {r["name_norm"], *(normalize_name(a) for a in split_aliases(r["aliases"]))} if n})
    insert_many(conn, AccountName.__table__, ["team_id", "account_id", "name_norm"], names)
    team = Team.__table__
    if conn.execute(select(team.c.team_id).where(team.c.team_id == team_id)).first() is None:
        conn.execute(team.insert().values(team_id=team_id, name="", accounts_version=0))
    conn.execute(update(team).where(team.c.team_id == team_id).values(accounts_version=team.c.accounts_version + 1))


def account_ids(conn: Connection, *, team_id: str, crm_ids: set[str]) -> dict[str, int]:
    """kambot account ids of CRM accounts."""
    table = Account.__table__
    return dict(conn.execute(select(table.c.crm_id, table.c.id).where(
        table.c.team_id == team_id, in_values(conn, table.c.crm_id, crm_ids))).all()) if crm_ids else {}


def set_renewals(conn: Connection, *, team_id: str, renewals: list[CrmRenewal], checked: list[str]) -> int:
    """Renewal days of the checked accounts: the CRM's next one, or none when it has none."""
    days: dict[str, date | None] = {crm_id: None for crm_id in checked}
    days.update((r.account_crm_id, r.day) for r in renewals)
    table = Account.__table__
    current = {r.crm_id: (r.id, r.renewal_date) for r in conn.execute(select(table.c.crm_id, table.c.id,
               table.c.renewal_date).where(table.c.team_id == team_id, in_values(conn, table.c.crm_id, days)))}
    changed = {current[c][0]: {"renewal_date": d} for c, d in days.items() if c in current and current[c][1] != d}
    update_many(conn, table, ("renewal_date",), changed)
    return len(changed)
