"""The demo store's coupons: templates, a welcome coupon and a campaign coupon for many
members, a printed batch, and a share of them redeemed at the members' own visits.

Redeemed rows are written as the desk would leave them (time, bill amount, desk, staff,
store); the redemption logic itself lives elsewhere. Coupon draws use their own random
stream, so the demo members of a seed stay the same with or without coupons.
"""

import datetime as dt
import random
import uuid

from db.bulk import bulk_insert, time_value
from db.models import Coupon, CouponBatch, CouponTemplate
from desktop.domain import coupon_codes, settings
from desktop.domain.coupon_issuing import issue_birthday_coupons

WELCOME_SHARE = 0.7  # of members who joined through an entry point in the window
CAMPAIGN_SHARE = 0.35
REDEEM_SHARE = 0.55  # of coupons whose holder visits while it is valid
VOID_SHARE = 0.005
DESK = "前台"
# (key, title, kind, value, minimum spend, valid days, terms)
TEMPLATES = (
    ("welcome", "新人立减10元", "amount", 1000, 3000, 30, "新会员专享，每人限用一次"),
    ("campaign", "满100减20", "amount", 2000, 10000, 30, "每单限用一张，不找零"),
    ("birthday", "生日免费蛋糕一份", "gift", 3800, 0, 14, "生日当月凭券到店领取"),
    ("print", "全场9折", "percent", 10, 0, 60, "特价商品除外"),
)
COLUMNS = ("code", "issuer_uuid", "template_id", "batch_id", "member_id", "issued_at",
           "valid_from", "expires_at", "redeemed_at", "redeemed_desk",
           "redeemed_amount_cents", "redeemed_store_id", "redeemed_by_id", "voided_at",
           "void_reason")


class DemoCoupons:
    """Writes the coupons of each chunk of demo members, then the printed batch."""

    def __init__(self, seed: int, store_id: int, issuer: str, staff_ids: list[int],
                 now: dt.datetime) -> None:
        self.rng = random.Random(seed * 7919 + 17)
        self.store_id, self.issuer, self.staff_ids, self.now = store_id, issuer, staff_ids, now
        self.templates = _templates()
        self.batches = {key: _batch(self.templates[key][0], purpose, now)
                        for key, purpose in (("welcome", "welcome"), ("campaign", "members"))}
        self.counts = dict.fromkeys(self.batches, 0)
        self.seen = {code for (code,) in Coupon.select(Coupon.code).where(
            Coupon.issuer_uuid == issuer).tuples().iterator()}
        if settings.get_setting("birthday_coupon_template") is None:
            settings.set_setting("birthday_coupon_template", self.templates["birthday"][0])

    def write_chunk(self, members: list[tuple[int, dt.datetime, bool, list[dt.datetime]]]
                    ) -> int:
        """Coupons for (member id, joined, through an entry point, visit times); how many."""
        rows = []
        rng = self.rng
        window_start = self.now - dt.timedelta(days=182)
        for member_id, created, welcomed, visits in members:
            if welcomed and rng.random() < WELCOME_SHARE:
                rows.append(self._row("welcome", member_id, created, visits))
            if rng.random() < CAMPAIGN_SHARE:
                start = max(created, window_start)
                issued = start + (self.now - start) * rng.random()
                rows.append(self._row("campaign", member_id, issued, visits))
        bulk_insert(Coupon, COLUMNS, rows, convert_times=False)
        return len(rows)

    def finish(self, members: int) -> int:
        """Add the printed batch (some redeemed) and the birthday coupons due now, and set
        the batch counts; how many coupons that added."""
        rng, key = self.rng, "print"
        self.batches[key] = _batch(self.templates[key][0], "print", self.now, "开业宣传单")
        self.counts[key] = 0
        issued = self.now - dt.timedelta(days=20)
        rows = [self._row(key, None, issued,
                          [issued + (self.now - issued) * rng.random()]
                          if rng.random() < 0.25 else [])
                for _ in range(min(200 + members // 100, 10_000))]
        bulk_insert(Coupon, COLUMNS, rows, convert_times=False)
        for key, batch_id in self.batches.items():
            CouponBatch.update(count=self.counts[key]).where(CouponBatch.id == batch_id).execute()
        birthdays = issue_birthday_coupons(self.now)
        return len(rows) + (birthdays.issued if birthdays else 0)

    def _row(self, key: str, member_id: int | None, issued: dt.datetime,
             visits: list[dt.datetime]) -> tuple:
        rng = self.rng
        template_id, min_spend, days = self.templates[key]
        expires = issued + dt.timedelta(days=days)
        self.counts[key] += 1
        redeemed_at = amount = store = staff = voided = None
        used = [v for v in visits if issued < v < expires and v <= self.now]
        if used and rng.random() < REDEEM_SHARE:
            redeemed_at = used[0]
            amount = max(min_spend, int(rng.lognormvariate(8.9, 0.5) / 100) * 100)
            store, staff = self.store_id, rng.choice(self.staff_ids)
        elif rng.random() < VOID_SHARE:
            voided = issued + (min(expires, self.now) - issued) * rng.random()
        return (self._code(), self.issuer, template_id, self.batches[key], member_id,
                time_value(issued), time_value(issued), time_value(expires),
                time_value(redeemed_at), DESK if redeemed_at else "", amount, store, staff,
                time_value(voided), "作废：顾客退卡" if voided else "")

    def _code(self) -> str:
        code = coupon_codes.new_code()
        while code in self.seen:
            code = coupon_codes.new_code()
        self.seen.add(code)
        return code


def _templates() -> dict[str, tuple[int, int, int]]:
    """key -> (template id, minimum spend, valid days); existing demo templates are reused."""
    from desktop.domain.store import current_store

    found = {}
    for key, title, kind, value, min_spend, days, terms in TEMPLATES:
        template = CouponTemplate.get_or_none(CouponTemplate.title == title,
                                              CouponTemplate.archived_at.is_null())
        if template is None:
            template = CouponTemplate.create(
                issuer_store=current_store(), title=title, kind=kind, value=value,
                min_spend_cents=min_spend, valid_days=days, terms=terms)
        found[key] = (template.id, template.min_spend_cents, template.valid_days or days)
    return found


def _batch(template_id: int, purpose: str, now: dt.datetime, note: str = "") -> int:
    return CouponBatch.create(uuid=str(uuid.uuid4()), template=template_id, purpose=purpose,
                              note=note, created_at=now).id
