"""`shopcircle members add|list`: the member book on the command line.

Each subcommand is registered by its own `_add_*_parser(sub)` function, so the import,
export and segment options can join beside them.
"""

from desktop.cli.commands.member_export import add_export_parser
from desktop.cli.commands.member_import import add_import_parser
from desktop.cli.parser import positive_count
from desktop.i18n import tr

LIST_PAGE = 500  # rows read per query when listing


def add_parser(subparsers) -> None:
    """Register `members` and its subcommands."""
    parser = subparsers.add_parser("members", help=tr("cli", "add and list members"),
                                   description=tr("cli", "The member book."))
    sub = parser.add_subparsers(dest="members_command", metavar="SUBCOMMAND",
                                title=tr("cli", "subcommands"), parser_class=type(parser))
    sub.required = True
    _add_add_parser(sub)
    _add_list_parser(sub)
    add_import_parser(sub)
    add_export_parser(sub)


def _add_add_parser(sub) -> None:
    parser = sub.add_parser(
        "add", help=tr("cli", "add a member"),
        description=tr("cli", "Add a member. Exit code 1 when another member already has "
                              "the phone, 2 when a value is not usable (the field is named)."))
    parser.add_argument("--name", required=True, metavar="N", help=tr("cli", "the name"))
    parser.add_argument("--phone", required=True, metavar="P",
                        help=tr("cli", "mobile number: 11 digits in China, else +country code"))
    parser.add_argument("--birthday", default="", metavar="D",
                        help=tr("cli", "e.g. 1990-05-03, 1990/5/3, 1990年5月3日, 19900503, "
                                       "5月3日 or 05-03"))
    parser.add_argument("--tags", default="", metavar="T,..",
                        help=tr("cli", "tags separated by commas (new tags are created)"))
    parser.add_argument("--entry", metavar="E",
                        help=tr("cli", "the entry point the member joined through: its id, "
                                       "channel code or name"))
    parser.set_defaults(run=run_add)


def _add_list_parser(sub) -> None:
    parser = sub.add_parser(
        "list", help=tr("cli", "list members"),
        description=tr("cli", "List members, newest first (by phone when searching digits)."))
    parser.add_argument("--search", default="", metavar="Q",
                        help=tr("cli", "phone prefix, pinyin initials (zs finds 张三) or part "
                                       "of the name"))
    parser.add_argument("--limit", type=positive_count, default=100, metavar="N",
                        help=tr("cli", "at most N members (default 100)"))
    parser.add_argument("--segment", metavar="S",
                        help=tr("cli", "only the members of this segment (with --search: "
                                       "both)"))
    parser.set_defaults(run=run_list)


def run_add(args, ctx) -> int:
    """Add one member; answers its id."""
    from desktop.domain.members import MemberInput, add_member

    ctx.open_database()
    tags = [tag for tag in (args.tags or "").replace("，", ",").split(",") if tag.strip()]
    data = MemberInput(name=args.name, phone=args.phone, birthday=args.birthday, tags=tags)
    entry_id = _entry_id(args.entry) if args.entry else None
    record = add_member(data, source="cli", entry_point_id=entry_id)
    payload = {"id": record.id, "name": record.name, "phone": record.phone,
               "birthday": str(record.birthday) if record.birthday else None,
               "tags": list(record.tags), "source": record.source}
    ctx.answer(payload, tr("cli", "Member {id} added: {name} {phone}").format(
        id=record.id, name=record.name, phone=record.phone))
    return 0


def run_list(args, ctx) -> int:
    """List the members matching --search (and --segment), at most --limit, and the total."""
    from db.models import utcnow
    from desktop.domain.member_listing import count_matching, iter_member_pages
    from desktop.domain.member_query import MemberFilter

    ctx.open_database()
    member_filter = MemberFilter(args.search, args.segment or None, now=utcnow())
    rows = []
    for page in iter_member_pages(member_filter, page_size=LIST_PAGE, limit=args.limit):
        rows += page
    total = count_matching(member_filter)
    payload = {
        "members": [
            {"id": r.id, "name": r.name, "phone": r.phone,
             "birthday": str(r.birthday) if r.birthday else None, "tier": r.tier,
             "points": r.points, "tags": list(r.tags), "source": r.source}
            for r in rows
        ],
        "total": total,
    }
    ctx.answer(payload, _table(rows, total))
    return 0


def _entry_id(text: str) -> int:
    from peewee import fn

    from db.models import EntryPoint
    from desktop.domain.errors import InvalidInput

    value = text.strip()
    condition = (EntryPoint.channel_code == value) | (fn.LOWER(EntryPoint.name) == value.lower())
    if value.isdigit():
        condition |= EntryPoint.id == int(value)
    entry = EntryPoint.select(EntryPoint.id).where(condition).order_by(EntryPoint.id).first()
    if entry is None:
        raise InvalidInput(field="--entry", problem=tr("cli", "there is no entry point {entry}")
                           .format(entry=value))
    return entry.id


def _table(rows, total: int) -> str:
    headers = [tr("cli", "ID"), tr("cli", "Name"), tr("cli", "Phone"), tr("cli", "Birthday"),
               tr("cli", "Tier"), tr("cli", "Points"), tr("cli", "Tags"), tr("cli", "Source")]
    lines = [[str(r.id), r.name, r.phone or "", str(r.birthday or ""), r.tier, str(r.points),
              r.tags_text, r.source] for r in rows]
    widths = [max(_width(cell) for cell in column) for column in zip(headers, *lines, strict=False)]
    text = [_row(headers, widths)] + [_row(line, widths) for line in lines]
    text.append(tr("cli", "{shown} of {total} members").format(shown=len(rows), total=total))
    return "\n".join(text)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell + " " * (width - _width(cell))
                     for cell, width in zip(cells, widths, strict=True)).rstrip()


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
