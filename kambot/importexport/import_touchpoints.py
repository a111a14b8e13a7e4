"""Import touchpoints: matched by (account, day, kind, summary) and occurrence, with each touch's people."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, select

from kambot.storage.bulk import (
    chunks, driver_params, in_values, insert_ids, insert_many, pairs_in, update_many,
)
from kambot.importexport.lookups import ContactIds
from kambot.importexport.writer import Writer
from kambot.storage.contact_totals import TotalsChange, touch_users
from kambot.storage.models import Touchpoint, TouchpointContact, TouchpointParticipant

_TOUCH_FIELDS = ("next_step", "next_step_due", "logged_by")
_TOUCH_LINKS = ("contact_ids", "participants")
_TOUCH_VALUES = _TOUCH_FIELDS + _TOUCH_LINKS
_WHO_TOOK_PART = frozenset(("contact_ids", "participants", "logged_by"))  # what a touch's totals depend on
_LINK_COLUMNS = ["touchpoint_id", "contact_id", "team_id", "account_id", "occurred_on", "kind"]


class TouchpointWriter(Writer):
    """Touchpoints matched by (account, day, kind, summary), one stored touch per row."""

    tables = (Touchpoint.__table__, TouchpointContact.__table__, TouchpointParticipant.__table__)

    def __init__(self, *args):
        super().__init__(*args)
        self.people = ContactIds(self.conn, self.team)
        self.totals = TotalsChange(self.team)  # applied once in finish(): contact rows stay unlocked until then
        self.taken: set[int] = set()  # stored touches this import already matched or wrote
        self.seen: set[int] = set()  # hashes of the keys written so far, to count repeats (a collision is harmless)

    def add(self, items: list[tuple[int, dict]], *, write: bool) -> None:
        """Resolve the chunk's accounts and contacts; upsert the touches that resolve (when writing)."""
        items = self.with_accounts(items)
        self.people.load(record["account_id"] for _, record in items if record.get("contacts"))
        valid = []
        for line, record in items:
            if "contacts" in record:  # an empty cell: a touch with no customer contact (internal prep...)
                ids, errors = self.people.ids(record["account_id"], record["account"], record["contacts"]) \
                    if record["contacts"] else ([], [])
                if errors:
                    for error in errors:
                        self.problem(line, f"contacts: {error}")
                    continue
                record["contact_ids"] = frozenset(ids)
            if "participants" in record:
                record["participants"] = frozenset(record["participants"])
            valid.append(record)
        if write and valid:
            self._write(valid)

    def _write(self, records: list[dict]) -> None:
        existing = self._existing(records)
        blank = {"team_id": self.team, "next_step": None, "next_step_due": None, "logged_by": None,
                 "contact_ids": (), "participants": (), "source": "import", "created_at": self.now}
        new: list[dict] = []
        changed: dict[int, dict] = {}
        relink: set[int] = set()
        for record, row in self._pair(records, existing):
            values = {k: record[k] for k in _TOUCH_VALUES if k in record}
            diff = {} if row is None else {k: v for k, v in values.items() if row[k] != v}
            self.count(row, diff)
            if row is None:
                new.append({**blank, "account_id": record["account_id"], "occurred_on": record["occurred_on"],
                            "kind": record["kind"], "summary": record["summary"], **values})
            elif diff:
                if diff.keys() & _WHO_TOOK_PART:  # its people change: out of the totals as it was, in as it will be
                    self._count(row, self.totals.remove)
                row.update(diff)
                if diff.keys() & _WHO_TOOK_PART:
                    self._count(row, self.totals.add)
                changed[row["id"]] = row
                if diff.keys() & set(_TOUCH_LINKS):
                    relink.add(row["id"])
        ids = insert_ids(self.conn, Touchpoint.__table__, new)
        self.taken.update(ids)
        self._link(zip(ids, new))
        for row in new:
            self._count(row, self.totals.add)
        update_many(self.conn, Touchpoint.__table__, _TOUCH_FIELDS, changed)
        for part in chunks(sorted(relink)):
            for link in (TouchpointContact, TouchpointParticipant):
                self.conn.execute(delete(link.__table__).where(in_values(self.conn, link.touchpoint_id, part)))
        self._link((i, changed[i]) for i in sorted(relink))

    # Two rows with the same account, day, kind and summary are two touches (an export writes each
    # one), so a row is matched to a stored touch that no earlier row of this import took: the same
    # file imported again pairs its n-th such row with the n-th such touch and duplicates nothing.
    def _pair(self, records: list[dict], existing: dict[tuple, list[dict]]) -> list[tuple[dict, dict | None]]:
        """Each record, in file order, with the stored touch it updates (an identical one first), or None (new)."""
        groups: dict[tuple, list[int]] = {}
        seen, repeated = self.seen, 0
        for i, record in enumerate(records):
            key = (record["account_id"], record["occurred_on"], record["kind"], record["summary"])
            digest = hash(key)
            if digest in seen:
                repeated += 1
            else:
                seen.add(digest)
            groups.setdefault(key, []).append(i)
        self.result.repeated += repeated
        stored: list[dict | None] = [None] * len(records)
        for key, group in groups.items():
            free = [row for row in existing.get(key, ()) if row["id"] not in self.taken]
            if not free:
                continue
            if len(group) > 1 or len(free) > 1:  # identical pairs first, so a repeated import changes nothing
                rest = []
                for i in group:
                    same = next((row for row in free if all(row[k] == records[i][k] for k in _TOUCH_VALUES
                                                            if k in records[i])), None)
                    if same is None:
                        rest.append(i)
                    else:
                        free.remove(same)
                        stored[i] = same
                group = rest
            for i, row in zip(group, free):
                stored[i] = row
        for row in stored:
            if row is not None:
                self.taken.add(row["id"])
        return list(zip(records, stored))

    @staticmethod
    def _count(row: dict, change) -> None:
        """Pass each of a touch's contact links, with our people on it, to TotalsChange.add or .remove."""
        users = touch_users(row["participants"], row["logged_by"])
        for contact_id in row["contact_ids"]:
            change(contact_id, row["occurred_on"], row["kind"], users)

    def finish(self, *, write: bool, cascade: bool) -> None:
        """Count the links this import wrote and removed in their contacts' totals."""
        self.totals.apply(self.conn)

    def _existing(self, records: list[dict]) -> dict[tuple, list[dict]]:
        """Stored touches with the same (account, day) as the records, by key (oldest first), with their people."""
        table = Touchpoint.__table__
        cols = [table.c.id, table.c.account_id, table.c.occurred_on, table.c.kind, table.c.summary,
                *(table.c[f] for f in _TOUCH_FIELDS)]
        pairs = {(r["account_id"], r["occurred_on"]) for r in records}
        found: dict[tuple, list[dict]] = {}
        by_id: dict[int, dict] = {}
        for row in self.conn.execute(select(*cols).where(
            table.c.team_id == self.team, pairs_in(self.conn, table.c.account_id, table.c.occurred_on, pairs),
        ).order_by(table.c.id)):
            by_id[row.id] = {**row._mapping, "contact_ids": set(), "participants": set()}
            found.setdefault((row.account_id, row.occurred_on, row.kind, row.summary), []).append(by_id[row.id])
        for part in chunks(sorted(by_id)):
            for link, column, field in ((TouchpointContact, TouchpointContact.contact_id, "contact_ids"),
                                        (TouchpointParticipant, TouchpointParticipant.user_id, "participants")):
                for touch_id, value in self.conn.execute(
                    select(link.touchpoint_id, column).where(in_values(self.conn, link.touchpoint_id, part))
                ):
                    by_id[touch_id][field].add(value)
        for row in by_id.values():
            row["contact_ids"], row["participants"] = frozenset(row["contact_ids"]), frozenset(row["participants"])
        return found

    def _link(self, touches: Iterable[tuple[int, dict]]) -> None:
        contacts, people, team = [], [], self.team
        for touch_id, row in touches:
            copies = {"team_id": team, "account_id": row["account_id"], "occurred_on": row["occurred_on"],
                      "kind": row["kind"]}  # the touch's, for the link's index
            contacts += [{"touchpoint_id": touch_id, "contact_id": contact_id, **copies}
                         for contact_id in sorted(row["contact_ids"])]
            people += [(touch_id, user_id, team) for user_id in sorted(row["participants"])]
        links = TouchpointContact.__table__
        insert_many(self.conn, links, _LINK_COLUMNS, driver_params(self.conn, links, _LINK_COLUMNS, contacts))
        insert_many(self.conn, TouchpointParticipant.__table__, ["touchpoint_id", "user_id", "team_id"], people)
