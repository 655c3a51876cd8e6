"""Fast bulk writes for large loads (demo stores, restores, imports), and large scans.

Peewee's insert_many builds one SQL text per batch in Python, which dominates the time of a
million-row load; these helpers hand whole batches to the driver instead (sqlite3's
executemany loop runs in C; PostgreSQL gets COPY FROM STDIN).
Callers wrap them in a transaction.
"""

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from peewee import DateField, DateTimeField, Model, PostgresqlDatabase, TimeField
from peewee import __exception_wrapper__ as driver_errors  # driver errors -> peewee's

from db.models import database

PG_PAGE_ROWS = 1000
# Indexes are rebuilt rather than updated row by row when a load adds at least this many rows
# and at least half as many as the table holds: one sort per index then costs less than a
# B-tree insert per row per index (a 13-index member table loads ~3x faster).
REBUILD_MIN_ROWS = 10_000
SCAN_CACHE_KIB = 2048  # SQLite's own default page cache


def is_postgresql() -> bool:
    """True when the bound database is PostgreSQL."""
    return isinstance(database.obj, PostgresqlDatabase)


def time_value(value: dt.datetime | None):
    """A naive UTC datetime in the form the bound backend stores it (peewee's own form)."""
    if value is None or is_postgresql():
        return value
    return str(value)


def bulk_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence],
                convert_times: bool = True) -> int:
    """Insert `rows` (tuples in `columns` order, values ready for the driver); returns count.

    On SQLite, datetime and date values are turned into peewee's text form here, so rows
    read from another backend can be passed as they are; callers that already did that (with
    time_value) pass convert_times=False to save the per-row pass.
    """
    table = model._meta.table_name
    column_sql = ", ".join(f'"{name}"' for name in columns)
    if is_postgresql():
        # COPY parses rows on the server without one statement per page: ~1.6x execute_values.
        text = "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)
        if text:
            with driver_errors, database.cursor() as cursor:
                cursor.copy_expert(f'COPY "{table}" ({column_sql}) FROM STDIN',
                                   io.StringIO(text))
        return text.count("\n")
    temporal = _temporal_positions(model, columns) if convert_times else []
    if temporal:
        rows = (_text_times(row, temporal) for row in rows)
    batch = rows if isinstance(rows, list) else list(rows)
    placeholders = ", ".join("?" for _ in columns)
    with driver_errors:
        database.connection().executemany(
            f'INSERT INTO "{table}" ({column_sql}) VALUES ({placeholders})', batch
        )
    return len(batch)


@contextmanager
def indexes_rebuilt_after(models: Sequence[type[Model]], adding: int) -> Iterator[None]:
    """Within a write transaction: when `adding` rows is a large share of a SQLite table, drop
    the table's indexes for the block and create them again (the same SQL) at its end.

    A unique index is checked when it is created again, so a duplicate still fails the
    transaction (IntegrityError) and the rollback restores every index. PostgreSQL keeps
    its indexes: dropping one would lock the table against the other stores' readers.
    An exception from the block leaves them dropped: it must roll the transaction back.
    (A dropped index loses its ANALYZE statistics; the app keeps none.)
    """
    dropped: list[str] = []
    if adding >= REBUILD_MIN_ROWS and not is_postgresql():
        for model in models:
            dropped += _drop_indexes_for_load(model._meta.table_name, adding)
    yield
    for sql in dropped:
        database.execute_sql(sql)


def _drop_indexes_for_load(table: str, adding: int) -> list[str]:
    """Drop `table`'s own indexes when the load outgrows it; their CREATE statements."""
    count = database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    if adding * 2 < count:
        return []
    indexes = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table,)).fetchall()  # a NULL sql: a constraint's own index
    for name, _ in indexes:
        database.execute_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


@contextmanager
def one_pass_scan(cache_kib: int = SCAN_CACHE_KIB) -> Iterator[None]:
    """On SQLite, a small page cache while a large read visits every row once (an export).

    Such a scan evicts the whole cache anyway; filling the connection's 16 MB with pages
    read once is memory it does not need. The connection's own size comes back after.
    """
    if is_postgresql():
        yield
        return
    previous = int(database.execute_sql("PRAGMA cache_size").fetchone()[0])
    database.execute_sql(f"PRAGMA cache_size = {-int(cache_kib)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {previous}")


def bulk_update(model: type[Model], column: str, pairs: Iterable[tuple[object, int]]) -> None:
    """Set `column` to each value for the row with each id: [(value, id), ...]."""
    bulk_update_columns(model, (column,), pairs)


def bulk_update_columns(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence],
                        added: Sequence[str] = ()) -> None:
    """Per row (values for `columns`, then for `added`, then the id): set each of `columns`
    and add to each of `added` (`points = points + ?`), in one executemany."""
    table = model._meta.table_name
    param = "%s" if is_postgresql() else "?"
    sets = [f'"{name}" = {param}' for name in columns]
    sets += [f'"{name}" = "{name}" + {param}' for name in added]
    sql = f'UPDATE "{table}" SET {", ".join(sets)} WHERE "id" = {param}'
    batch = rows if isinstance(rows, list) else list(rows)
    if not batch:
        return
    if is_postgresql():
        from psycopg2.extras import execute_batch

        with driver_errors, database.cursor() as cursor:
            execute_batch(cursor, sql, batch, page_size=PG_PAGE_ROWS)
    else:
        with driver_errors:
            database.connection().executemany(sql, batch)


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """`count` fresh primary keys for rows the caller inserts with explicit ids.

    PostgreSQL draws them from the table's sequence, safe beside other writers; SQLite takes
    the next ones after MAX(id), so call it inside a write (IMMEDIATE) transaction.
    """
    if count <= 0:
        return []
    table = model._meta.table_name
    if is_postgresql():
        cursor = database.execute_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (f'"{table}"', count),
        )
        return [row[0] for row in cursor.fetchall()]
    start = database.execute_sql(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"').fetchone()[0]
    return list(range(start + 1, start + 1 + count))


def reset_sequence(model: type[Model]) -> None:
    """After explicit-id inserts on PostgreSQL, make the next default id follow MAX(id)."""
    if not is_postgresql():
        return  # SQLite's rowid already continues after the largest id
    table = model._meta.table_name
    database.execute_sql(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
        f'COALESCE((SELECT MAX("id") FROM "{table}"), 0) + 1, false)',
        (f'"{table}"',),
    )


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _temporal_positions(model: type[Model], columns: Sequence[str]) -> list[int]:
    fields = {field.column_name: field for field in model._meta.sorted_fields}
    return [
        position
        for position, name in enumerate(columns)
        if isinstance(fields.get(name), DateTimeField | DateField | TimeField)
    ]


def _text_times(row: Sequence, positions: list[int]) -> Sequence:
    values = list(row)
    for position in positions:
        value = values[position]
        if isinstance(value, dt.date):
            values[position] = str(value)
    return values
