"""Field paths of a query (Name, Account.Name): checked against the schema, read from rows, nested in answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kambot.testing.fake_salesforce.ids import object_of
from kambot.testing.fake_salesforce.schema import Field, Schema
from kambot.testing.fake_salesforce.soql_lexer import SoqlError

Row = dict
Lookup = Callable[[str], "Row | None"]  # any id to its record, whatever its object


@dataclass
class Column:
    """One selected field: its canonical path and how to read it from a row."""

    path: tuple[str, ...]
    objects: tuple[str, ...]  # the object at each step of the path (one more than the relationships)
    read: Callable[[Row], object]

    @property
    def header(self) -> str:
        """The Bulk API CSV header: Account.Name."""
        return ".".join(self.path)


def _attributes(obj: str, row: Row, version: str) -> dict:
    return {"type": obj, "url": f"/services/data/v{version}/sobjects/{obj}/{row.get('Id')}"}


def place(out: dict, col: Column, row: Row, version: str, lookup: Lookup) -> None:
    """Put one column's value in the nested answer, creating parent records on the way (or null)."""
    target, current = out, row
    for depth, name in enumerate(col.path[:-1]):
        ref = current.get(name + "Id") if current is not None else None
        parent = lookup(ref) if ref else None
        if parent is None:
            target.setdefault(name, None)
            return
        if target.get(name) is None:
            target[name] = {"attributes": _attributes(object_of(ref) or col.objects[depth + 1], parent, version)}
        target, current = target[name], parent
    target[col.path[-1]] = current.get(col.path[-1])


def resolve(schema: Schema, obj: str, path: tuple[str, ...], lookup: Lookup) -> tuple[Column, Field]:
    """The column for a field path, checked as Salesforce checks it (INVALID_FIELD when it does not exist)."""
    names, objects, refs = [], [obj], []
    current = [obj]
    for step in path[:-1]:
        ref = next((f for o in current if (f := schema.relationship(o, step))), None)
        if ref is None:
            raise SoqlError("INVALID_FIELD", f"Didn't understand relationship '{step}' in field path. If you are "
                            "attempting to use a custom relationship, be sure to append the '__r' after the custom "
                            "relationship name. Please reference your WSDL or the describe call for the "
                            "appropriate names.")
        names.append(ref.relationship)
        refs.append(ref.name)
        current = [o for o in ref.references if schema.object_name(o)] or list(ref.references)
        objects.append(current[0])
    last = next((f for o in current if schema.object_name(o) and (f := schema.field(o, path[-1]))), None)
    if last is None:
        raise SoqlError("INVALID_FIELD", f"No such column '{path[-1]}' on entity '{current[0]}'. If you are "
                        "attempting to use a custom field, be sure to append the '__c' after the custom field name. "
                        "Please reference your WSDL or the describe call for the appropriate names.")
    names.append(last.name)
    read = _reader(tuple(refs), last.name, lookup)
    return Column(tuple(names), tuple(objects), read), last


def _reader(refs: tuple[str, ...], name: str, lookup: Lookup) -> Callable[[Row], object]:
    if not refs:
        return lambda row: row.get(name)

    def read(row: Row) -> object:
        for ref in refs:
            target = row.get(ref)
            row = lookup(target) if target else None
            if row is None:
                return None
        return row.get(name)

    return read
