"""`shopcircle purchases add|refund` end to end: JSON keys, exit codes, the database after."""

from db import close_db, init_db
from db.models import Member, PointsEntry, Purchase
from desktop.domain.store import current_store
from tests.e2e.test_cli import answer, db_arg, has_chinese, shopcircle  # noqa: F401

PHONE = "13800138000"


def add_member(db_arg: str) -> int:  # noqa: F811
    init_db(db_arg)
    try:
        return Member.create(store=current_store(), name="张三", phone=PHONE).id
    finally:
        close_db()


def test_add_then_refund_keeps_no_points(db_arg, tmp_path):  # noqa: F811
    member_id = add_member(db_arg)
    added = shopcircle("--db", db_arg, "--json", "purchases", "add", "--phone",
                       "+86 138 0013 8000", "--amount", "38.5", "--note", "拿铁",
                       home=tmp_path)
    assert added.returncode == 0, added.stderr
    bought = answer(added)
    assert bought["ok"] is True
    assert bought["points"] == 38
    purchase_id = bought["id"]

    refunded = shopcircle("--db", db_arg, "--json", "purchases", "refund", str(purchase_id),
                          home=tmp_path)
    assert refunded.returncode == 0, refunded.stderr
    refund = answer(refunded)
    assert refund["points"] == -38
    assert refund["id"] != purchase_id

    again = shopcircle("--db", db_arg, "--json", "purchases", "refund", str(purchase_id),
                       home=tmp_path)
    assert again.returncode == 1
    assert answer(again)["error"] == "already_refunded"

    init_db(db_arg)
    try:
        member = Member.get_by_id(member_id)
        assert (member.points, member.total_spent_cents, member.visit_count) == (0, 0, 1)
        assert Purchase.get_by_id(purchase_id).amount_cents == 3850
        assert Purchase.get_by_id(purchase_id).note == "拿铁"
        assert sorted(e.delta for e in PointsEntry.select()) == [-38, 38]
    finally:
        close_db()
    check = shopcircle("--db", db_arg, "--json", "check", home=tmp_path)
    assert check.returncode == 0, check.stdout


def test_refusals_and_bad_input_exit_codes(tmp_path):
    db = str(tmp_path / "shop.db")
    add_member(db)
    unknown = shopcircle("--db", db, "--json", "purchases", "add", "--phone", "13900000000",
                         "--amount", "10", home=tmp_path)
    assert unknown.returncode == 1
    assert answer(unknown)["error"] == "member_not_found"
    assert "13900000000" in answer(unknown)["message"]
    for amount in ("0", "abc", "1.234", "-5"):
        bad = shopcircle("--db", db, "--json", "purchases", "add", "--phone", PHONE,
                         "--amount", amount, home=tmp_path)
        assert bad.returncode == 2, (amount, bad.stdout, bad.stderr)
        assert answer(bad)["error"] in ("invalid_input", "invalid_arguments")
    missing = shopcircle("--db", db, "purchases", "refund", "999", "--json", home=tmp_path)
    assert missing.returncode == 1
    assert answer(missing)["error"] == "purchase_not_found"
    chinese = shopcircle("--db", db, "--lang", "zh_CN", "purchases", "add", "--phone",
                         PHONE, "--amount", "12", home=tmp_path)
    assert chinese.returncode == 0, chinese.stderr
    assert has_chinese(chinese.stdout)


def test_refusals_speak_chinese(tmp_path):
    db = str(tmp_path / "shop.db")
    add_member(db)
    refused = shopcircle("--db", db, "--lang", "zh_CN", "purchases", "refund", "5",
                         home=tmp_path)
    assert refused.returncode == 1
    assert has_chinese(refused.stderr.replace("错误", ""))
