"""Open the database (SQLite file or PostgreSQL URL), bind the models and bring it up to date."""

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from peewee import Database, SqliteDatabase

from db import migrations, sqlite_files
from db.errors import DatabaseTooNew, DatabaseUnavailable, NotAShopCircleDatabase
from db.models import database
from db.target import DatabaseTarget, resolve_target

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -16000,  # 16 MB page cache
}
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class DatabaseInfo:
    """What init_db opened and what it had to do to the schema."""

    target: DatabaseTarget
    schema_version: int
    created: bool
    migrated_from: int | None
    backup_path: Path | None


def init_db(path_or_url: str | os.PathLike | None = None) -> DatabaseInfo:
    """Open the database, create or upgrade its schema, and bind every model to it.

    A database written by a newer version is refused before anything is written to it.
    """
    target = resolve_target(path_or_url)
    if target.kind == "sqlite":
        found = _sqlite_schema_version(target.path)
        _refuse_newer(found)  # before opening: opening for writing changes the file
        connection = _open_sqlite(target.path)
    else:
        connection = _open_postgresql(target.url)
        found = _postgresql_schema_version(connection, target)
        if found is not None and found > migrations.SCHEMA_VERSION:
            connection.close()
        _refuse_newer(found)
    database.initialize(connection)
    try:
        outcome = migrations.bring_up_to_date(connection, target, found)
    except BaseException:
        connection.close()
        raise
    return DatabaseInfo(
        target=target,
        schema_version=migrations.SCHEMA_VERSION,
        created=found is None,
        migrated_from=outcome.migrated_from,
        backup_path=outcome.backup_path,
    )


def _refuse_newer(found: int | None) -> None:
    if found is not None and found > migrations.SCHEMA_VERSION:
        raise DatabaseTooNew(found=found, known=migrations.SCHEMA_VERSION)


def close_db() -> None:
    """Close the bound database's connection, if any."""
    bound = database.obj
    if bound is not None and not bound.is_closed():
        bound.close()


def _sqlite_schema_version(path: Path) -> int | None:
    """The schema version of an existing file, read without writing to it; None if new."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise NotAShopCircleDatabase(path=str(path))
    try:
        with sqlite_files.read_only(path) as probe:
            tables, version = sqlite_files.tables_and_schema_version(probe)
    except sqlite3.OperationalError as exc:  # cannot open, locked: the file may be fine
        raise DatabaseUnavailable(reason=str(exc)) from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        raise NotAShopCircleDatabase(path=str(path)) from exc
    if version is None and tables:
        raise NotAShopCircleDatabase(path=str(path))
    return version


def _open_sqlite(path: Path) -> SqliteDatabase:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=5)
        connection.connect()
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseUnavailable(reason=str(exc)) from exc
    return connection


def _open_postgresql(url: str) -> Database:
    from db.postgres import ShopPostgresqlDatabase

    parts = urlsplit(url)
    connection = ShopPostgresqlDatabase(
        unquote(parts.path.lstrip("/")) or "shopcircle",
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        connect_timeout=10,
    )
    try:
        connection.connect()
    except Exception as exc:  # psycopg2.OperationalError and friends, without importing them
        raise DatabaseUnavailable(reason=str(exc).strip().splitlines()[0]) from exc
    return connection


def _postgresql_schema_version(connection: Database, target: DatabaseTarget) -> int | None:
    tables = set(connection.get_tables())
    if "schema_version" not in tables:
        if tables:
            connection.close()
            raise NotAShopCircleDatabase(path=target.display)
        return None
    row = connection.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0]
