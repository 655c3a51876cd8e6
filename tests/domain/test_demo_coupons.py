"""The demo store's coupons: templates, issued and redeemed coupons that make sense."""

import datetime as dt

from peewee import fn

from db.models import Coupon, CouponBatch, CouponTemplate, Member
from desktop.domain import coupon_codes
from desktop.domain.coupon_stats import batch_stats, template_stats
from desktop.domain.demo import fill_demo_store
from desktop.domain.settings import get_setting

NOW = dt.datetime(2026, 5, 20, 6, 0)


def test_demo_issues_and_redeems_coupons(db):
    result = fill_demo_store(members=600, seed=7, now=NOW)
    coupons = list(Coupon.select())
    assert result.coupons == len(coupons) > 400
    assert CouponTemplate.select().count() == 4
    assert get_setting("birthday_coupon_template") is not None
    assert len({c.code for c in coupons}) == len(coupons)
    assert all(coupon_codes.is_valid(c.code) for c in coupons)
    redeemed = [c for c in coupons if c.redeemed_at is not None]
    assert 0.1 * len(coupons) < len(redeemed) < 0.6 * len(coupons)
    templates = {t.id: t for t in CouponTemplate.select()}
    for coupon in redeemed:
        assert coupon.issued_at <= coupon.redeemed_at <= NOW
        assert coupon.redeemed_at < coupon.expires_at
        assert coupon.redeemed_amount_cents >= templates[coupon.template_id].min_spend_cents
        assert coupon.voided_at is None
    members = {m for (m,) in Member.select(Member.id).tuples()}
    assert {c.member_id for c in coupons} - {None} <= members
    assert any(c.member_id is None for c in coupons)  # the printed batch
    for batch in CouponBatch.select():
        assert batch.count == Coupon.select().where(Coupon.batch == batch.id).count()
    revenue = Coupon.select(fn.SUM(Coupon.redeemed_amount_cents)).scalar()
    assert sum(s.revenue_cents for s in template_stats()) == revenue > 0
    assert sum(s.issued for s in batch_stats()) == len(coupons)
