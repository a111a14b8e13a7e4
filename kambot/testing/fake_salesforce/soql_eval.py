"""A parsed query checked against the schema and turned into functions: which rows match, in what order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from kambot.testing.fake_salesforce.ids import to18
from kambot.testing.fake_salesforce.schema import Field, Schema
from kambot.testing.fake_salesforce.soql_ast import In, Literal, Logic, Query
from kambot.testing.fake_salesforce.soql_dates import day_range, range_test
from kambot.testing.fake_salesforce.soql_fields import Column, Lookup, Row, place, resolve
from kambot.testing.fake_salesforce.soql_lexer import SoqlError
from kambot.testing.fake_salesforce.soql_parser import parse
from kambot.testing.fake_salesforce.values import NUMBER_TYPES, TEXT_TYPES, parse_datetime


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
        out = {"attributes": {"type": self.obj, "url": f"/services/data/v{version}/sobjects/{self.obj}/{row['Id']}"}}
        for col in self.columns:
            if len(col.path) == 1:  # the common case, kept cheap: pages of 2000 rows are built per request
                out[col.path[0]] = row.get(col.path[0])
            else:
                place(out, col, row, version, self.lookup)
        return out


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


def _condition(schema: Schema, obj: str, node: object, lookup: Lookup, today: date) -> Callable[[Row], bool]:
    if isinstance(node, Logic):
        parts = [_condition(schema, obj, p, lookup, today) for p in node.parts]
        if node.op == "NOT":
            only = parts[0]
            return lambda row: not only(row)
        if node.op == "AND":
            return lambda row: all(p(row) for p in parts)
        return lambda row: any(p(row) for p in parts)
    column, field = resolve(schema, obj, node.path, lookup)
    if not field.filterable:
        raise SoqlError("INVALID_FIELD", f"field '{field.name}' can not be filtered in a query call")
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
    if node.value.kind == "dateliteral":
        test = range_test(field.type, node.op, *day_range(*node.value.value, today))
        return lambda row: test(read(row))
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


def plan(schema: Schema, text: str, lookup: Lookup, today: date | None = None) -> Plan:
    """Parse and check a query; SoqlError with Salesforce's code when it would refuse it.

    today is the org's current day (UTC), for date literals such as LAST_N_DAYS:30.
    """
    today = today or datetime.now(timezone.utc).date()
    query = parse(text)
    obj = schema.object_name(query.obj)
    if obj is None:
        raise SoqlError("INVALID_TYPE", f"sObject type '{query.obj}' is not supported. If you are attempting to use "
                        "a custom object, be sure to append the '__c' after the entity name. Please reference your "
                        "WSDL or the describe call for the appropriate names.")
    columns, seen = [], set()
    for path in query.fields:
        column, _ = resolve(schema, obj, path, lookup)
        if column.path in seen:
            raise SoqlError("MALFORMED_QUERY", f"duplicate field selected: {column.header}")
        seen.add(column.path)
        columns.append(column)
    where = _condition(schema, obj, query.where, lookup, today) if query.where is not None else (lambda row: True)
    sort_keys = []
    for item in query.order:
        column, field = resolve(schema, obj, item.path, lookup)
        if not field.filterable:
            raise SoqlError("INVALID_FIELD", f"field '{field.name}' can not be sorted in a query call")
        sort_keys.append((_sort_key(column, field), item.descending, item.nulls_first))
    if query.count and query.order:
        raise SoqlError("MALFORMED_QUERY", "ORDER BY is not allowed with COUNT()")
    return Plan(obj, query.count, columns, where, query, lookup, sort_keys)
