"""Backups for the window and the command line: make, list, restore, and the daily one."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from peewee import PostgresqlDatabase

from db import backup as db_backup
from db.connection import DatabaseTarget
from db.errors import DatabaseProblem
from db.locations import backups_dir
from db.models import database
from desktop.domain.errors import DomainError
from desktop.i18n import tr

DAILY_REASON = "daily"
KEEP_DAILY = 14  # automatic daily backups kept; manual and safety backups are never pruned


class BackupProblem(DomainError):
    """A backup or restore that could not be done; says why in the user's language."""

    def __init__(self, problem: DatabaseProblem) -> None:
        super().__init__(**problem.details)
        self.args = problem.args  # str(): the English text, for logs
        self.problem = problem
        self.error_code = problem.error_code
        self.exit_code = getattr(problem, "exit_code", 3)

    def user_message(self) -> str:
        """The database layer's message, translated, details filled in."""
        return tr(self.problem.CONTEXT, self.problem.template).format(**self.problem.details)


@dataclass(frozen=True)
class BackupResult:
    """A backup just written."""

    path: Path
    size_bytes: int


@dataclass(frozen=True)
class BackupEntry:
    """A backup file in the backups folder."""

    path: Path
    created: dt.datetime  # local time, from the file name (the file's time if renamed)
    size_bytes: int
    reason: str  # manual | daily | before-restore | before-v2 | ...


@dataclass(frozen=True)
class RestoreOutcome:
    """A restore that replaced the data; where the replaced data was kept."""

    source: Path
    safety_backup: Path
    schema_version: int
    upgraded: bool  # the backup was older and the database was brought up to date
    rows: int | None


def current_target() -> DatabaseTarget:
    """The target of the database bound by init_db (for a URL, without its password)."""
    bound = database.obj
    if bound is None:
        raise RuntimeError("init_db() has not been called")
    if isinstance(bound, PostgresqlDatabase):
        params = bound.connect_params
        user = f"{params['user']}@" if params.get("user") else ""
        host = params.get("host", "localhost")
        port = params.get("port", 5432)
        return DatabaseTarget("postgresql", url=f"postgresql://{user}{host}:{port}/{bound.database}")
    return DatabaseTarget("sqlite", path=Path(bound.database))


def make_backup(out: Path | None = None, reason: str = "manual",
                target: DatabaseTarget | None = None) -> BackupResult:
    """Back up the open database now (to `out`, or a new file in the backups folder)."""
    try:
        path = db_backup.backup_database(target or current_target(), out=out, reason=reason)
    except DatabaseProblem as problem:
        raise BackupProblem(problem) from problem
    return BackupResult(path=path, size_bytes=path.stat().st_size)


def restore_backup(source: Path, target: DatabaseTarget | None = None) -> RestoreOutcome:
    """Replace the open database's data with a backup's, keeping a safety backup first."""
    try:
        result = db_backup.restore_database(target or current_target(), Path(source))
    except DatabaseProblem as problem:
        raise BackupProblem(problem) from problem
    return RestoreOutcome(
        source=result.source,
        safety_backup=result.safety_backup,
        schema_version=result.schema_version,
        upgraded=result.migrated,
        rows=result.rows,
    )


def check_backup(source: Path) -> db_backup.BackupManifest:
    """Describe a backup file, or raise BackupProblem saying why it cannot be restored."""
    try:
        return db_backup.inspect_backup(Path(source))
    except DatabaseProblem as problem:
        raise BackupProblem(problem) from problem


def list_backups(folder: Path | None = None) -> list[BackupEntry]:
    """The backups in the folder, newest first."""
    folder = folder or backups_dir()
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.iterdir():
        match = db_backup.BACKUP_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        stat = path.stat()
        try:
            created = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
        except ValueError:
            created = dt.datetime.fromtimestamp(stat.st_mtime)
        entries.append((created, stat.st_mtime_ns, BackupEntry(path, created, stat.st_size,
                                                                match[3])))
    # Names carry whole seconds; the file time orders backups made within one second.
    entries.sort(key=lambda item: item[:2], reverse=True)
    return [entry for _, _, entry in entries]


def backup_if_due(max_age_hours: float = 24, target: DatabaseTarget | None = None,
                  now: dt.datetime | None = None) -> BackupResult | None:
    """The daily automatic backup: made when the newest backup is older than max_age_hours.

    Returns the new backup, or None when a recent one exists. Old daily backups beyond the
    newest KEEP_DAILY are removed; other backups are kept until the user removes them.
    """
    now = now or dt.datetime.now()
    existing = list_backups()
    if existing and now - existing[0].created < dt.timedelta(hours=max_age_hours):
        return None
    result = make_backup(reason=DAILY_REASON, target=target)
    daily = [entry for entry in list_backups() if entry.reason == DAILY_REASON]
    for entry in daily[KEEP_DAILY:]:
        entry.path.unlink(missing_ok=True)
    return result
