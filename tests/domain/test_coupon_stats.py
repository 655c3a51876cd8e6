"""Coupon stats per template and batch, and a member's coupons with their states."""

import datetime as dt

from db.models import Coupon, Member
from desktop.domain.coupon_issuing import generate_batch, issue_to_members
from desktop.domain.coupon_stats import batch_stats, template_stats
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.member_coupons import member_coupons
from desktop.domain.store import current_store

NOW = dt.datetime(2026, 6, 17, 4, 0)


def redeem(code: str, amount: int | None, at: dt.datetime = NOW) -> None:
    Coupon.update(redeemed_at=at, redeemed_amount_cents=amount).where(
        Coupon.code == code).execute()


def test_counts_rate_and_revenue_per_template_and_batch(db):
    first = add_template(TemplateInput("满100减20", "amount", 2000)).id
    second = add_template(TemplateInput("9折", "percent", 10)).id
    unused = add_template(TemplateInput("Free", "gift")).id
    a = generate_batch(first, 4)
    b = generate_batch(first, 6)
    c = generate_batch(second, 5)
    redeem(a.codes[0], 12000)
    redeem(a.codes[1], None)  # redeemed without a bill amount
    redeem(b.codes[0], 3050)
    stats = {s.id: s for s in template_stats()}
    assert [s.id for s in template_stats()] == [unused, second, first]
    assert (stats[first].issued, stats[first].redeemed, stats[first].revenue_cents) == (
        10, 3, 15050)
    assert stats[first].rate == 0.3
    assert (stats[second].issued, stats[second].redeemed, stats[second].rate) == (5, 0, 0.0)
    assert (stats[unused].issued, stats[unused].rate) == (0, 0.0)
    batches = {s.id: s for s in batch_stats()}
    assert (batches[a.batch_id].issued, batches[a.batch_id].redeemed,
            batches[a.batch_id].revenue_cents) == (4, 2, 12000)
    assert batches[b.batch_id].rate == 1 / 6
    assert batches[c.batch_id].title == "9折" and batches[c.batch_id].purpose == "print"
    assert [s.id for s in batch_stats(second)] == [c.batch_id]


def test_member_coupons_newest_first_with_states(db):
    holder = Member.create(store=current_store(), name="张三", phone="13800000001").id
    lasting = add_template(TemplateInput("Lasting", "gift")).id
    month = add_template(TemplateInput("Month", "amount", 500, valid_days=30)).id
    codes = [issue_to_members(template_id, [holder]).codes[0]
             for template_id in (month, month, month, lasting)]
    long_ago = dt.datetime(2026, 1, 2, 3, 4)
    Coupon.update(issued_at=long_ago, valid_from=long_ago,
                  expires_at=long_ago + dt.timedelta(days=30)).where(
        Coupon.code == codes[0]).execute()
    redeem(codes[1], 800, at=dt.datetime(2026, 6, 1, 6, 3))
    Coupon.update(voided_at=NOW).where(Coupon.code == codes[2]).execute()
    listed = member_coupons(holder)
    assert [c.code.replace("-", "") for c in listed][-1] == codes[0]  # oldest last
    by_code = {c.code.replace("-", ""): c for c in listed}
    assert by_code[codes[0]].state == "expired"
    assert by_code[codes[1]].state == "redeemed"
    assert by_code[codes[1]].state_text().startswith("Redeemed 2026-06-01")
    assert by_code[codes[2]].state == "voided"
    assert by_code[codes[3]].state == "valid"
    assert by_code[codes[3]].state_text() == "Valid, no expiry"
    assert by_code[codes[3]].title == "Lasting" and "-" in by_code[codes[3]].code
    assert member_coupons(holder + 1) == []
