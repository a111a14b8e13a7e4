"""The org's rows: one dict per record, replaced (never changed in place) so open query cursors keep a snapshot."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from kambot.testing.fake_salesforce.clock import Clock
from kambot.testing.fake_salesforce.errors import RecordError
from kambot.testing.fake_salesforce.ids import KEY_PREFIX, fast_ids, make_id, object_of, to18
from kambot.testing.fake_salesforce.schema import BOOLEAN_DEFAULTS, NO_DELETE, STANDARD, Field, Schema
from kambot.testing.fake_salesforce.values import BadValue, coerce, parse_datetime

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
        derive(obj, row, values)
        self._put(obj, row["Id"], row)
        return row

    def change(self, obj: str, record_id: str, values: dict, stamp: str | None = None) -> Row:
        """Replace a record with its values updated; returns the new row."""
        old = self.tables[obj][record_id]
        stamp = stamp or self.clock.stamp()
        row = {**old, "LastModifiedDate": stamp, "SystemModstamp": stamp, **values}
        derive(obj, row, values)
        self._put(obj, record_id, row)
        return row

    def mark_deleted(self, obj: str, record_id: str) -> Row:
        """Soft delete: queryAll still sees the row, with IsDeleted true."""
        stamp = self.clock.stamp()
        row = {**self.tables[obj][record_id], "IsDeleted": True, "SystemModstamp": stamp}
        self._put(obj, record_id, row)
        return row

    def restore(self, obj: str, record_id: str, old: Row | None) -> None:
        """Undo one write (allOrNone rollback): put the old row back, or forget a created one."""
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
        shapes: dict[tuple, list[tuple[str, Field]]] = {}  # field checks once per distinct set of keys
        table = self.tables[obj]
        name_of = _namer(obj)
        for record_id, values in zip(ids, rows):
            keys = tuple(values)
            shape = shapes.get(keys)
            if shape is None:
                canonical = self.fields_of(obj, dict.fromkeys(keys), custom_ok=True)
                fields = self.schema.fields(obj)
                shape = shapes[keys] = [(k, fields[c]) for k, c in zip(keys, canonical)]
            row = base.copy()
            for key, field in shape:
                value = values[key]
                if value is not None and field.type in _CHECKED:
                    value = coerce(field.type, value)
                row[field.name] = value
            row["Id"] = record_id
            if name_of:
                name_of(row)
            table[record_id] = row
        for (iobj, field), index in self._indexes.items():
            if iobj == obj:
                for record_id in ids:
                    index.setdefault(table[record_id].get(field), set()).add(record_id)
        return ids


_CHECKED = {"date", "datetime", "reference", "id", "boolean"}  # where a wrong form would break comparisons


def _guess_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "double"
    return "string"


def _full_name(row: Row) -> None:
    first, last = row.get("FirstName"), row.get("LastName")
    if first or last:
        row["Name"] = " ".join(p for p in (first, last) if p)


def _namer(obj: str):
    return _full_name if obj in ("Contact", "User") else None


def derive(obj: str, row: Row, changed: dict) -> None:
    """Fields Salesforce computes: a person's Name, an Event's start, end, duration and date."""
    if obj in ("Contact", "User") and ({"FirstName", "LastName"} & changed.keys()):
        _full_name(row)
    if obj == "Event":
        _event_times(row, changed)


def _event_times(row: Row, changed: dict) -> None:
    if "ActivityDateTime" in changed and "StartDateTime" not in changed:
        row["StartDateTime"] = row["ActivityDateTime"]
    row["ActivityDateTime"] = row.get("StartDateTime")
    start = row.get("StartDateTime")
    if start is None:
        return
    begin = datetime.strptime(start[:19], "%Y-%m-%dT%H:%M:%S")
    if "EndDateTime" in changed and row.get("EndDateTime"):
        end = datetime.strptime(row["EndDateTime"][:19], "%Y-%m-%dT%H:%M:%S")
        row["DurationInMinutes"] = int((end - begin).total_seconds() // 60)
    elif row.get("DurationInMinutes") is not None:
        row["EndDateTime"] = parse_datetime((begin + timedelta(minutes=row["DurationInMinutes"])).isoformat() + "Z")
    row["ActivityDate"] = start[:10]
