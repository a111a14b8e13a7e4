"""A workspace plan written as the canonical CSV files `bot.py import` reads (for the import benchmark)."""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from bench.rows import table_rows
from bench.workspace import Plan
from kambot.importexport.headers import CANONICAL


def write_csv(path: Path, kind: str, rows) -> Path:
    """A canonical CSV file of one kind (the importer's headers) with these rows."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CANONICAL[kind])
        writer.writerows(rows)
    return path


def write_csvs(plan: Plan, directory: Path) -> dict[str, tuple[Path, int]]:
    """accounts.csv, contacts.csv, touchpoints.csv of the plan: {kind: (path, data rows)}."""
    tables = {name: rows for name, _, rows in table_rows(plan, "")}
    accounts = list(tables["account"])
    account_name = {row[0]: row[2] for row in accounts}
    contacts = list(tables["contact"])
    contact_name = {row[0]: row[3] for row in contacts}
    people, ours = defaultdict(list), defaultdict(list)
    for touch_id, contact_id, *_ in tables["touchpointcontact"]:
        people[touch_id].append(contact_name[contact_id])
    for touch_id, user_id, _ in tables["touchpointparticipant"]:
        ours[touch_id].append(user_id)
    touches = list(tables["touchpoint"])
    files = {
        "accounts": [(a[2], a[4], a[5], a[6], "" if a[7] is None else f"{a[7]:.2f}", a[8], a[9]) for a in accounts],
        "contacts": [(account_name[c[2]], c[3], c[6], "", "", c[9] or "", contact_name.get(c[10], ""), c[11] or "",
                      c[12]) for c in contacts],
        "touchpoints": [(account_name[t[2]], t[3], t[4], ";".join(people[t[0]]), ";".join(ours[t[0]]), t[5],
                         t[6] or "", t[7] or "", t[8]) for t in touches],
    }
    return {kind: (write_csv(directory / f"{kind}.csv", kind, rows), len(rows)) for kind, rows in files.items()}
