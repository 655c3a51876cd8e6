"""Coupon stats per template and per batch: issued, redeemed, redemption rate, revenue attached.

Each is one grouped query over the coupons (a single scan, fast at a million rows); the
titles of templates and batches come from their own small tables.
"""

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from db.models import Coupon, CouponBatch, CouponTemplate


@dataclass(frozen=True)
class CouponStats:
    """The counts of one template or batch."""

    id: int
    title: str  # the template's title (a batch's template)
    issued: int
    redeemed: int
    revenue_cents: int  # sum of the bill amounts recorded with redemptions

    @property
    def rate(self) -> float:
        """Redeemed share of issued, 0.0 to 1.0 (0.0 when nothing was issued)."""
        return self.redeemed / self.issued if self.issued else 0.0


@dataclass(frozen=True)
class BatchStats(CouponStats):
    """A batch's counts, with what the batch was for and when it was made."""

    template_id: int = 0
    purpose: str = ""
    created_at: dt.datetime | None = None


def template_stats(include_archived: bool = True) -> list[CouponStats]:
    """Every template's counts, newest template first (templates without coupons too)."""
    counts = _counts(Coupon.template)
    query = CouponTemplate.select(CouponTemplate.id, CouponTemplate.title).order_by(
        CouponTemplate.id.desc())
    if not include_archived:
        query = query.where(CouponTemplate.archived_at.is_null())
    return [CouponStats(template_id, title, *counts.get(template_id, (0, 0, 0)))
            for template_id, title in query.tuples()]


def batch_stats(template_id: int | None = None) -> list[BatchStats]:
    """Every batch's counts (of one template when given), newest batch first."""
    counts = _counts(Coupon.batch, template_id)
    query = (CouponBatch.select(CouponBatch.id, CouponTemplate.title, CouponBatch.template,
                                CouponBatch.purpose, CouponBatch.created_at)
             .join(CouponTemplate).order_by(CouponBatch.id.desc()))
    if template_id is not None:
        query = query.where(CouponBatch.template == template_id)
    return [BatchStats(batch_id, title, *counts.get(batch_id, (0, 0, 0)),
                       template_id=owner, purpose=purpose, created_at=created)
            for batch_id, title, owner, purpose, created in query.tuples()]


def _counts(column, template_id: int | None = None) -> dict[int, tuple[int, int, int]]:
    """column value -> (issued, redeemed, revenue) in one grouped query."""
    query = Coupon.select(column, fn.COUNT(Coupon.id), fn.COUNT(Coupon.redeemed_at),
                          fn.COALESCE(fn.SUM(Coupon.redeemed_amount_cents), 0))
    if template_id is not None:
        query = query.where(Coupon.template == template_id)
    return {key: (int(issued), int(redeemed), int(revenue))
            for key, issued, redeemed, revenue in query.group_by(column).tuples()
            if key is not None}
