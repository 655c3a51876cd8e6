"""`coupons redeem` through its own parser: JSON keys, exit codes, and a bad amount."""

import argparse
import io
import json

import pytest

from db.models import Coupon, CouponTemplate, RedemptionAttempt
from desktop.cli.commands.coupon_redeem import add_redeem_parser
from desktop.cli.context import CliContext
from desktop.domain import coupon_codes
from desktop.domain.errors import InvalidInput
from desktop.domain.store import current_store


def run(database_url: str, *argv: str) -> tuple[int, dict]:
    parser = argparse.ArgumentParser()
    add_redeem_parser(parser.add_subparsers())
    args = parser.parse_args(["redeem", *argv])
    out = io.StringIO()
    code = args.run(args, CliContext(db=database_url, json=True, lang="en", stdout=out))
    return code, json.loads(out.getvalue())


def coupon(min_spend: int = 0) -> str:
    store = current_store()
    template = CouponTemplate.create(issuer_store=store, title="Tea", kind="percent", value=10,
                                     min_spend_cents=min_spend)
    return Coupon.create(code=coupon_codes.new_code(), issuer_uuid=store.uuid,
                         template=template).code


def test_redeemed_exits_0_and_refused_exits_1_with_the_reason(db, database_url):
    code = coupon(min_spend=5_000)
    shown = coupon_codes.display(code)

    below = run(database_url, shown.lower(), "--amount", "30")
    done = run(database_url, shown, "--amount", "50")
    unknown = run(database_url, "NOT-A-CODE")

    assert below[0] == 1
    assert (below[1]["ok"], below[1]["reason"], below[1]["code"]) == (
        False, "below_min_spend", shown)
    assert done[0] == 0
    assert {k: done[1][k] for k in ("ok", "reason", "code")} == {
        "ok": True, "reason": "redeemed", "code": shown}
    assert "¥50.00" in done[1]["message"]
    assert unknown[0] == 1
    assert (unknown[1]["reason"], unknown[1]["code"]) == ("unknown", None)
    assert unknown[1]["message"] == "Unknown code. Check the code and try again."


def test_a_bad_amount_is_bad_input_and_nothing_is_recorded(db, database_url):
    code = coupon()
    with pytest.raises(InvalidInput) as raised:
        run(database_url, code, "--amount", "lots")
    assert raised.value.exit_code == 2
    assert RedemptionAttempt.select().count() == 0
    assert Coupon.get(Coupon.code == code).redeemed_at is None
