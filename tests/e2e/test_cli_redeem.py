"""`shopcircle coupons redeem` end to end: exit codes and JSON keys of the CLI contract."""

import time

from db import close_db, init_db
from db.models import Coupon, CouponTemplate
from desktop.domain import coupon_codes
from desktop.domain.store import current_store
from tests.e2e.test_cli import answer, db_arg, has_chinese, shopcircle  # noqa: F401


def add_coupon(db: str) -> str:
    init_db(db)
    try:
        store = current_store()
        template = CouponTemplate.create(issuer_store=store, title="Tea", kind="amount",
                                         value=500, min_spend_cents=2_000)
        return Coupon.create(code=coupon_codes.new_code(), issuer_uuid=store.uuid,
                             template=template).code
    finally:
        close_db()


def test_redeem_exit_codes_and_json(db_arg, tmp_path):  # noqa: F811
    code = add_coupon(db_arg)
    shown = coupon_codes.display(code)

    done = shopcircle("--db", db_arg, "--json", "coupons", "redeem", shown, "--amount", "25",
                      home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert {k: answer(done)[k] for k in ("ok", "reason", "code")} == {
        "ok": True, "reason": "redeemed", "code": shown}

    time.sleep(2.1)  # past the 2 s in which a scanner's repeat counts as "already done just now"
    again = shopcircle("--db", db_arg, "--json", "coupons", "redeem", code.lower(),
                       home=tmp_path)
    assert again.returncode == 1
    refused = answer(again)
    assert (refused["ok"], refused["reason"], refused["code"]) == (
        False, "already_redeemed", shown)
    assert refused["message"]

    bad = shopcircle("--db", db_arg, "--json", "coupons", "redeem", code, "--amount", "abc",
                     home=tmp_path)
    assert bad.returncode == 2
    assert answer(bad)["ok"] is False


def test_redeem_speaks_chinese_and_refuses_unknown_codes(tmp_path):
    db = str(tmp_path / "shop.db")
    add_coupon(db)
    result = shopcircle("--db", db, "--lang", "zh_CN", "coupons", "redeem", "HELLO",
                        home=tmp_path)
    assert result.returncode == 1
    assert has_chinese(result.stderr)
