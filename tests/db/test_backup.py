"""Backup and restore give back exactly the data, keep what they replace, refuse bad files."""

import datetime as dt
import json
import sqlite3
import threading
import zipfile

import pytest

from db import close_db, init_db, migrations
from db.backup import (
    BackupTooNew,
    BackupUnusable,
    backup_database,
    inspect_backup,
    restore_database,
)
from db.locations import backups_dir
from db.models import ALL_MODELS, Member, PointsEntry, Purchase, Setting, database
from desktop.domain.demo import fill_demo_store

NOW = dt.datetime(2026, 11, 20, 9, 30)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: what a restore must give back."""
    return {
        model._meta.table_name: list(
            model.select().order_by(model._meta.primary_key).tuples()
        )
        for model in ALL_MODELS
    }


def _change_everything():
    """Edits a restore must undo: a deletion, an update, an insertion."""
    doomed = Member.select().order_by(Member.id.desc()).first()
    Member.delete().where(Member.id == doomed.id).execute()
    Member.update(points=0, notes="changed").where(Member.id == 1).execute()
    Setting.create(key="after_backup", value="1")


def test_backup_and_restore_give_back_exactly_the_data(db):
    fill_demo_store(members=150, seed=9, now=NOW)
    before = snapshot()
    backup = backup_database(db.target, reason="manual")
    assert backup.parent == backups_dir()
    assert backup.name.startswith("shopcircle-") and backup.name.endswith("-manual" + backup.suffix)
    assert backup.suffix == (".db" if db.target.kind == "sqlite" else ".zip")
    assert not list(backups_dir().glob("*.partial"))

    _change_everything()
    changed = snapshot()
    assert changed != before
    result = restore_database(db.target, backup)

    assert snapshot() == before
    # What the restore replaced was kept, and it is the changed data.
    assert result.safety_backup.exists()
    assert result.safety_backup != backup
    assert "before-restore" in result.safety_backup.name
    close_db()
    init_db(db.target.path or db.target.url)
    restore_database(db.target, result.safety_backup)
    assert snapshot() == changed
    # New rows continue after the restored ids.
    assert Member.create(store=1, name="新会员", phone="13912345678").id > max(
        row[0] for row in changed["member"]
    )


def test_a_portable_backup_restores_on_either_backend(db, tmp_path):
    fill_demo_store(members=80, seed=4, now=NOW)
    Setting.create(key="awkward", value='tab\there\nnew line\r\\N back\\slash "引号" \\.')
    before = snapshot()
    backup = backup_database(db.target, out=tmp_path / "copy.zip")
    manifest = inspect_backup(backup)
    assert (manifest.form, manifest.kind) == ("portable", db.target.kind)
    assert manifest.schema_version == migrations.SCHEMA_VERSION
    with zipfile.ZipFile(backup) as archive:
        raw = json.loads(archive.read("manifest.json"))
        assert raw["format"] == "shopcircle-backup"
        assert [t["name"] for t in raw["tables"]] == [m._meta.table_name for m in ALL_MODELS]
        members = archive.read("member.jsonl").decode().splitlines()
        assert len(members) == 80
    Member.delete().where(Member.id > 10).execute()
    restore_database(db.target, backup)
    assert snapshot() == before


def test_sqlite_and_postgresql_backups_cross_over(sqlite_url, postgres_url, tmp_path):
    # Row by row into another backend: the schema_version table stays the live database's.
    def data():
        return {name: rows for name, rows in snapshot().items() if name != "schema_version"}

    first = init_db(sqlite_url)
    fill_demo_store(members=60, seed=8, now=NOW)
    from_sqlite = data()
    sqlite_file = backup_database(first.target, out=tmp_path / "from-sqlite.db")
    close_db()

    pg = init_db(postgres_url)
    restore_database(pg.target, sqlite_file)
    assert data() == from_sqlite
    Member.update(notes="edited on the server").where(Member.id == 3).execute()
    on_server = data()
    pg_zip = backup_database(pg.target, out=tmp_path / "from-pg.zip")
    close_db()

    local = init_db(tmp_path / "fresh.db")
    restore_database(local.target, pg_zip)
    assert data() == on_server
    close_db()


def test_a_file_that_is_not_a_backup_changes_nothing(db, tmp_path):
    fill_demo_store(members=20, seed=2, now=NOW)
    before = snapshot()
    garbage = tmp_path / "photo.db"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    for bad in (garbage, tmp_path / "missing.zip"):
        with pytest.raises(BackupUnusable) as caught:
            restore_database(db.target, bad)
        assert caught.value.exit_code == 2
        assert str(bad) in str(caught.value)
    assert snapshot() == before
    assert not backups_dir().exists() or not list(backups_dir().iterdir())


def test_a_damaged_or_foreign_file_changes_nothing(db, tmp_path):
    fill_demo_store(members=20, seed=2, now=NOW)
    before = snapshot()
    good = backup_database(db.target, out=tmp_path / "good.zip")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    other_app = tmp_path / "other.db"
    with sqlite3.connect(other_app) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    plain_zip = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
    for bad in (truncated, other_app, plain_zip):
        with pytest.raises(BackupUnusable):
            restore_database(db.target, bad)
    assert snapshot() == before


def test_a_backup_from_a_newer_version_is_refused(db, tmp_path):
    good = backup_database(db.target, out=tmp_path / "good.zip")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(newer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_version"] = migrations.SCHEMA_VERSION + 1
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    Setting.create(key="still_here", value="1")
    with pytest.raises(BackupTooNew) as caught:
        restore_database(db.target, newer)
    assert caught.value.details["found"] == migrations.SCHEMA_VERSION + 1
    assert Setting.get_by_id("still_here").value == "1"


def test_a_newer_sqlite_file_is_refused(sqlite_db, tmp_path):
    copy = backup_database(sqlite_db.target, out=tmp_path / "copy.db")
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(BackupTooNew):
        restore_database(sqlite_db.target, copy)


def test_an_older_sqlite_backup_is_brought_up_to_date(sqlite_db, tmp_path, monkeypatch):
    fill_demo_store(members=10, seed=2, now=NOW)
    old = backup_database(sqlite_db.target, out=tmp_path / "v1.db")
    upgraded = []

    def step(connection, migrator):
        upgraded.append(True)
        Setting.create(key="migrated", value="true")

    # Pretend this program is one schema version newer than the backup.
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, migrations.SCHEMA_VERSION, step)
    result = restore_database(sqlite_db.target, old)
    assert result.migrated and upgraded
    assert Setting.get_by_id("migrated").value == "true"
    versions = [row[0] for row in database.execute_sql("SELECT version FROM schema_version")]
    assert max(versions) == migrations.SCHEMA_VERSION
    assert Member.select().count() == 10


def test_a_sqlite_backup_is_consistent_while_another_connection_writes(sqlite_db, tmp_path):
    fill_demo_store(members=5, seed=2, now=NOW)
    member_id = Member.select().first().id
    stop = threading.Event()

    def write_pairs():
        # Each transaction adds two ledger lines; a consistent copy holds an even number.
        writer = sqlite3.connect(sqlite_db.target.path, timeout=10)
        try:
            while not stop.is_set():
                with writer:
                    for _ in range(2):
                        writer.execute(
                            "INSERT INTO points_entry (member_id, delta, reason, at, note) "
                            "VALUES (?, 1, 'adjustment', '2026-01-01 00:00:00', '')",
                            (member_id,),
                        )
        finally:
            writer.close()

    before = PointsEntry.select().count()
    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        counts = []
        for number in range(8):
            copy = backup_database(sqlite_db.target, out=tmp_path / f"live-{number}.db")
            with sqlite3.connect(copy) as connection:
                counts.append(connection.execute("SELECT COUNT(*) FROM points_entry").fetchone()[0])
                assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        stop.set()
        thread.join()
    assert all((count - before) % 2 == 0 for count in counts), counts
    assert counts[-1] > before  # the writer really was writing during the copies


def test_restore_works_while_the_database_is_open_elsewhere(sqlite_db, tmp_path):
    fill_demo_store(members=30, seed=2, now=NOW)
    backup = backup_database(sqlite_db.target, out=tmp_path / "b.db")
    Purchase.delete().execute()
    window = sqlite3.connect(sqlite_db.target.path)  # the window holds its own connection
    try:
        assert window.execute("SELECT COUNT(*) FROM purchase").fetchone()[0] == 0
        restore_database(sqlite_db.target, backup)
        assert window.execute("SELECT COUNT(*) FROM purchase").fetchone()[0] > 0
    finally:
        window.close()
