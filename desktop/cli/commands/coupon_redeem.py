"""`shopcircle coupons redeem CODE [--amount A]`: the redemption desk on the command line."""

from desktop.i18n import tr


def add_redeem_parser(sub) -> None:
    """Register `coupons redeem` under the `coupons` subcommands `sub`."""
    parser = sub.add_parser(
        "redeem", help=tr("cli", "redeem a coupon code"),
        description=tr("cli", "Redeem the coupon with code CODE (dashes, spaces and lower case "
                              "are fine), optionally checking the bill amount against its "
                              "minimum spend. Exit code 0 when redeemed, 1 when refused (the "
                              "reason says why: already_redeemed, expired, not_yet_valid, "
                              "below_min_spend, voided, typo, unknown, throttled), 2 for a "
                              "bad amount."))
    parser.add_argument("code", metavar="CODE", help=tr("cli", "the coupon code"))
    parser.add_argument("--amount", metavar="A",
                        help=tr("cli", "the bill in yuan, e.g. 120 or 88.5"))
    parser.set_defaults(run=run_redeem)


def run_redeem(args, ctx) -> int:
    """Judge the code like the desk does; exit 0 only when it was redeemed (or just was)."""
    from desktop.cli.context import write_json
    from desktop.domain.purchases import parse_amount
    from desktop.domain.redemption import redeem, this_desk

    amount = parse_amount(args.amount) if args.amount is not None else None  # before opening
    ctx.open_database()
    verdict = redeem(args.code, this_desk(), amount_cents=amount)
    payload = {"ok": verdict.ok, "reason": verdict.reason, "message": verdict.message,
               "code": verdict.code, "suggestion": verdict.suggestion,
               "title": verdict.title, "value": verdict.value_text,
               "attempt": verdict.attempt_id}
    if ctx.json:
        write_json(ctx.stdout, payload)
    else:
        details = " · ".join(part for part in (verdict.code, verdict.title,
                                              verdict.value_text) if part)
        text = f"{verdict.message}\n  {details}" if details else verdict.message
        print(text, file=ctx.stdout if verdict.ok else ctx.stderr)
    return 0 if verdict.ok else 1
