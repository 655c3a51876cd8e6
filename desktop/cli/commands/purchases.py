"""`shopcircle purchases add|refund`: record a purchase or refund one, with its points."""

from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `purchases` with its `add` and `refund` subcommands."""
    parser = subparsers.add_parser(
        "purchases", help=tr("purchases", "record purchases and refunds"),
        description=tr("purchases", "Record a member's purchase with the points it earns, or "
                                    "refund a purchase and take its points back."))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    add = actions.add_parser(
        "add", help=tr("purchases", "record a purchase"),
        description=tr("purchases", "Record a purchase by the member with phone P; the member "
                                    "earns points by the points-per-yuan setting. Exit code "
                                    "1 when no member has that phone, 2 for a bad amount."))
    add.add_argument("--phone", required=True, metavar="P",
                     help=tr("purchases", "the member's mobile number"))
    add.add_argument("--amount", required=True, metavar="A",
                     help=tr("purchases", "amount in yuan, e.g. 38.5"))
    add.add_argument("--note", default="", metavar="T", help=tr("purchases", "a note"))
    add.set_defaults(run=run_add)
    refund = actions.add_parser(
        "refund", help=tr("purchases", "refund a purchase"),
        description=tr("purchases", "Refund purchase ID in full and take back the points it "
                                    "earned (the balance may go below zero if they were "
                                    "spent). Exit code 1 when it was already refunded or "
                                    "does not exist."))
    refund.add_argument("purchase_id", type=int, metavar="ID",
                        help=tr("purchases", "the purchase number"))
    refund.set_defaults(run=run_refund)
    _accept_global_options_after_action(add, refund)


def _accept_global_options_after_action(*parsers) -> None:
    """`purchases add ... --json` works like `--json purchases add ...`, as for `check`."""
    import argparse

    from desktop.cli.main import _add_shared_options

    for parser in parsers:
        _add_shared_options(parser, argparse.SUPPRESS, argparse.SUPPRESS)


def run_add(args, ctx) -> int:
    """Record the purchase and say how many points it earned."""
    from desktop.domain.purchases import member_by_phone, parse_amount, record_purchase

    ctx.open_database()
    amount = parse_amount(args.amount)  # checked before anything is written
    member = member_by_phone(args.phone)
    result = record_purchase(member.id, amount, note=args.note)
    payload = {"id": result.id, "points": result.points, "member_id": member.id,
               "amount_cents": amount, "member_points": result.member_points}
    text = tr("purchases", "Purchase {id} recorded: {amount} yuan, {points} points earned; "
                           "balance {balance} points.").format(
        id=result.id, amount=f"{amount / 100:.2f}", points=result.points,
        balance=result.member_points)
    ctx.answer(payload, text)
    return 0


def run_refund(args, ctx) -> int:
    """Refund the purchase and say how many points were taken back."""
    from desktop.domain.purchases import refund_purchase

    ctx.open_database()
    result = refund_purchase(args.purchase_id)
    payload = {"id": result.id, "points": result.points, "refund_of": args.purchase_id,
               "member_points": result.member_points}
    text = tr("purchases", "Purchase {purchase} refunded (refund {id}): {points} points "
                           "taken back; balance {balance} points.").format(
        purchase=args.purchase_id, id=result.id, points=-result.points,
        balance=result.member_points)
    ctx.answer(payload, text)
    return 0
