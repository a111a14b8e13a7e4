"""Import contacts: match by email, else by name at the account; reports_to resolved across the whole file."""
from __future__ import annotations

from sqlalchemy import select

from kambot.storage.bulk import chunks, in_values, insert_ids, pairs_in, update_many
from kambot.importexport.lookups import person_key
from kambot.importexport.result import Problem
from kambot.importexport.writer import Writer
from kambot.storage.models import Contact

_CONTACT_FIELDS = ("account_id", "name", "name_norm", "first_norm", "title", "department", "email", "role",
                   "relationship_owner", "status", "stance", "influence")
_CONTACT_DEFAULTS = {"title": None, "department": None, "email": None, "role": None, "relationship_owner": None,
                     "status": "active", "stance": None, "influence": None, "reports_to_id": None,
                     "manager": None}


# reports_to may name someone further down the file, so contact rows are matched chunk by chunk,
# managers are checked once the whole file is read, and only then is anything written (nothing to
# undo when --skip-invalid drops a row). A person is an "identity": a stored contact id, or ("new", n).
class ContactWriter(Writer):
    """Contacts keyed by email, else by name at the account."""

    tables = (Contact.__table__,)

    def __init__(self, *args):
        super().__init__(*args)
        self.rows: list[tuple[int, dict]] = []
        self.state: dict[object, dict] = {}  # identity -> the contact as stored (or about to be)
        self.first_email: dict[object, str | None] = {}
        self.by_email: dict[str, object] = {}
        self.by_name: dict[tuple[int, str], list] = {}
        self.fresh = 0

    def add(self, items: list[tuple[int, dict]], *, write: bool) -> None:
        """Match the chunk's rows to identities; nothing is written before finish()."""
        items = self.with_accounts(items)
        db_email, db_name = self._stored(items)
        for line, record in items:
            record["ident"] = self._identity(record, db_email, db_name)
            self.rows.append((line, record))

    def _stored(self, items: list[tuple[int, dict]]) -> tuple[dict, dict]:
        """Stored contacts with the rows' emails, or their names at their accounts."""
        table = Contact.__table__
        cols = [table.c.id, table.c.reports_to_id, *(table.c[f] for f in _CONTACT_FIELDS)]
        emails = {r["email"] for _, r in items if r.get("email")} - self.by_email.keys()
        pairs = {(r["account_id"], r["name_norm"]) for _, r in items}
        found = list(self.conn.execute(select(*cols).where(
            table.c.team_id == self.team, in_values(self.conn, table.c.email, emails)))) if emails else []
        found += self.conn.execute(select(*cols).where(
            table.c.team_id == self.team, pairs_in(self.conn, table.c.account_id, table.c.name_norm, pairs)))
        db_email: dict[str, int] = {}
        db_name: dict[tuple[int, str], list[int]] = {}
        for row in sorted(found, key=lambda r: r.id):
            self.state.setdefault(row.id, {**row._mapping, "manager": row.reports_to_id})
            if row.email:
                db_email.setdefault(row.email, row.id)
            same = db_name.setdefault((row.account_id, row.name_norm), [])
            if row.id not in same:
                same.append(row.id)
        return db_email, db_name

    def _email_of(self, ident) -> str | None:
        return self.state[ident]["email"] if isinstance(ident, int) else self.first_email[ident]

    def _identity(self, record: dict, db_email: dict, db_name: dict):
        email, key = record.get("email"), (record["account_id"], record["name_norm"])
        ident = (self.by_email.get(email) or db_email.get(email)) if email else None
        if ident is None:
            # Same name at the same account is the same person, unless both have (different) emails.
            candidates = [*self.by_name.get(key, ()), *db_name.get(key, ())]
            without_email = [i for i in candidates if not self._email_of(i)]
            pool = without_email if email else without_email + candidates
            ident = pool[0] if pool else None
        if ident is None:
            ident, self.fresh = ("new", self.fresh), self.fresh + 1
            self.first_email[ident] = email
        if email:
            self.by_email.setdefault(email, ident)
        if ident not in self.by_name.setdefault(key, []):
            self.by_name[key].append(ident)
        return ident

    def finish(self, *, write: bool, cascade: bool) -> None:
        """Check reports_to against the whole file, then write the contacts and their managers."""
        rows = self.rows
        if any("reports_to" in record for _, record in rows):
            rows = self._managers(rows, cascade)
        if write and (cascade or not self.result.problems):
            for part in chunks(rows):
                self._write(part)
                self.refresh_statistics()
            self._write_managers()

    def _managers(self, rows: list[tuple[int, dict]], cascade: bool) -> list[tuple[int, dict]]:
        """Resolve reports_to to identities; with cascade, drop bad rows until the rest is consistent."""
        accounts = sorted({r["account_id"] for _, r in rows if r.get("reports_to")})
        stored = []
        for part in chunks(accounts):
            stored += self.conn.execute(select(Contact.id, Contact.account_id, Contact.name_norm, Contact.email).where(
                Contact.team_id == self.team, in_values(self.conn, Contact.account_id, part))).all()
        while True:
            people = self._people(stored, rows)
            bad: dict[int, str] = {}
            for line, record in rows:
                if "reports_to" not in record:
                    continue
                text_ = record["reports_to"]
                hits = people.get((record["account_id"], person_key(text_)), ()) if text_ else {None}
                if len(hits) == 1 and record["ident"] not in hits:
                    record["manager"] = next(iter(hits))
                elif len(hits) == 1:
                    bad[line] = "reports_to: a contact cannot report to themselves"
                elif not hits:
                    bad[line] = f"reports_to: '{text_}' is not a contact at {record['account']}"
                else:
                    bad[line] = (f"reports_to: '{text_}' matches {len(hits)} contacts at {record['account']}; "
                                 "write their email instead")
            self.result.problems.extend(Problem(line, message) for line, message in bad.items())
            rows = [(line, record) for line, record in rows if line not in bad]
            if not bad or not cascade:
                return rows

    @staticmethod
    def _people(stored: list, rows: list[tuple[int, dict]]) -> dict[tuple[int, str], set]:
        """(account id, name or email) -> identities, as the contacts will be after the import."""
        people = {cid: (account_id, norm, email) for cid, account_id, norm, email in stored}
        for _, record in rows:  # the file wins: a row matched by email may rename or move a contact
            before = people.get(record["ident"], (None, None, None))
            people[record["ident"]] = (record["account_id"], record["name_norm"], record.get("email", before[2]))
        index: dict[tuple[int, str], set] = {}
        for ident, (account_id, norm, email) in people.items():
            index.setdefault((account_id, norm), set()).add(ident)
            if email:
                index.setdefault((account_id, email), set()).add(ident)
        return index

    def _write(self, rows: list[tuple[int, dict]]) -> None:
        new: dict[object, dict] = {}
        changed: dict[int, dict] = {}
        for _, record in rows:
            values = {k: record[k] for k in (*_CONTACT_FIELDS, "manager") if k in record}
            row = self.state.get(record["ident"])
            diff = {} if row is None else {k: v for k, v in values.items() if row[k] != v}
            self.count(row, diff)
            if row is None:
                self.state[record["ident"]] = new[record["ident"]] = {
                    **_CONTACT_DEFAULTS, **values, "team_id": self.team, "created_at": self.now}
            elif diff:
                row.update(diff)
                if "id" in row:
                    changed[row["id"]] = row
        rows_new = list(new.values())
        for contact_id, row in zip(insert_ids(self.conn, Contact.__table__, rows_new), rows_new):
            row["id"] = contact_id
        update_many(self.conn, Contact.__table__, _CONTACT_FIELDS, changed)

    def _write_managers(self) -> None:
        """reports_to_id once every contact of the file has an id (managers may come later)."""
        changed = {}
        for row in self.state.values():
            manager = row["manager"]
            manager_id = self.state[manager]["id"] if isinstance(manager, tuple) else manager
            if manager_id != row["reports_to_id"]:
                row["reports_to_id"] = manager_id
                changed[row["id"]] = row
        update_many(self.conn, Contact.__table__, ("reports_to_id",), changed)
