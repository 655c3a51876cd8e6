"""`shopcircle coupons template add|generate|issue|redeem|print`: the coupons command.

Each subcommand is registered by its own `add_*_parser(sub)` function, so `coupons redeem`
and `coupons print` join beside them from their own modules.
"""

from desktop.cli.commands.coupon_print import add_print_parser
from desktop.cli.commands.coupon_redeem import add_redeem_parser
from desktop.cli.parser import positive_count
from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `coupons` and its subcommands."""
    parser = subparsers.add_parser("coupons", help=tr("cli", "coupon templates and issuing"),
                                   description=tr("cli", "Coupons: templates, printed batches "
                                                         "and coupons for members."))
    sub = parser.add_subparsers(dest="coupons_command", metavar="SUBCOMMAND",
                                title=tr("cli", "subcommands"), parser_class=type(parser))
    sub.required = True
    add_template_parser(sub)
    add_generate_parser(sub)
    add_issue_parser(sub)
    add_redeem_parser(sub)
    add_print_parser(sub)


def add_template_parser(sub) -> None:
    """`coupons template add`."""
    parser = sub.add_parser("template", help=tr("cli", "coupon templates"),
                            description=tr("cli", "Coupon templates."))
    actions = parser.add_subparsers(dest="template_command", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    add = actions.add_parser(
        "add", help=tr("cli", "add a coupon template"),
        description=tr("cli", "Add a coupon template; answers its id. Exit code 2 when a "
                              "value is not usable (the field is named)."))
    add.add_argument("--title", required=True, metavar="T", help=tr("cli", "the title"))
    add.add_argument("--type", required=True, choices=("amount", "percent", "gift"),
                     dest="kind", help=tr("cli", "amount off, percent off or a free item"))
    add.add_argument("--value", required=True, metavar="V",
                     help=tr("cli", "yuan off for amount (e.g. 20), percent off for percent "
                                    "(10 = 10%% off), 0 for a gift"))
    add.add_argument("--min-spend", default="0", metavar="M",
                     help=tr("cli", "minimum bill in yuan (default 0: none)"))
    validity = add.add_mutually_exclusive_group()
    validity.add_argument("--valid-days", type=positive_count, metavar="N",
                          help=tr("cli", "valid N days from issue"))
    validity.add_argument("--valid-from", metavar="D",
                          help=tr("cli", "first valid day, YYYY-MM-DD (with --valid-to)"))
    add.add_argument("--valid-to", metavar="D",
                     help=tr("cli", "last valid day, YYYY-MM-DD (with --valid-from)"))
    add.set_defaults(run=run_template_add)


def add_generate_parser(sub) -> None:
    """`coupons generate TEMPLATE --count N [--partner P]`."""
    parser = sub.add_parser(
        "generate", help=tr("cli", "generate a batch of codes"),
        description=tr("cli", "Generate a batch of codes held by no member: to print, or for "
                              "a partner to hand out. Exit code 1 when the template does not "
                              "exist or cannot issue coupons."))
    parser.add_argument("template", type=int, metavar="TEMPLATE",
                        help=tr("cli", "the template id"))
    parser.add_argument("--count", required=True, type=positive_count, metavar="N",
                        help=tr("cli", "how many codes (at most 100,000)"))
    parser.add_argument("--partner", metavar="P",
                        help=tr("cli", "the partner who hands them out: its id or name"))
    parser.add_argument("--note", default="", metavar="T", help=tr("cli", "a note"))
    parser.set_defaults(run=run_generate)


def add_issue_parser(sub) -> None:
    """`coupons issue TEMPLATE (--phone P | --segment S)`."""
    parser = sub.add_parser(
        "issue", help=tr("cli", "issue coupons to members"),
        description=tr("cli", "Issue a coupon to the member with a phone, or to every "
                              "member of a segment. Exit code 1 when no member has the "
                              "phone or the template cannot issue coupons."))
    parser.add_argument("template", type=int, metavar="TEMPLATE",
                        help=tr("cli", "the template id"))
    whom = parser.add_mutually_exclusive_group(required=True)
    whom.add_argument("--phone", metavar="P", help=tr("cli", "the member's mobile number"))
    whom.add_argument("--segment", metavar="S",
                      help=tr("cli", "every member of this segment, e.g. birthday_month"))
    parser.set_defaults(run=run_issue)


def run_template_add(args, ctx) -> int:
    """Add the template; answers its id."""
    from desktop.domain.coupons import TemplateInput, add_template, describe
    from desktop.domain.purchases import parse_amount

    value = _value(args.kind, args.value)
    min_spend = 0 if _is_zero(args.min_spend) else _yuan(args.min_spend, "--min-spend",
                                                           parse_amount)
    data = TemplateInput(title=args.title, kind=args.kind, value=value,
                         min_spend_cents=min_spend, valid_days=args.valid_days,
                         valid_from=_date(args.valid_from, "--valid-from"),
                         valid_to=_date(args.valid_to, "--valid-to"))
    ctx.open_database()
    template = add_template(data)
    texts = describe(template)
    ctx.answer({"id": template.id, "title": template.title, "type": template.kind,
                "value": template.value, "min_spend_cents": template.min_spend_cents},
               tr("cli", "Coupon template {id} added: {title} ({value})").format(
                   id=template.id, title=template.title, value=texts.value))
    return 0


def run_generate(args, ctx) -> int:
    """Generate the batch; answers its uuid and the codes."""
    from desktop.domain.coupon_codes import display
    from desktop.domain.coupon_issuing import generate_batch

    ctx.open_database()
    partner_id = _partner_id(args.partner) if args.partner else None
    result = generate_batch(args.template, args.count,
                            purpose="to_partner" if partner_id else "print",
                            partner_id=partner_id, note=args.note)
    codes = [display(code) for code in result.codes]
    ctx.answer({"batch": result.batch_uuid, "batch_id": result.batch_id, "codes": codes},
               "\n".join([tr("cli", "Batch {batch}: {count} codes").format(
                   batch=result.batch_uuid, count=result.issued), *codes]))
    return 0


def run_issue(args, ctx) -> int:
    """Issue to one member or a segment; answers how many and the codes."""
    from desktop.domain.coupon_codes import display
    from desktop.domain.coupon_issuing import issue_to_members, issue_to_segment
    from desktop.domain.purchases import member_by_phone

    ctx.open_database()
    if args.phone:
        result = issue_to_members(args.template, [member_by_phone(args.phone).id])
    else:
        result = issue_to_segment(args.template, args.segment.strip())
    codes = [display(code) for code in result.codes]
    ctx.answer({"issued": result.issued, "batch": result.batch_uuid or None, "codes": codes},
               "\n".join([tr("cli", "Coupons issued: {count}").format(count=result.issued),
                          *codes]))
    return 0


def _value(kind: str, text: str) -> int:
    """--value: yuan (as fen) for an amount off, a whole number otherwise."""
    from desktop.domain.errors import InvalidInput
    from desktop.domain.purchases import parse_amount

    if kind == "amount":
        return _yuan(text, "--value", parse_amount)
    cleaned = text.strip().removesuffix("%")
    if not cleaned.isdigit():
        raise InvalidInput(field="--value", problem=tr("cli", "enter a whole number"))
    return int(cleaned)


def _yuan(text: str, option: str, parse_amount) -> int:
    """An amount in yuan as fen; the refusal names the option."""
    from desktop.domain.errors import InvalidInput

    try:
        return parse_amount(text)
    except InvalidInput as problem:
        raise InvalidInput(field=option, problem=problem.details["problem"]) from None


def _is_zero(text: str) -> bool:
    return text.strip() in ("0", "0.0", "0.00", "")


def _date(text: str | None, option: str):
    import datetime as dt

    from desktop.domain.errors import InvalidInput

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field=option, problem=tr("cli", "use a date like 2026-12-31")
                           ) from None


def _partner_id(text: str) -> int:
    from peewee import fn

    from db.models import Partner
    from desktop.domain.errors import InvalidInput

    value = text.strip()
    condition = fn.LOWER(Partner.name) == value.lower()
    if value.isdigit():
        condition |= Partner.id == int(value)
    partner = Partner.select(Partner.id).where(condition).order_by(Partner.id).first()
    if partner is None:
        raise InvalidInput(field="--partner", problem=tr("cli", "there is no partner {partner}")
                           .format(partner=value))
    return partner.id
