"""The org's rows: one dict per record, replaced (never changed in place) so open query cursors keep a snapshot."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable

from kambot.testing.fake_salesforce import derived
from kambot.testing.fake_salesforce.clock import Clock
from kambot.testing.fake_salesforce.errors import RecordError
from kambot.testing.fake_salesforce.ids import KEY_PREFIX, fast_ids, make_id, object_of, to18
from kambot.testing.fake_salesforce.schema import BOOLEAN_DEFAULTS, NO_DELETE, STANDARD, Schema
from kambot.testing.fake_salesforce.values import BadValue, coerce

Row = dict
DEFAULTS = {"Task": {"Status": "Not Started", "Priority": "Normal", "TaskSubtype": "Task"},
            "Contract": {"Status": "Draft"}}


class Store:
    """Tables by object, an id counter per key prefix, and one lock for all of it."""

    def __init__(self, schema: Schema, clock: Clock) -> None:
        self.schema, self.clock = schema, clock
        self.tables: dict[str, dict[str, Row]] = {obj: {} for obj in STANDARD}
        self.lock = threading.RLock()
        self._counters = {obj: 0 for obj in STANDARD}
        self._journal: list[tuple[str, str, Row | None]] | None = None  # writes since begin(), for rollback
        self._indexes: dict[tuple[str, str], dict[object, set[str]]] = {}
        self._booleans = {obj: [f.name for f in schema.fields(obj).values() if f.type == "boolean"
                                and f.writable] for obj in STANDARD}

    def new_id(self, obj: str) -> str:
        """A fresh 18-character id with the object's key prefix."""
        with self.lock:
            self._counters[obj] += 1
            return make_id(KEY_PREFIX[obj], self._counters[obj])

    def get(self, record_id: str | None) -> Row | None:
        """Any record by id (15 or 18 characters), deleted or not."""
        normal = to18(record_id) if record_id else None
        obj = object_of(normal) if normal else None
        return self.tables[obj].get(normal) if obj in self.tables else None

    def index(self, obj: str, field: str) -> dict[object, set[str]]:
        """Ids of obj by the value of field (deleted rows included), kept current from the first ask on."""
        key = (obj, field)
        if key not in self._indexes:
            found: dict[object, set[str]] = {}
            for record_id, row in self.tables[obj].items():
                found.setdefault(row.get(field), set()).add(record_id)
            self._indexes[key] = found
        return self._indexes[key]

    def _put(self, obj: str, record_id: str, row: Row | None) -> None:
        """Every write ends here, so the indexes stay true."""
        table = self.tables[obj]
        old = table.get(record_id)
        if self._journal is not None:
            self._journal.append((obj, record_id, old))
        for (iobj, field), index in self._indexes.items():
            if iobj != obj:
                continue
            if old is not None:
                index.get(old.get(field), set()).discard(record_id)
            if row is not None:
                index.setdefault(row.get(field), set()).add(record_id)
        if row is None:
            table.pop(record_id, None)
        else:
            table[record_id] = row

    def fields_of(self, obj: str, values: dict, *, custom_ok: bool) -> dict[str, object]:
        """values with canonical field names and stored value types; RecordError for an unknown field."""
        out = {}
        for name, value in values.items():
            if name == "attributes":
                continue
            field = self.schema.field(obj, name)
            if field is None and custom_ok and name.endswith("__c"):
                field = self.schema.add_custom(obj, name, _guess_type(value))
            if field is None:
                raise RecordError("INVALID_FIELD", f"No such column '{name}' on sobject of type {obj}", [name])
            try:
                out[field.name] = coerce(field.type, value)
            except BadValue as exc:
                raise RecordError(exc.code, str(exc), [field.name]) from None
        return out

    def create(self, obj: str, values: dict, stamp: str | None = None) -> Row:
        """Store a new record from canonical values; returns the stored row."""
        stamp = stamp or self.clock.stamp()
        row = {name: False for name in self._booleans[obj]}
        for name, default in BOOLEAN_DEFAULTS.items():
            if name in row:
                row[name] = default
        row.update(DEFAULTS.get(obj, {}))
        row.update(CreatedDate=stamp, LastModifiedDate=stamp, SystemModstamp=stamp)
        row.update(values)  # a test seeding history may set the stamps itself; the API never can
        row["Id"] = self.new_id(obj)
        if obj not in NO_DELETE:
            row["IsDeleted"] = False
        derived.derive(obj, row, values)
        if obj == "TaskRelation" and row.get("TaskId") and row.get("RelationId"):
            row.update(derived.relation_values(self, row["TaskId"], row["RelationId"]))
        self._put(obj, row["Id"], row)
        if obj == "Task":
            derived.relate_task(self, row, None)
        return row

    def change(self, obj: str, record_id: str, values: dict, stamp: str | None = None) -> Row:
        """Replace a record with its values updated; returns the new row."""
        old = self.tables[obj][record_id]
        stamp = stamp or self.clock.stamp()
        row = {**old, "LastModifiedDate": stamp, "SystemModstamp": stamp, **values}
        derived.derive(obj, row, values)
        self._put(obj, record_id, row)
        if obj == "Task":
            derived.relate_task(self, row, old)
        return row

    def mark_deleted(self, obj: str, record_id: str) -> Row:
        """Soft delete: queryAll still sees the row, with IsDeleted true."""
        stamp = self.clock.stamp()
        row = {**self.tables[obj][record_id], "IsDeleted": True, "SystemModstamp": stamp}
        self._put(obj, record_id, row)
        if obj == "Task":  # a task's relations go with it
            derived.relate_task(self, row, self.tables[obj][record_id])
        return row

    def begin(self) -> None:
        """Start remembering writes, so rollback() can undo them (an allOrNone collection)."""
        self._journal = []

    def commit(self) -> None:
        """Keep the writes since begin()."""
        self._journal = None

    def rollback(self) -> None:
        """Undo every write since begin(), derived rows (task relations) included."""
        entries, self._journal = self._journal or [], None
        for obj, record_id, old in reversed(entries):
            self._put(obj, record_id, old)

    def create_many(self, obj: str, rows: Iterable[dict]) -> list[str]:
        """The benchmark path: many records sharing one stamp, as a data load would leave them."""
        rows = list(rows)
        stamp = self.clock.stamp()
        with self.lock:
            start = self._counters[obj] + 1
            self._counters[obj] += len(rows)
        ids = fast_ids(KEY_PREFIX[obj], start, len(rows))
        base = {name: False for name in self._booleans[obj]}
        base.update({k: v for k, v in BOOLEAN_DEFAULTS.items() if k in base})
        base.update(DEFAULTS.get(obj, {}))
        base.update(CreatedDate=stamp, LastModifiedDate=stamp, SystemModstamp=stamp)
        if obj not in NO_DELETE:
            base["IsDeleted"] = False
        shapes: dict[tuple, tuple[bool, list, list]] = {}  # field checks once per distinct set of keys
        table = self.tables[obj]
        named = obj in ("Contact", "User")
        gc_was_on = gc.isenabled()
        gc.disable()  # a million new dicts would run the cycle collector hundreds of times for nothing
        try:
            for record_id, values in zip(ids, rows):
                keys = tuple(values)
                shape = shapes.get(keys)
                if shape is None:
                    canonical = list(self.fields_of(obj, dict.fromkeys(keys), custom_ok=True))
                    fields = self.schema.fields(obj)
                    checked = [(c, fields[c].type) for c in canonical if fields[c].type in _CHECKED]
                    shape = shapes[keys] = (list(keys) == canonical, list(zip(keys, canonical)), checked)
                same_names, renames, checked = shape
                row = {**base, **values} if same_names else {**base, **{c: values[k] for k, c in renames}}
                for name, type_ in checked:
                    value = row[name]
                    # An 18-character id is taken as it is: checking each of a million costs seconds.
                    if value is not None and not (type_ in _IDS and isinstance(value, str) and len(value) == 18):
                        row[name] = coerce(type_, value)
                row["Id"] = record_id
                if named and "Name" not in values:
                    first, last = row.get("FirstName"), row.get("LastName")
                    row["Name"] = f"{first} {last}" if first and last else (first or last)
                table[record_id] = row
        finally:
            if gc_was_on:
                gc.enable()
        for (iobj, field), index in self._indexes.items():
            if iobj == obj:
                for record_id in ids:
                    index.setdefault(table[record_id].get(field), set()).add(record_id)
        if obj == "Task":
            for record_id in ids:
                derived.relate_task(self, table[record_id], None)
        return ids


_CHECKED = {"date", "datetime", "reference", "id", "boolean"}  # where a wrong form would break comparisons
_IDS = {"reference", "id"}


def _guess_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "double"
    return "string"
