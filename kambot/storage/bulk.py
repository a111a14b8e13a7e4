"""Bulk SQL for imports: lists as one parameter, executemany or COPY, ids for many rows, ANALYZE."""
from __future__ import annotations

import json
from contextlib import contextmanager
from operator import itemgetter
from typing import Iterable, Iterator

from sqlalchemy import bindparam, func, insert, select, text, tuple_, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

# SQLAlchemy's per-row and per-placeholder work costs several times what the database needs for
# these statements, so lists travel as one parameter and bulk writes go to the driver's
# executemany. Values still pass through each column's own bind conversion (dates on SQLite,
# aware datetimes), so what is stored is exactly what the ORM would store.

CHUNK = 2000  # rows per query/insert batch: well under SQLite's 32,766 bound parameters


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    """`items` in slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def in_values(conn: Connection, column, values: Iterable):
    """`column IN values` with the whole list as one bound parameter."""
    values = sorted(set(values))
    if conn.dialect.name == "sqlite":
        items = func.json_each(json.dumps(values, default=str)).table_valued("value")
        return column.in_(select(items.c.value))
    if conn.dialect.name == "postgresql":
        # IN (SELECT unnest(...)), not = ANY(...): while one transaction grows a table its statistics
        # are stale, and the planner would test each of the team's rows against the whole array.
        array = bindparam(None, values, type_=postgresql.ARRAY(column.type))
        items = func.unnest(array).table_valued("value").render_derived()
        return column.in_(select(items.c.value))
    return column.in_(values)


def pairs_in(conn: Connection, first, second, pairs: Iterable[tuple]):
    """`(first, second) IN pairs` as one parameter per column, so the index is probed once per pair."""
    pairs = sorted(set(pairs))
    if conn.dialect.name == "sqlite":
        items = func.json_each(json.dumps(pairs, default=str)).table_valued("value")
        return tuple_(first, second).in_(select(func.json_extract(items.c.value, "$[0]"),
                                                func.json_extract(items.c.value, "$[1]")))
    if conn.dialect.name == "postgresql":
        columns = [bindparam(None, [p[i] for p in pairs], type_=postgresql.ARRAY(c.type))
                   for i, c in enumerate((first, second))]
        items = func.unnest(*columns).table_valued("a", "b").render_derived()
        return tuple_(first, second).in_(select(items.c.a, items.c.b))
    return tuple_(first, second).in_(pairs)


def driver_params(conn: Connection, table, columns: list[str], rows: Iterable[dict]) -> list[tuple]:
    """Rows as driver parameter tuples, converted like SQLAlchemy would (repeated values once)."""
    dialect, pick = conn.dialect, itemgetter(*columns)
    convert = [(i, process, {}) for i, c in enumerate(columns)
               if (process := table.c[c].type.dialect_impl(dialect).bind_processor(dialect))]
    if not convert:
        return [pick(row) for row in rows]
    params = []
    for row in rows:
        values = list(pick(row))
        for i, process, memo in convert:
            value = values[i]
            if value is not None:
                if value not in memo:
                    memo[value] = process(value)
                values[i] = memo[value]
        params.append(tuple(values))
    return params


def insert_many(conn: Connection, table, columns: list[str], params: list[tuple]) -> None:
    """INSERT many rows given as driver parameter tuples: COPY on PostgreSQL, else one executemany."""
    if not params:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = f"{quote(table.name)} ({', '.join(map(quote, columns))})"
    if conn.dialect.driver == "psycopg":  # COPY streams rows without a statement per row
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(f"COPY {names} FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {names} VALUES ({', '.join([mark] * len(columns))})", params)


def update_many(conn: Connection, table, fields: Iterable[str], rows: dict[int, dict]) -> None:
    """Set `fields` of many rows by id: one UPDATE ... FROM unnest() on PostgreSQL, else one executemany."""
    if not rows:
        return
    fields = list(fields)
    if conn.dialect.name == "postgresql":
        columns = ["id", *fields]
        arrays = [bindparam(None, [i if c == "id" else row[c] for i, row in rows.items()],
                            type_=postgresql.ARRAY(table.c[c].type)) for c in columns]
        values = func.unnest(*arrays).table_valued(*columns).render_derived()
        conn.execute(update(table).where(table.c.id == values.c.id).values({f: values.c[f] for f in fields}))
        return
    quote, mark = conn.dialect.identifier_preparer.quote, "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sets = ", ".join(f"{quote(f)} = {mark}" for f in fields)
    conn.exec_driver_sql(f"UPDATE {quote(table.name)} SET {sets} WHERE id = {mark}",
                         driver_params(conn, table, [*fields, "id"], ({**row, "id": i} for i, row in rows.items())))


def insert_ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert many rows (dicts with the same keys), returning their new ids in the same order."""
    if not rows:
        return []
    columns = [c.name for c in table.c if c.name != "id" and c.name in rows[0]]
    if conn.dialect.name == "postgresql":  # take the ids from the sequence first, then insert them
        ids = list(conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                                {"t": table.name, "n": len(rows)}).scalars())
        columns.insert(0, "id")
        rows = [{**row, "id": i} for row, i in zip(rows, ids)]
        insert_many(conn, table, columns, driver_params(conn, table, columns, rows))
        return ids
    if conn.dialect.name == "sqlite":
        # A rowid table gives each new row max(id) + 1, and this transaction holds SQLite's only
        # write lock, so one executemany yields consecutive ids ending at last_insert_rowid().
        insert_many(conn, table, columns, driver_params(conn, table, columns, rows))
        last = conn.exec_driver_sql("SELECT last_insert_rowid()").scalar_one()
        return list(range(last - len(rows) + 1, last + 1))
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(stmt, [{c: row[c] for c in columns} for row in rows]).scalars())


def stale_tables(conn: Connection, names: Iterable[str]) -> list[str]:
    """Which of these PostgreSQL tables changed much since their last ANALYZE."""
    return conn.execute(text(
        "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(:names) "
        "AND n_mod_since_analyze > 1000 + n_live_tup / 2"), {"names": list(names)}).scalars().all()


def analyze(conn: Connection, names: Iterable[str]) -> None:
    """ANALYZE each named table."""
    for name in names:
        conn.exec_driver_sql(f"ANALYZE {conn.dialect.identifier_preparer.quote(name)}")


ROOMY_CACHE_KIB = 262_144  # 256 MiB, taken only as pages are read, and given back when the write ends


@contextmanager
def roomy_cache(conn: Connection) -> Iterator[None]:
    """A big SQLite page cache while one bulk write runs, the default again before it commits.

    Inserting 50,000 rows a page into a table of a million with seven indexes keyed at random thrashes the
    default 2 MB cache: 1,000,000 contact rows took 70 s (46 s CPU) with it, 42 s (30 s CPU) with this.
    Lowering it again at the end writes the dirty pages out, which the commit would do anyway.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{ROOMY_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")
