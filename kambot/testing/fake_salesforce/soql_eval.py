"""A parsed query checked against the schema and turned into functions: which rows match, in what order, as what."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kambot.testing.fake_salesforce.ids import object_of, to18
from kambot.testing.fake_salesforce.schema import Field, Schema
from kambot.testing.fake_salesforce.soql_lexer import SoqlError
from kambot.testing.fake_salesforce.soql_parser import Compare, In, Literal, Logic, Query, parse
from kambot.testing.fake_salesforce.values import NUMBER_TYPES, TEXT_TYPES, parse_datetime

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


@dataclass
class Plan:
    """What a query asks for, ready to run against rows."""

    obj: str
    count: bool
    columns: list[Column]
    where: Callable[[Row], bool]
    query: Query
    lookup: Lookup
    sort_keys: list[tuple[Callable[[Row], object], bool, bool]]

    def run(self, rows: Iterable[Row], include_deleted: bool) -> list[Row]:
        """The matching rows in query order, after OFFSET and LIMIT."""
        where = self.where
        if include_deleted:
            found = [r for r in rows if where(r)]
        else:
            found = [r for r in rows if not r.get("IsDeleted") and where(r)]
        for key, descending, nulls_first in reversed(self.sort_keys):
            nulls = [r for r in found if key(r) is None]
            rest = sorted((r for r in found if key(r) is not None), key=key, reverse=descending)
            found = nulls + rest if nulls_first else rest + nulls
        end = None if self.query.limit is None else self.query.offset + self.query.limit
        return found[self.query.offset:end]

    def project(self, row: Row, version: str) -> dict:
        """A row as the REST API answers it: attributes first, parents as nested records."""
        out = {"attributes": _attributes(self.obj, row, version)}
        for col in self.columns:
            _place(out, col, row, version, self.lookup)
        return out


def _attributes(obj: str, row: Row, version: str) -> dict:
    return {"type": obj, "url": f"/services/data/v{version}/sobjects/{obj}/{row.get('Id')}"}


def _place(out: dict, col: Column, row: Row, version: str, lookup: Lookup) -> None:
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


def _resolve(schema: Schema, obj: str, path: tuple[str, ...], lookup: Lookup) -> tuple[Column, Field]:
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


def _type_error(field: Field, literal: Literal) -> SoqlError:
    kind = {"date": "date", "datetime": "dateTime", "boolean": "boolean"}.get(field.type)
    if field.type in NUMBER_TYPES:
        kind = "double"
    quoted = "should not be enclosed in quotes" if kind else "should be enclosed in quotes"
    return SoqlError("INVALID_FIELD", f"value of filter criterion for field '{field.name}' must be of type "
                     f"{kind or 'string'} and {quoted}")


def _operand(field: Field, literal: Literal) -> object:
    """The literal as the stored values of field look, or SoqlError when its type does not fit."""
    if literal.kind == "null":
        return None
    expected = ("date" if field.type == "date" else "datetime" if field.type == "datetime"
                else "boolean" if field.type == "boolean" else "number" if field.type in NUMBER_TYPES
                else "string")
    if literal.kind != expected:
        raise _type_error(field, literal)
    if literal.kind == "datetime":
        return parse_datetime(literal.value)
    if field.type in ("id", "reference"):
        normal = to18(literal.value)
        if normal is None:
            raise SoqlError("INVALID_QUERY_FILTER_OPERATOR", f"invalid ID field: {literal.value}")
        return normal
    if field.type in TEXT_TYPES:
        return str(literal.value).casefold()
    return literal.value


def _like(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "%_":
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


_OPS = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def _condition(schema: Schema, obj: str, node: object, lookup: Lookup) -> Callable[[Row], bool]:
    if isinstance(node, Logic):
        parts = [_condition(schema, obj, p, lookup) for p in node.parts]
        if node.op == "NOT":
            only = parts[0]
            return lambda row: not only(row)
        if node.op == "AND":
            return lambda row: all(p(row) for p in parts)
        return lambda row: any(p(row) for p in parts)
    column, field = _resolve(schema, obj, node.path, lookup)
    read = column.read
    text = field.type in TEXT_TYPES
    if isinstance(node, In):
        if any(v.kind == "null" for v in node.values):
            raise SoqlError("MALFORMED_QUERY", "null is not allowed in an IN list")
        wanted = frozenset(_operand(field, v) for v in node.values)
        if text:
            def value(row: Row) -> object:
                v = read(row)
                return v.casefold() if v is not None else None
        else:
            value = read
        if node.negated:
            return lambda row: value(row) not in wanted
        return lambda row: value(row) in wanted
    if node.op == "LIKE":
        if not text or node.value.kind != "string":
            raise SoqlError("INVALID_FIELD", f"invalid operator on {field.type} field: LIKE ({field.name})")
        regex = _like(node.value.value)
        return lambda row: (v := read(row)) is not None and regex.fullmatch(v) is not None
    operand = _operand(field, node.value)
    if operand is None:
        if node.op not in ("=", "!="):
            raise SoqlError("MALFORMED_QUERY", f"invalid operator with null: {node.op}")
        return (lambda row: read(row) is None) if node.op == "=" else (lambda row: read(row) is not None)
    if field.type == "boolean" and node.op not in ("=", "!="):
        raise SoqlError("INVALID_FIELD", f"invalid operator on boolean field: {node.op} ({field.name})")
    compare = _OPS[node.op]
    if node.op == "!=":  # SOQL counts a null as different from any value
        if text:
            return lambda row: (v := read(row)) is None or v.casefold() != operand
        return lambda row: read(row) != operand
    if text:
        return lambda row: (v := read(row)) is not None and compare(v.casefold(), operand)
    return lambda row: (v := read(row)) is not None and compare(v, operand)


def _sort_key(column: Column, field: Field) -> Callable[[Row], object]:
    read = column.read
    if field.type in TEXT_TYPES:
        return lambda row: v.casefold() if (v := read(row)) is not None else None
    return read


def plan(schema: Schema, text: str, lookup: Lookup) -> Plan:
    """Parse and check a query; SoqlError with Salesforce's code when it would refuse it."""
    query = parse(text)
    obj = schema.object_name(query.obj)
    if obj is None:
        raise SoqlError("INVALID_TYPE", f"sObject type '{query.obj}' is not supported. If you are attempting to use "
                        "a custom object, be sure to append the '__c' after the entity name. Please reference your "
                        "WSDL or the describe call for the appropriate names.")
    columns, seen = [], set()
    for path in query.fields:
        column, _ = _resolve(schema, obj, path, lookup)
        if column.path in seen:
            raise SoqlError("MALFORMED_QUERY", f"duplicate field selected: {column.header}")
        seen.add(column.path)
        columns.append(column)
    where = _condition(schema, obj, query.where, lookup) if query.where is not None else (lambda row: True)
    sort_keys = []
    for item in query.order:
        column, field = _resolve(schema, obj, item.path, lookup)
        sort_keys.append((_sort_key(column, field), item.descending, item.nulls_first))
    if query.count and query.order:
        raise SoqlError("MALFORMED_QUERY", "ORDER BY is not allowed with COUNT()")
    return Plan(obj, query.count, columns, where, query, lookup, sort_keys)
