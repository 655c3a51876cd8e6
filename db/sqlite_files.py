"""Looking into a SQLite file without writing to it: before opening it, or a backup."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file (sqlite3.Error if it cannot be opened)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def tables_and_schema_version(connection: sqlite3.Connection) -> tuple[set[str], int | None]:
    """The file's tables, and its ShopCircle schema version (None: no schema_version table)."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "schema_version" not in tables:
        return tables, None
    return tables, connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
