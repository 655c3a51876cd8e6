"""`shopcircle entries add|poster`: entry points (channels people join through) and posters."""

from desktop.cli.parser import file_path
from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `entries` and its subcommands."""
    parser = subparsers.add_parser("entries", help=tr("cli", "entry points and their QR codes"),
                                   description=tr("cli", "Entry points: the channels people "
                                                         "join through, each with its own QR "
                                                         "code."))
    sub = parser.add_subparsers(dest="entries_command", metavar="SUBCOMMAND",
                                title=tr("cli", "subcommands"), parser_class=type(parser))
    sub.required = True
    _add_add_parser(sub)
    _add_poster_parser(sub)


def _add_add_parser(sub) -> None:
    parser = sub.add_parser(
        "add", help=tr("cli", "add an entry point"),
        description=tr("cli", "Add an entry point; answers its id and qr_url, what its QR code "
                              "carries. For --kind page that is the sign-up page's path "
                              "(/s/TOKEN), or a full URL when the setting signup_base_url is "
                              "set (qr_is_path says which); for a counter there is no QR "
                              "(null). Exit code 2 when a value is not usable (the field is "
                              "named)."))
    parser.add_argument("name", metavar="NAME",
                        help=tr("cli", "the name, e.g. Front counter (at most 60 characters)"))
    parser.add_argument("--kind", required=True, metavar="page|form|url|counter",
                        help=tr("cli", "page: the built-in sign-up page; form: an external "
                                       "form; url: any address (print only); counter: staff "
                                       "sign people up in the app"))
    parser.add_argument("--url", default="", metavar="U",
                        help=tr("cli", "the address, http:// or https:// (form and url kinds)"))
    parser.add_argument("--param", default="", metavar="P",
                        help=tr("cli", "the form's link parameter that records the channel "
                                       "(default for 问卷星 wjx.cn: sojumpparm)"))
    parser.add_argument("--tags", default="", metavar="T,..",
                        help=tr("cli", "tags put on everyone who joins through it, separated "
                                       "by commas"))
    parser.add_argument("--welcome", type=int, metavar="TEMPLATE",
                        help=tr("cli", "the coupon template id of the welcome coupon"))
    parser.add_argument("--location", default="", metavar="L",
                        help=tr("cli", "where it is put up, e.g. by the door"))
    parser.set_defaults(run=run_add)


def run_add(args, ctx) -> int:
    """Add the entry point; answers its id and what its QR code carries."""
    from desktop.domain.entry_points import EntryPointInput, add_entry_point, qr_url

    ctx.open_database()
    tags = [tag for tag in (args.tags or "").replace("，", ",").split(",") if tag.strip()]
    entry = add_entry_point(EntryPointInput(
        name=args.name, kind=args.kind, url=args.url, param=args.param, tags=tags,
        welcome_template_id=args.welcome, location=args.location))
    target = qr_url(entry)
    is_path = target is not None and target.startswith("/")
    payload = {"id": entry.id, "name": entry.name, "kind": entry.kind,
               "channel_code": entry.channel_code, "qr_url": target, "qr_is_path": is_path,
               "tags": list(entry.tags), "welcome_template": entry.welcome_template_id}
    lines = [tr("cli", "Entry point {id} added: {name} (channel {code})").format(
        id=entry.id, name=entry.name, code=entry.channel_code)]
    if target is None:
        lines.append(tr("cli", "A counter entry point has no QR code: choose it when adding "
                               "a member."))
    else:
        lines.append(tr("cli", "QR code: {url}").format(url=target))
    if is_path:
        lines.append(tr("cli", "This is the sign-up page's path; the full address is known "
                               "once the sign-up page runs, or set signup_base_url."))
    ctx.answer(payload, "\n".join(lines))
    return 0


def _add_poster_parser(sub) -> None:
    from desktop.printing.poster_templates import TEMPLATES

    parser = sub.add_parser(
        "poster", help=tr("cli", "a poster with an entry point's QR code, as PDF or PNG"),
        description=tr("cli", "Write a poster for an entry point; answers the file's path. "
                              "PDF at true size or PNG at 300 dpi (square: a 1080 px PNG "
                              "only), by the file's suffix. A sign-up page's QR carries "
                              "signup_base_url when set, else this PC's LAN address on port "
                              "8080, where the sign-up page listens. Exit code 2 for a "
                              "counter (no QR) or an entry point that does not exist."))
    parser.add_argument("entry", type=int, metavar="ID", help=tr("cli", "the entry point id"))
    parser.add_argument("--template", required=True, choices=list(TEMPLATES),
                        metavar="|".join(TEMPLATES),
                        help=tr("cli", "the paper: A4, A5 table tent, A6, 80 or 58 mm "
                                       "receipt, or a square image for WeChat Moments"))
    parser.add_argument("--out", type=file_path, required=True, metavar="FILE.pdf|png",
                        help=tr("cli", "the PDF or PNG to write"))
    parser.add_argument("--headline", default="", metavar="TEXT",
                        help=tr("cli", "the headline (default: Join our members)"))
    parser.add_argument("--hook", default="", metavar="TEXT",
                        help=tr("cli", "the offer line (default: Scan to join — 10%% off)"))
    parser.add_argument("--hours", default="", metavar="TEXT",
                        help=tr("cli", "opening hours for the footer, e.g. 9:00-21:00"))
    parser.set_defaults(run=run_poster)


def run_poster(args, ctx) -> int:
    """Read the entry point and the store, then paint the poster to the file."""
    from desktop.domain.errors import InvalidInput
    from desktop.printing.entry_posters import entry_poster
    from desktop.printing.poster_templates import TEMPLATES

    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".png") or (suffix == ".pdf" and TEMPLATES[args.template].png_only):
        raise InvalidInput(field=tr("cli", "Output file"),
                           problem=tr("cli", "use a .png file (or .pdf except for square)"))
    ctx.open_database()
    poster = entry_poster(args.entry, headline=args.headline, hook=args.hook, hours=args.hours)
    from desktop.cli.commands.coupon_print import gui_application

    app = gui_application()  # noqa: F841 - kept alive while the poster is painted
    from desktop.printing.posters import render_poster

    path = render_poster(args.template, poster, args.out)
    ctx.answer({"path": str(path), "template": args.template, "qr_url": poster.qr_url},
               tr("cli", "Poster written to {path} (QR code: {url}).").format(
                   path=path, url=poster.qr_url))
    return 0
