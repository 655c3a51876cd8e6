"""`shopcircle members export FILE [--segment S] [--search Q] [--mask-phones]`."""

from desktop.i18n import tr


def add_export_parser(members_subparsers) -> None:
    """Register the `export` subcommand under `members`."""
    parser = members_subparsers.add_parser(
        "export", help=tr("member_export", "export members to .xlsx or .csv"),
        description=tr("member_export",
                       "Export the live members (all, a search, a segment, or both) to an "
                       ".xlsx or a UTF-8 .csv file, chosen by the extension. The file appears "
                       "only when complete. Exit code 2 for an unknown segment or file type."))
    parser.add_argument("file", metavar="FILE", help=tr("member_export", "FILE.xlsx or FILE.csv"))
    parser.add_argument("--segment", metavar="S",
                        help=tr("member_export", "only the members of this segment (e.g. "
                                                 "customers, sleeping, birthday_month)"))
    parser.add_argument("--search", default="", metavar="Q",
                        help=tr("member_export", "only the members this search finds (phone "
                                                 "prefix, pinyin initials or part of the name)"))
    parser.add_argument("--mask-phones", action="store_true",
                        help=tr("member_export", "hide the middle of each phone: 138****5678"))
    parser.set_defaults(run=run_export)


def run_export(args, ctx) -> int:
    """Export; answers the number of rows and the file's path."""
    from desktop.domain.member_export import check_export_path, export_members
    from desktop.domain.member_query import MemberFilter
    from desktop.domain.segments import get_segment

    check_export_path(args.file)  # bad input before the database is even opened
    if args.segment:
        get_segment(args.segment)
    ctx.open_database()
    member_filter = MemberFilter(args.search or "", args.segment or None)
    result = export_members(args.file, member_filter, mask_phones=args.mask_phones)
    ctx.answer({"rows": result.rows, "path": str(result.path.resolve())},
               tr("member_export", "{rows} members exported to {path}").format(
                   rows=result.rows, path=result.path))
    return 0
