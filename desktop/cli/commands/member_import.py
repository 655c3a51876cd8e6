"""`shopcircle members import FILE`: a member list from Excel, WPS or another program.

Exit 0 when the import is done, also when some rows were rejected (they are listed, with
their row numbers, in `rejected` and in the --rejects file); 2 when the file cannot be used
at all (nothing written); 1 when the member book changed meanwhile (nothing written).
--dry-run reads the file and the database and reports what would happen, writing nothing,
not even the --rejects file.
"""

from pathlib import Path

from desktop.i18n import tr


def add_import_parser(sub) -> None:
    """Register `members import` beside the other member subcommands."""
    parser = sub.add_parser(
        "import", help=tr("member_import", "import a member list (.xlsx, .xls, .ods, .csv)"),
        description=tr("member_import", "Import members from a spreadsheet or CSV file. Exit "
                                        "code 0 when done, even if some rows were rejected; "
                                        "2 when the file cannot be used (nothing is written)."))
    parser.add_argument("file", metavar="FILE", help=tr("member_import", "the member list"))
    parser.add_argument("--dry-run", action="store_true",
                        help=tr("member_import", "report what would happen, write nothing"))
    parser.add_argument("--on-duplicate", choices=("skip", "fill", "overwrite"),
                        default="skip",
                        help=tr("member_import", "a phone already known (in the database or "
                                                 "earlier in the file): skip the row, fill "
                                                 "empty fields, or overwrite (default skip)"))
    parser.add_argument("--rejects", metavar="FILE",
                        help=tr("member_import", "save the rejected rows with their reasons "
                                                 "to this .xlsx"))
    parser.set_defaults(run=run_import)


def run_import(args, ctx) -> int:
    """Preview, plan and (unless --dry-run) import the file; answers the counts."""
    from desktop.domain.imports import read_member_rows
    from desktop.domain.member_import import apply_import, paused_gc, plan_import
    from desktop.domain.member_import_rejects import write_rejects

    ctx.open_database()
    source = Path(args.file)
    with paused_gc():
        preview = read_member_rows(source)
        plan = plan_import(preview, args.on_duplicate, source=source)
    backup = None
    if not args.dry_run:
        result = apply_import(
            plan, source.name,
            progress=lambda done, total: ctx.note(
                tr("member_import", "Written {done} of {total}").format(done=done,
                                                                       total=total)))
        backup = str(result.backup_path) if result.backup_path else None
    rejects = None
    if args.rejects and not args.dry_run:
        rejects = str(write_rejects(args.rejects, source, preview, plan.rejected))
    payload = {
        "imported": plan.imported, "updated": plan.updated, "skipped": plan.skipped,
        "rejected": [{"row": r.row, "reason": r.reason} for r in plan.rejected],
        "dry_run": bool(args.dry_run), "backup": backup, "rejects": rejects,
        "already_imported": plan.already_imported, "warnings": list(plan.warnings),
    }
    ctx.answer(payload, _text(plan, args.dry_run, rejects))
    return 0


def _text(plan, dry_run: bool, rejects: str | None) -> str:
    lines = [str(warning) for warning in plan.warnings]
    lines += [tr("member_import", "Row {row}: {reason}").format(row=r.row, reason=r.reason)
              for r in plan.rejected]
    if plan.already_imported:
        lines.append(tr("member_import", "This file was imported before."))
    template = (tr("member_import", "Would import {imported}, update {updated}, skip "
                                    "{skipped}, reject {rejected} (dry run: nothing written).")
                if dry_run else
                tr("member_import", "Imported {imported}, updated {updated}, skipped "
                                    "{skipped}, rejected {rejected}."))
    lines.append(template.format(imported=plan.imported, updated=plan.updated,
                                 skipped=plan.skipped, rejected=len(plan.rejected)))
    if rejects:
        lines.append(tr("member_import", "Rejected rows saved to {path}").format(path=rejects))
    return "\n".join(lines)
