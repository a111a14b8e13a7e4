"""Import success plans: one row per objective or action, matched by (account, type, number).

A row with a number updates that objective or action of the account's plan (or makes it, under that
number); a row without one is added after the last. Actions name the objective they serve by its number,
which may be a row further down the file, so the whole file is checked first and written in finish().
"""
from __future__ import annotations

from sqlalchemy import select

from kambot.importexport.lookups import ContactIds
from kambot.importexport.writer import Writer
from kambot.storage.bulk import chunks, in_values, insert_ids, update_many
from kambot.storage.plan_models import PlanAction, PlanObjective

_OBJECTIVE = PlanObjective.__table__
_ACTION = PlanAction.__table__
# file field -> column, per type
_OBJECTIVE_FIELDS = {"what": "title", "measure": "measure", "target": "target", "due": "target_date",
                     "owner": "owner", "sponsor_id": "sponsor_id", "status": "status"}
_ACTION_FIELDS = {"what": "title", "owner": "owner_user", "owner_contact_id": "owner_contact_id", "due": "due",
                  "status": "status", "objective_id": "objective_id"}
_DEFAULTS = {
    "objective": {"measure": None, "target": None, "target_date": None, "owner": None, "sponsor_id": None,
                  "status": "on_track", "created_by": None},
    "action": {"owner_user": None, "owner_contact_id": None, "due": None, "status": "open", "objective_id": None,
               "closed_by_touch": None, "closed_at": None, "created_by": None},
}


class PlanWriter(Writer):
    """Objectives and actions of the accounts' plans, checked as a whole file, then upserted."""

    tables = (_OBJECTIVE, _ACTION)

    def __init__(self, *args):
        super().__init__(*args)
        self.items: list[tuple[int, dict]] = []
        self.people = ContactIds(self.conn, self.team)

    def add(self, items: list[tuple[int, dict]], *, write: bool) -> None:
        """Keep the chunk: references between rows are resolved once the whole file is read."""
        self.items.extend(items)

    def finish(self, *, write: bool, cascade: bool) -> None:
        """Resolve accounts, contacts and objective numbers; write when the file (or --skip-invalid) allows."""
        items = self.with_accounts(self.items)
        self.items = []
        accounts = sorted({record["account_id"] for _, record in items})
        self.people.load(accounts)
        stored = {"objective": self._stored(_OBJECTIVE, accounts), "action": self._stored(_ACTION, accounts)}
        items = [(line, record) for line, record in items if self._contacts(line, record)]
        objectives = self._numbered([(line, r) for line, r in items if r["type"] == "objective"], stored)
        known = set(stored["objective"]) | {(r["account_id"], r["number"]) for _, r in objectives}
        actions = []
        for line, record in items:  # checked before numbering, so a rejected row takes no number
            if record["type"] != "action":
                continue
            serves = record.get("objective")
            if serves is not None and (record["account_id"], serves) not in known:
                self.problem(line, f"objective: {record['account']} has no objective {serves}")
                continue
            actions.append((line, record))
        actions = self._numbered(actions, stored)
        if not write or (self.result.problems and not cascade):
            return
        ids = self._write("objective", _OBJECTIVE, _OBJECTIVE_FIELDS, [r for _, r in objectives], stored)
        for _, record in actions:
            serves = record.pop("objective", "absent")
            if serves != "absent":
                record["objective_id"] = None if serves is None else ids[(record["account_id"], serves)]
        self._write("action", _ACTION, _ACTION_FIELDS, [r for _, r in actions], stored)

    def _stored(self, table, accounts: list[int]) -> dict[tuple[int, int], dict]:
        """The accounts' stored objectives or actions by (account id, number)."""
        found: dict[tuple[int, int], dict] = {}
        for part in chunks(accounts):
            for row in self.conn.execute(select(table).where(table.c.team_id == self.team,
                                                             in_values(self.conn, table.c.account_id, part))):
                found[(row.account_id, row.number)] = dict(row._mapping)
        return found

    def _contacts(self, line: int, record: dict) -> bool:
        """The sponsor and the contact owning an action, named as the file names contacts; False on a problem."""
        ok = True
        for field in ("sponsor", "owner_contact"):
            if field not in record:
                continue
            name = record.pop(field)
            if not name:
                record[f"{field}_id"] = None
                continue
            ids, errors = self.people.ids(record["account_id"], record["account"], [name])
            for error in errors:
                self.problem(line, f"{field}: {error}")
                ok = False
            if ids:
                record[f"{field}_id"] = ids[0]
        return ok

    def _numbered(self, items: list[tuple[int, dict]], stored: dict) -> list[tuple[int, dict]]:
        """Each row's number (rows of one type): as written (once per account), else after the last one."""
        top: dict[tuple[str, int], int] = {}
        for kind, rows in stored.items():
            for account_id, number in rows:
                top[(kind, account_id)] = max(top.get((kind, account_id), 0), number)
        for _, record in items:
            if record.get("number"):
                key = (record["type"], record["account_id"])
                top[key] = max(top.get(key, 0), record["number"])
        seen: dict[tuple[str, int, int], int] = {}
        kept = []
        for line, record in items:
            if not record.get("number"):
                key = (record["type"], record["account_id"])
                top[key] = record["number"] = top.get(key, 0) + 1
            key = (record["type"], record["account_id"], record["number"])
            if key in seen:
                self.problem(line, f"number: {record['type']} {record['number']} of {record['account']} "
                                   f"is also on line {seen[key]}")
                continue
            seen[key] = line
            kept.append((line, record))
        return kept

    def _write(self, kind: str, table, fields: dict[str, str], records: list[dict],
               stored: dict) -> dict[tuple[int, int], int]:
        """Insert the new rows and update the changed ones; (account id, number) -> id of every row written."""
        rows = stored[kind]
        new: list[dict] = []
        changed: dict[int, dict] = {}
        columns: set[str] = set()
        for record in records:
            values = {column: record[field] for field, column in fields.items() if field in record}
            if values.get("status") is None:
                values.pop("status", None)  # an empty status cell keeps the status (or the default)
            row = rows.get((record["account_id"], record["number"]))
            diff = {} if row is None else {k: v for k, v in values.items() if row[k] != v}
            self.count(row, diff)
            if kind == "action" and (row is None or "status" in diff):
                status = values.get("status", "open")
                values["closed_at"] = diff["closed_at"] = None if status == "open" else self.now
                if row is not None:
                    diff["closed_by_touch"] = None  # an imported status was set by the file, not by a touch
            if row is None:
                new.append({**_DEFAULTS[kind], **values, "team_id": self.team, "account_id": record["account_id"],
                            "number": record["number"], "created_at": self.now,
                            **({"updated_at": self.now} if kind == "objective" else {})})
            elif diff:
                if kind == "objective":
                    diff["updated_at"] = self.now
                row.update(diff)
                changed[row["id"]] = row
                columns.update(diff)
        for row, row_id in zip(new, insert_ids(self.conn, table, new)):
            row["id"] = row_id
            rows[(row["account_id"], row["number"])] = row
        update_many(self.conn, table, sorted(columns), changed)
        return {key: row["id"] for key, row in rows.items()}
