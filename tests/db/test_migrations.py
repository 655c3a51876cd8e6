"""Schema versions: refusal of newer databases, numbered atomic steps, backup first."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from peewee import IntegerField

from db import close_db, init_db, migrations
from db.errors import DatabaseTooNew, MigrationFailed, NotAShopCircleDatabase
from db.models import SchemaVersion, database

CURRENT = migrations.SCHEMA_VERSION


def _stamp_version(version: int) -> None:
    SchemaVersion.update(version=version).execute()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_sqlite_database_is_refused_and_left_untouched(sqlite_url):
    init_db(sqlite_url)
    _stamp_version(99)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.execute_sql("PRAGMA journal_mode=DELETE")  # a file as another program left it
    close_db()
    path = Path(sqlite_url)
    before = _digest(path)
    with pytest.raises(DatabaseTooNew) as refused:
        init_db(sqlite_url)
    assert refused.value.details == {"found": 99, "known": migrations.SCHEMA_VERSION}
    assert "newer version" in str(refused.value)
    assert _digest(path) == before
    assert not Path(sqlite_url + "-wal").exists()


def test_newer_postgresql_database_is_refused(postgres_url):
    init_db(postgres_url)
    _stamp_version(99)
    close_db()
    with pytest.raises(DatabaseTooNew):
        init_db(postgres_url)


def test_a_file_that_is_not_a_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my shop notes, not a database")
    with pytest.raises(NotAShopCircleDatabase):
        init_db(path)
    assert path.read_bytes() == b"these are my shop notes, not a database"


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    with pytest.raises(NotAShopCircleDatabase):
        init_db(path)


def _add_column_step(db, migrator):
    from playhouse.migrate import migrate

    migrate(migrator.add_column("tag", "sort_order", IntegerField(default=0)))


def _failing_step(db, migrator):
    from playhouse.migrate import migrate

    migrate(migrator.add_column("tag", "sort_order", IntegerField(default=0)))
    raise RuntimeError("disk full")


def test_an_older_database_is_backed_up_then_upgraded_step_by_step(database_url, monkeypatch):
    init_db(database_url)
    close_db()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", {CURRENT + 1: _add_column_step})
    info = init_db(database_url)
    assert info.migrated_from == CURRENT
    assert info.backup_path is not None and info.backup_path.exists()
    columns = {column.name for column in database.get_columns("tag")}
    assert "sort_order" in columns
    versions = [row.version for row in SchemaVersion.select().order_by(SchemaVersion.version)]
    assert versions == [CURRENT, CURRENT + 1]


def test_a_failing_step_is_rolled_back_and_the_backup_kept(database_url, monkeypatch):
    init_db(database_url)
    close_db()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", {CURRENT + 1: _failing_step})
    with pytest.raises(MigrationFailed) as failed:
        init_db(database_url)
    assert Path(failed.value.details["backup"]).exists()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", CURRENT)  # this program again
    init_db(database_url)
    assert {column.name for column in database.get_columns("tag")} == {"id", "name", "color"}
    assert [row.version for row in SchemaVersion.select()] == [CURRENT]


def test_a_version_1_database_gets_the_version_2_indexes(database_url):
    init_db(database_url)
    database.execute_sql("DROP INDEX member_points")
    for table, column in (("member_tag", "member_id"), ("member_tag", "tag_id"),
                          ("purchase", "member_id"), ("points_entry", "member_id"),
                          ("consent", "member_id"), ("entry_point_tag", "entry_point_id"),
                          ("signup_event", "entry_point_id")):
        database.execute_sql(f"CREATE INDEX {table}_{column} ON {table} ({column})")
    _stamp_version(1)
    close_db()
    info = init_db(database_url)
    assert info.migrated_from == 1
    assert "member_points" in {index.name for index in database.get_indexes("member")}
    names = {index.name for table in ("member_tag", "purchase", "points_entry", "consent",
                                      "entry_point_tag", "signup_event")
             for index in database.get_indexes(table)}
    assert not names & set(migrations.REDUNDANT_V1_INDEXES)
    assert "member_tag_member_id_tag_id" in names  # the composite ones stay
    assert max(row.version for row in SchemaVersion.select()) == CURRENT


def test_a_new_database_has_no_index_a_composite_one_starts_with(database_url):
    init_db(database_url)
    for table in database.get_tables():
        indexes = database.get_indexes(table)
        for index in indexes:
            longer = [other for other in indexes if len(other.columns) > len(index.columns)
                      and other.columns[:len(index.columns)] == index.columns]
            assert index.unique or not longer, (table, index.name, longer[0].name)
