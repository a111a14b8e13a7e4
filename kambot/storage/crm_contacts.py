"""Contacts from the CRM, a page at a time: matched by CRM id, else adopted by email or name, else created."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select, text
from sqlalchemy.engine import Connection

from kambot.domain.crm import CrmContact, CrmRole, best_role
from kambot.domain.text import normalize_name
from kambot.storage.bulk import in_values, insert_ids, pairs_in, update_many
from kambot.storage.crm_accounts import SyncCounts, account_ids, merge_changes
from kambot.storage.models import Contact

_SYNCED = ("account_id", "name", "name_norm", "first_norm", "title", "department", "email", "status",
           "relationship_owner", "crm_id", "crm_reports_to")


def _adoptable(conn: Connection, team_id: str, contacts: list[tuple[CrmContact, int]],
               norms: dict[str, str]) -> tuple[dict, dict]:
    """Contacts kambot has that no CRM record claims yet, by email and by (account, name)."""
    table = Contact.__table__
    cols = [table.c.id, *(table.c[f] for f in _SYNCED)]
    free = and_(table.c.team_id == team_id, table.c.crm_id.is_(None))
    emails = {c.email for c, _ in contacts if c.email}
    by_email = {r.email: dict(r._mapping) for r in conn.execute(select(*cols).where(
        free, in_values(conn, table.c.email, emails)))} if emails else {}
    pairs = {(account_id, norms[c.crm_id]) for c, account_id in contacts}
    by_name = {(r.account_id, r.name_norm): dict(r._mapping) for r in conn.execute(select(*cols).where(
        free, pairs_in(conn, table.c.account_id, table.c.name_norm, pairs)))}
    return by_email, by_name


def upsert_contacts(conn: Connection, *, team_id: str, contacts: list[CrmContact], owners: dict[str, str],
                    now: datetime, counts: SyncCounts) -> None:
    """Write one page of CRM contacts; a deleted one is marked as left, and moves follow the CRM."""
    table = Contact.__table__
    accounts = account_ids(conn, team_id=team_id, crm_ids={c.account_crm_id for c in contacts if c.account_crm_id})
    placed = [(c, accounts[c.account_crm_id]) for c in contacts if c.account_crm_id in accounts]
    counts.skipped += len(contacts) - len(placed)  # a contact without a synced account has nowhere to go
    cols = [table.c.id, *(table.c[f] for f in _SYNCED)]
    linked = {r.crm_id: dict(r._mapping) for r in conn.execute(select(*cols).where(
        table.c.team_id == team_id, in_values(conn, table.c.crm_id, [c.crm_id for c, _ in placed])))}
    norms = {c.crm_id: normalize_name(c.name) for c, _ in placed}  # once per contact: a page is 50,000
    by_email, by_name = _adoptable(conn, team_id, [p for p in placed if p[0].crm_id not in linked], norms)
    new, changed = [], {}
    for contact, account_id in placed:
        norm = norms[contact.crm_id]
        row = linked.get(contact.crm_id) or by_email.pop(contact.email, None) or by_name.pop((account_id, norm), None)
        wanted = {"account_id": account_id, "name": contact.name, "name_norm": norm,
                  "first_norm": norm.split()[0] if norm else "", "title": contact.title,
                  "department": contact.department, "email": contact.email, "crm_id": contact.crm_id,
                  "status": "left" if contact.deleted else "active", "crm_reports_to": contact.reports_to_crm_id}
        if contact.owner_crm_id in owners:
            wanted["relationship_owner"] = owners[contact.owner_crm_id]
        if row is None:
            if contact.deleted:
                counts.skipped += 1
                continue
            record = {"team_id": team_id, "role": None, "relationship_owner": None, "reports_to_id": None,
                      "crm_role": False, "touch_weight": 0.0, "touch_count": 0, "created_at": now, **wanted}
            new.append(record)
            linked[contact.crm_id] = record
            counts.new += 1
            continue
        linked[contact.crm_id] = row
        if merge_changes(row, wanted, counts) and "id" in row:
            changed[row["id"]] = row
    _insert_managers_first(conn, team_id, new)
    update_many(conn, table, _SYNCED, changed)


def _insert_managers_first(conn: Connection, team_id: str, new: list[dict]) -> None:
    """Insert new contacts managers before their reports, each with its reports_to_id when its manager has a row
    by then: resolve_managers is left little to change (rewriting a million rows took minutes on SQLite)."""
    table = Contact.__table__
    waiting = {row["crm_id"] for row in new}
    managers = {row["crm_reports_to"] for row in new if row["crm_reports_to"]}
    known = dict(conn.execute(select(table.c.crm_id, table.c.id).where(
        table.c.team_id == team_id, in_values(conn, table.c.crm_id, managers - waiting))).all()) \
        if managers - waiting else {}
    rows = new
    while rows:
        ready = [row for row in rows if row["crm_reports_to"] not in waiting]
        if not ready:  # a reports-to cycle among new contacts: resolve_managers settles it
            ready = rows
        for row in ready:
            row["reports_to_id"] = known.get(row["crm_reports_to"])
        for contact_id, row in zip(insert_ids(conn, table, ready), ready):
            row["id"] = known[row["crm_id"]] = contact_id
            waiting.discard(row["crm_id"])
        rows = [row for row in rows if "id" not in row]


def resolve_managers(conn: Connection, *, team_id: str) -> int:
    """reports_to from the CRM's ReportsToId, once every contact of the sync has a row (managers come later)."""
    # Two set-based statements, the manager joined once through the (team_id, crm_id) index: a correlated
    # subquery in both SET and WHERE looked each manager up twice (5 s for 100,000 contacts on SQLite).
    point = conn.execute(text(
        "UPDATE contact SET reports_to_id = m.id FROM contact AS m WHERE contact.team_id = :team "
        "AND contact.crm_id IS NOT NULL AND m.team_id = :team AND m.crm_id = contact.crm_reports_to "
        "AND (contact.reports_to_id IS NULL OR contact.reports_to_id <> m.id)"), {"team": team_id})
    # A manager gone from the CRM (or never synced) leaves no reports-to behind.
    clear = conn.execute(text(
        "UPDATE contact SET reports_to_id = NULL WHERE team_id = :team AND crm_id IS NOT NULL "
        "AND reports_to_id IS NOT NULL AND (crm_reports_to IS NULL OR NOT EXISTS (SELECT 1 FROM contact m "
        "WHERE m.team_id = contact.team_id AND m.crm_id = contact.crm_reports_to))"), {"team": team_id})
    return (point.rowcount or 0) + (clear.rowcount or 0)


def set_roles(conn: Connection, *, team_id: str, checked: list[str], roles: list[CrmRole]) -> int:
    """Buying roles of the checked contacts from their opportunities; a role set in kambot stays when the CRM has none."""
    held: dict[str, list[str]] = {crm_id: [] for crm_id in checked}
    for role in roles:
        held.setdefault(role.contact_crm_id, []).append(role.role)
    table = Contact.__table__
    rows = conn.execute(select(table.c.id, table.c.crm_id, table.c.role, table.c.crm_role).where(
        table.c.team_id == team_id, in_values(conn, table.c.crm_id, held))).all()
    changed = {}
    for row in rows:
        role = best_role(held[row.crm_id])
        if role is None and not row.crm_role:
            continue  # the CRM says nothing: kambot's own role stands
        if (role, role is not None) != (row.role, row.crm_role):
            changed[row.id] = {"role": role, "crm_role": role is not None}
    update_many(conn, table, ("role", "crm_role"), changed)
    return len(changed)
