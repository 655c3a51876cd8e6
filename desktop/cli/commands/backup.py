"""`shopcircle backup` and `shopcircle restore`."""

from desktop.cli.parser import file_path
from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `backup` and `restore`."""
    parser = subparsers.add_parser(
        "backup", help=tr("cli", "back up the database now"),
        description=tr("cli", "Write an online backup (safe while the window is open). A "
                              "SQLite database is copied as a .db file unless --out ends in "
                              ".zip; PostgreSQL is written as a portable .zip. Without --out "
                              "the file goes to the backups folder."))
    parser.add_argument("--out", type=file_path, metavar="FILE",
                        help=tr("cli", "where to write the backup"))
    parser.add_argument("--list", action="store_true",
                        help=tr("cli", "list the backups in the backups folder instead"))
    parser.set_defaults(run=run_backup)

    parser = subparsers.add_parser(
        "restore", help=tr("cli", "replace the data with a backup's"),
        description=tr("cli", "Replace all data in the database with the data in FILE (a "
                              "ShopCircle .db or .zip backup, from SQLite or PostgreSQL). "
                              "The file is checked first; the data it replaces is backed up "
                              "to the backups folder, and the command says where."))
    parser.add_argument("file", type=file_path, metavar="FILE",
                        help=tr("cli", "the backup to restore"))
    parser.set_defaults(run=run_restore)


def run_backup(args, ctx) -> int:
    """Write a backup, or list the existing ones."""
    from desktop.domain.backups import list_backups, make_backup

    if args.list:
        entries = list_backups()
        payload = {"backups": [
            {"path": str(e.path), "created": e.created.isoformat(timespec="seconds"),
             "size_bytes": e.size_bytes, "reason": e.reason} for e in entries]}
        lines = [f"{e.created:%Y-%m-%d %H:%M}  {_size(e.size_bytes):>9}  {e.reason:<16} {e.path}"
                 for e in entries] or [tr("cli", "There are no backups yet.")]
        ctx.answer(payload, "\n".join(lines))
        return 0
    ctx.open_database()
    result = make_backup(out=args.out)
    ctx.answer({"path": str(result.path), "size_bytes": result.size_bytes},
               tr("cli", "Backup written to {path} ({size}).").format(
                   path=result.path, size=_size(result.size_bytes)))
    return 0


def run_restore(args, ctx) -> int:
    """Check the file, keep a safety backup, restore."""
    from desktop.domain.backups import check_backup, restore_backup

    check_backup(args.file)  # before opening the database: a bad file must change nothing
    ctx.open_database()
    outcome = restore_backup(args.file)
    ctx.answer(
        {"path": str(outcome.source), "safety_backup": str(outcome.safety_backup),
         "schema_version": outcome.schema_version, "upgraded": outcome.upgraded},
        tr("cli", "Restored {path}. The data it replaced was backed up to {backup}.").format(
            path=outcome.source, backup=outcome.safety_backup))
    return 0


def _size(size_bytes: int) -> str:
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size_bytes / 1024))} KB"
