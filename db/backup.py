"""Online backup and restore: SQLite file copies, and a portable zip of JSON lines.

A SQLite database is copied with sqlite3's backup API (a consistent snapshot even while the
window writes). PostgreSQL, or any database asked for a `.zip`, is dumped as a portable
backup: `manifest.json` (format name and version, schema version, created, kind) plus one
JSON-lines file per table in ALL_MODELS order. Restore reads either form into either backend.
"""

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    Model,
    PeeweeException,
)

from db import migrations, sqlite_files
from db.bulk import bulk_insert, bulk_update, is_postgresql, reset_sequence
from db.errors import DatabaseProblem, DatabaseUnavailable, tr_noop
from db.locations import backups_dir
from db.models import ALL_MODELS, SchemaVersion, database, utcnow

FORMAT_NAME = "shopcircle-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"
BATCH_ROWS = 2000
BACKUP_NAME = re.compile(r"^shopcircle-(\d{8})-(\d{6})-([a-z0-9-]+?)(?:-\d+)?\.(db|zip)$")


class BackupUnusable(DatabaseProblem):
    """The file is not a ShopCircle backup (or is damaged); nothing was changed."""

    template = tr_noop(
        "db",
        "{path} is not a ShopCircle backup, or it is damaged or missing. Nothing was changed.",
    )
    error_code = "backup_unusable"
    exit_code = 2


class BackupTooNew(DatabaseProblem):
    """The backup was made by a newer ShopCircle; restoring it could lose data."""

    template = tr_noop(
        "db",
        "{path} was made by a newer version of ShopCircle (schema {found}; this program "
        "knows up to {known}). Nothing was changed. Install the newer version to restore it.",
    )
    error_code = "backup_too_new"
    exit_code = 2


class BackupFailed(DatabaseProblem):
    """The backup file could not be written (disk full, no permission, database gone)."""

    template = tr_noop("db", "The backup could not be written to {path}: {reason}")
    error_code = "backup_failed"
    exit_code = 3


class RestoreFailed(DatabaseProblem):
    """The restore was rolled back; the data is as it was, and a safety backup exists."""

    template = tr_noop(
        "db",
        "Restoring {path} failed and the data was left as it was: {reason}. A safety "
        "backup of the data is at {backup}.",
    )
    error_code = "restore_failed"
    exit_code = 3


@dataclass(frozen=True)
class BackupManifest:
    """What a backup file holds, read and checked without changing anything."""

    path: Path
    form: str  # sqlite (a database file) | portable (zip of JSON lines)
    kind: str  # the backend it was made from: sqlite | postgresql
    schema_version: int
    created: dt.datetime | None  # naive UTC; None for a plain database file
    tables: tuple[tuple[str, tuple[str, ...], int], ...] = ()  # portable: (name, columns, rows)


@dataclass(frozen=True)
class RestoreResult:
    """What restore_database did."""

    source: Path
    safety_backup: Path
    form: str
    schema_version: int  # of the backup
    migrated: bool  # the backup was older and was brought up to date
    rows: int | None  # rows copied (portable restores and cross-backend restores)


def new_backup_path(reason: str, suffix: str, folder: Path | None = None) -> Path:
    """A fresh file name in the backups folder: shopcircle-YYYYmmdd-HHMMSS-<reason><suffix>."""
    folder = folder or backups_dir()
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")  # local time: people read these names
    candidate = folder / f"shopcircle-{stamp}-{slug}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"shopcircle-{stamp}-{slug}-{number}{suffix}"
        number += 1
    return candidate


def backup_database(target, out: Path | None = None, reason: str = "manual") -> Path:
    """Write a backup of the database `target` to `out` (default: the backups folder).

    SQLite is copied as a database file unless `out` ends in .zip; PostgreSQL is always
    written as a portable zip. The file appears under its final name only when complete.
    """
    portable = target.kind == "postgresql" or (out is not None and out.suffix.lower() == ".zip")
    out = Path(out) if out is not None else new_backup_path(reason, ".zip" if portable else ".db")
    partial = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if portable:
            _write_portable(partial, target.kind, reason)
        else:
            _copy_sqlite_file(target.path, partial)
        os.replace(partial, out)
    except DatabaseProblem:
        _remove_quietly(partial)
        raise
    except (OSError, sqlite3.Error, PeeweeException) as exc:
        _remove_quietly(partial)
        raise BackupFailed(path=str(out), reason=_reason(exc)) from exc
    return out


def inspect_backup(path: Path) -> BackupManifest:
    """Check that `path` is a ShopCircle backup this version can restore; describe it."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise BackupUnusable(path=str(path)) from exc
    if magic == SQLITE_MAGIC:
        manifest = _inspect_sqlite_file(path)
    elif magic.startswith(ZIP_MAGIC):
        manifest = _inspect_portable(path)
    else:
        raise BackupUnusable(path=str(path))
    if manifest.schema_version > migrations.SCHEMA_VERSION:
        raise BackupTooNew(
            path=str(path), found=manifest.schema_version, known=migrations.SCHEMA_VERSION
        )
    return manifest


def restore_database(target, source: Path) -> RestoreResult:
    """Replace the data of `target` (the database bound by init_db) with a backup's.

    The backup is checked first (nothing changes if it is unusable), then a safety backup
    of the current data is made, then the data is replaced in one step: a SQLite file is
    copied in with the backup API, anything else is re-inserted table by table in one
    transaction.
    """
    source = Path(source)
    manifest = inspect_backup(source)
    safety = backup_database(target, reason="before-restore")
    try:
        if manifest.form == "sqlite" and target.kind == "sqlite":
            _copy_into_live_sqlite(source)
            migrated = manifest.schema_version < migrations.SCHEMA_VERSION
            if migrated:
                migrations.bring_up_to_date(database.obj, target, manifest.schema_version)
            return RestoreResult(source, safety, manifest.form, manifest.schema_version,
                                 migrated, None)
        rows = _replace_rows(_read_tables(manifest))
    except DatabaseProblem:
        raise
    except (OSError, sqlite3.Error, PeeweeException, ValueError, KeyError) as exc:
        raise RestoreFailed(path=str(source), reason=_reason(exc), backup=str(safety)) from exc
    return RestoreResult(source, safety, manifest.form, manifest.schema_version, False, rows)


# --- SQLite database files -----------------------------------------------------------------


def _copy_sqlite_file(path: Path | None, out: Path) -> None:
    if path is None or not path.exists():
        raise DatabaseUnavailable(reason=str(path))
    source = sqlite3.connect(str(path), timeout=10)
    try:
        destination = sqlite3.connect(str(out))
        try:
            source.backup(destination)  # one step: a consistent snapshot of the whole file
            # A backup is one self-contained file, not a WAL database with side files.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()


def _inspect_sqlite_file(path: Path) -> BackupManifest:
    try:
        with sqlite_files.read_only(path) as probe:
            tables, version = sqlite_files.tables_and_schema_version(probe)
            if not isinstance(version, int):
                raise BackupUnusable(path=str(path))
            # A newer schema may have other tables: the caller says "too new", not "damaged".
            if version <= migrations.SCHEMA_VERSION and (
                "member" not in tables
                or probe.execute("PRAGMA quick_check").fetchone()[0] != "ok"
            ):
                raise BackupUnusable(path=str(path))
    except sqlite3.Error as exc:
        raise BackupUnusable(path=str(path)) from exc
    return BackupManifest(path, "sqlite", "sqlite", version, None)


def _copy_into_live_sqlite(source: Path) -> None:
    """Copy a backup file over the bound database through its own open connection."""
    with sqlite_files.read_only(source) as reader:
        reader.backup(database.connection())


# --- Portable zip backups ------------------------------------------------------------------


def _write_portable(out: Path, kind: str, reason: str) -> None:
    tables = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with _snapshot():
            schema = SchemaVersion.select(SchemaVersion.version).order_by(
                SchemaVersion.version.desc()).scalar()
            for model in ALL_MODELS:
                fields = model._meta.sorted_fields
                name = model._meta.table_name
                count = 0
                query = model.select(*fields).order_by(model._meta.primary_key).tuples()
                with archive.open(f"{name}.jsonl", "w", force_zip64=True) as member:
                    for row in query.iterator():
                        member.write(_encode_row(row))
                        count += 1
                tables.append({"name": name, "file": f"{name}.jsonl",
                               "columns": [f.column_name for f in fields], "rows": count})
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "schema_version": schema,
            "app_version": migrations.APP_VERSION,
            "created": utcnow().isoformat(),
            "kind": kind,
            "reason": reason,
            "tables": tables,
        }
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1))


def _snapshot():
    """A read transaction in which every table is read at the same moment."""
    if database.transaction_depth() > 0:
        return database.atomic()
    if is_postgresql():
        return database.atomic(isolation_level="REPEATABLE READ")
    return database.atomic()  # SQLite: a deferred transaction reads one snapshot


def _encode_row(row: tuple) -> bytes:
    values = [v.isoformat() if isinstance(v, dt.date) else v for v in row]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _inspect_portable(path: Path) -> BackupManifest:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST_NAME).decode("utf-8"))
            names = set(archive.namelist())
            damaged = archive.testzip()  # CRC of every member: catches a truncated copy
        if damaged is not None or manifest.get("format") != FORMAT_NAME:
            raise BackupUnusable(path=str(path))
        if not isinstance(manifest.get("format_version"), int) or not isinstance(
            manifest.get("schema_version"), int
        ):
            raise BackupUnusable(path=str(path))
        if manifest["format_version"] > FORMAT_VERSION:
            raise BackupTooNew(path=str(path), found=manifest["schema_version"],
                               known=migrations.SCHEMA_VERSION)
        tables = tuple(
            (str(t["name"]), tuple(str(c) for c in t["columns"]), int(t["rows"]))
            for t in manifest["tables"]
        )
        if any(f"{name}.jsonl" not in names for name, _, _ in tables):
            raise BackupUnusable(path=str(path))
        created = dt.datetime.fromisoformat(manifest["created"])
    except DatabaseProblem:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, TypeError, ValueError) as exc:
        raise BackupUnusable(path=str(path)) from exc
    return BackupManifest(path, "portable", str(manifest.get("kind", "")),
                          manifest["schema_version"], created, tables)


# --- Row-by-row restore (portable backups, and files into the other backend) ---------------


def _read_tables(manifest: BackupManifest) -> Iterator[tuple[str, tuple[str, ...], Iterator]]:
    """(table, columns, rows) for every table of the backup, rows as lists of JSON values."""
    if manifest.form == "portable":
        with zipfile.ZipFile(manifest.path) as archive:
            for name, columns, _rows in manifest.tables:
                with archive.open(f"{name}.jsonl") as member:
                    yield name, columns, (json.loads(line) for line in member if line.strip())
        return
    reader = sqlite3.connect(f"{manifest.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        present = {row[0] for row in reader.execute("SELECT name FROM sqlite_master")}
        for model in ALL_MODELS:
            name = model._meta.table_name
            if name not in present:
                continue
            columns = tuple(row[1] for row in reader.execute(f'PRAGMA table_info("{name}")'))
            column_sql = ", ".join(f'"{c}"' for c in columns)
            yield name, columns, reader.execute(f'SELECT {column_sql} FROM "{name}"')
    finally:
        reader.close()


def _replace_rows(tables: Iterator[tuple[str, tuple[str, ...], Iterator]]) -> int:
    """Empty every table and insert the backup's rows, all in one transaction."""
    models = {model._meta.table_name: model for model in ALL_MODELS if model is not SchemaVersion}
    total = 0
    with database.atomic():
        if is_postgresql():
            names = ", ".join(f'"{name}"' for name in models)
            database.execute_sql(f"TRUNCATE {names} RESTART IDENTITY")
        else:
            database.execute_sql("PRAGMA defer_foreign_keys = ON")  # until COMMIT
            for model in reversed(list(models.values())):
                database.execute_sql(f'DELETE FROM "{model._meta.table_name}"')
        for name, columns, rows in tables:
            model = models.get(name)
            if model is None:
                continue  # the schema version table stays as the live schema says
            total += _insert_table(model, columns, rows)
        for model in models.values():
            if model._meta.primary_key.field_type == "AUTO":
                reset_sequence(model)
    return total


def _insert_table(model: type[Model], columns: tuple[str, ...], rows: Iterator) -> int:
    fields = {field.column_name: field for field in model._meta.sorted_fields}
    kept = [i for i, name in enumerate(columns) if name in fields]
    kept_names = [columns[i] for i in kept]
    decoders = [_decoder(fields[name]) for name in kept_names]
    # Columns the backup lacks (it is older) get the field's default.
    missing = [f for name, f in fields.items() if name not in kept_names]
    insert_names = kept_names + [f.column_name for f in missing]
    # Rows pointing at rows of their own table may point forward: insert those links after.
    self_refs = [
        position for position, name in enumerate(kept_names)
        if isinstance(fields[name], ForeignKeyField) and fields[name].rel_model is model
    ]
    id_position = kept_names.index("id") if "id" in kept_names else None
    deferred: dict[int, list[tuple[object, int]]] = {p: [] for p in self_refs}
    count = 0
    batch: list[list] = []
    for raw in rows:
        values = [decode(raw[i]) for decode, i in zip(decoders, kept, strict=True)]
        for position in self_refs:
            if values[position] is not None and id_position is not None:
                deferred[position].append((values[position], values[id_position]))
                values[position] = None
        values.extend(_default(f) for f in missing)
        batch.append(values)
        if len(batch) >= BATCH_ROWS:
            count += bulk_insert(model, insert_names, batch)
            batch = []
    if batch:
        count += bulk_insert(model, insert_names, batch)
    for position, pairs in deferred.items():
        bulk_update(model, kept_names[position], pairs)
    return count


def _decoder(field):
    if isinstance(field, DateTimeField):
        return _to_datetime
    if isinstance(field, DateField):
        return _to_date
    if isinstance(field, BooleanField):
        return lambda value: None if value is None else bool(value)
    return lambda value: value


def _to_datetime(value):
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _to_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _default(field):
    return field.default() if callable(field.default) else field.default


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # the original error is the one worth reporting
        path.unlink(missing_ok=True)
