"""`shopcircle coupons template add|generate|issue` end to end: JSON keys, exit codes, rows."""

from db import close_db, init_db
from db.models import Coupon, CouponBatch, CouponTemplate, Member
from desktop.domain import coupon_codes
from desktop.domain.store import current_store
from tests.e2e.test_cli import answer, db_arg, shopcircle  # noqa: F401


def test_template_generate_and_issue(db_arg, tmp_path):  # noqa: F811
    added = shopcircle("--db", db_arg, "--json", "coupons", "template", "add", "--title",
                       "满100减20", "--type", "amount", "--value", "20", "--min-spend", "100",
                       "--valid-days", "30", home=tmp_path)
    assert added.returncode == 0, added.stderr
    template_id = answer(added)["id"]

    generated = shopcircle("--db", db_arg, "--json", "coupons", "generate", str(template_id),
                           "--count", "25", home=tmp_path)
    assert generated.returncode == 0, generated.stderr
    batch = answer(generated)
    assert len(batch["codes"]) == 25
    assert all(coupon_codes.is_valid(coupon_codes.normalise(c)) for c in batch["codes"])

    init_db(db_arg)
    try:
        template = CouponTemplate.get_by_id(template_id)
        assert (template.title, template.kind, template.value, template.min_spend_cents,
                template.valid_days) == ("满100减20", "amount", 2000, 10000, 30)
        stored = CouponBatch.get(CouponBatch.uuid == batch["batch"])
        assert (stored.count, stored.purpose) == (25, "print")
        member_id = Member.create(store=current_store(), name="张三", phone="13800138000").id
        Member.create(store=current_store(), name="李四", phone="13900139000", visit_count=1)
    finally:
        close_db()

    one = shopcircle("--db", db_arg, "--json", "coupons", "issue", str(template_id), "--phone",
                     "138 0013 8000", home=tmp_path)
    assert one.returncode == 0, one.stderr
    assert answer(one)["issued"] == 1
    segment = shopcircle("--db", db_arg, "--json", "coupons", "issue", str(template_id),
                         "--segment", "customers", home=tmp_path)
    assert segment.returncode == 0, segment.stderr
    assert answer(segment)["issued"] == 1

    init_db(db_arg)
    try:
        code = coupon_codes.normalise(answer(one)["codes"][0])
        assert Coupon.get(Coupon.code == code).member_id == member_id
        assert Coupon.select().count() == 27
    finally:
        close_db()


def test_refusals_and_bad_input(tmp_path):
    db = str(tmp_path / "shop.db")
    bad_value = shopcircle("--db", db, "--json", "coupons", "template", "add", "--title", "x",
                           "--type", "percent", "--value", "100", home=tmp_path)
    assert bad_value.returncode == 2
    assert answer(bad_value)["error"] == "invalid_input"
    one_date = shopcircle("--db", db, "--json", "coupons", "template", "add", "--title", "x",
                          "--type", "gift", "--value", "0", "--valid-from", "2026-01-01",
                          home=tmp_path)
    assert one_date.returncode == 2
    missing = shopcircle("--db", db, "--json", "coupons", "generate", "99", "--count", "2",
                         home=tmp_path)
    assert missing.returncode == 1
    assert answer(missing)["error"] == "template_not_found"
    added = shopcircle("--db", db, "--json", "coupons", "template", "add", "--title", "Free",
                       "--type", "gift", "--value", "0", "--valid-from", "2026-01-01",
                       "--valid-to", "2099-12-31", home=tmp_path)
    assert added.returncode == 0, added.stderr
    nobody = shopcircle("--db", db, "--json", "coupons", "issue", str(answer(added)["id"]),
                        "--phone", "13800000000", home=tmp_path)
    assert nobody.returncode == 1
    assert answer(nobody)["error"] == "member_not_found"
    segment = shopcircle("--db", db, "--json", "coupons", "issue", str(answer(added)["id"]),
                         "--segment", "nonsense", home=tmp_path)
    assert segment.returncode == 2
    zero = shopcircle("--db", db, "--json", "coupons", "generate", "1", "--count", "0",
                      home=tmp_path)
    assert zero.returncode == 2


def test_generate_then_print_the_batch(tmp_path):
    import subprocess

    db_path = str(tmp_path / "shop.db")
    added = shopcircle("--db", db_path, "--json", "coupons", "template", "add", "--title",
                       "新客立减", "--type", "amount", "--value", "10", home=tmp_path)
    template_id = answer(added)["id"]
    batch = answer(shopcircle("--db", db_path, "--json", "coupons", "generate", str(template_id),
                              "--count", "12", home=tmp_path))["batch"]
    out = tmp_path / "券.pdf"
    printed = shopcircle("--db", db_path, "--json", "coupons", "print", batch, "--out", str(out),
                         "--per-page", "10", home=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert answer(printed)["pages"] == 2 and out.exists()
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Pages:           2" in info
    missing = shopcircle("--db", db_path, "--json", "coupons", "print", "no-such-batch", "--out",
                         str(tmp_path / "x.pdf"), home=tmp_path)
    assert missing.returncode == 1 and not (tmp_path / "x.pdf").exists()
