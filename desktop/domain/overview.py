"""The store at a glance: how many members, purchases and coupons, for the overview page."""

import datetime as dt
from dataclasses import dataclass

from db.models import Coupon, Member, Purchase, utcnow

PERIOD_DAYS = 30


@dataclass(frozen=True)
class StoreOverview:
    """Counts for the overview page; `period_days` is the window of the recent figures."""

    members: int  # current members: not merged into another, not anonymised
    new_members: int
    purchases: int  # purchases in the period, refunds not counted
    coupons_issued: int
    coupons_redeemed: int
    period_days: int

    @property
    def is_empty(self) -> bool:
        """Nothing recorded yet: the page shows what the app is for instead of zeros."""
        return not (self.members or self.purchases or self.coupons_issued or self.coupons_redeemed)


def store_overview(period_days: int = PERIOD_DAYS, now: dt.datetime | None = None) -> StoreOverview:
    """Counts over the whole store and over the last `period_days` days (indexed counts only)."""
    since = (now or utcnow()) - dt.timedelta(days=period_days)
    current = Member.select().where(Member.merged_into.is_null(), Member.anonymised_at.is_null())
    return StoreOverview(
        members=current.count(),
        new_members=current.where(Member.created_at >= since).count(),
        purchases=Purchase.select()
        .where(Purchase.at >= since, Purchase.refund_of.is_null(), Purchase.amount_cents > 0)
        .count(),
        coupons_issued=Coupon.select()
        .where(Coupon.issued_at >= since, Coupon.voided_at.is_null())
        .count(),
        coupons_redeemed=Coupon.select().where(Coupon.redeemed_at >= since).count(),
        period_days=period_days,
    )
