"""A member's coupons for the detail panel: code, title and state, newest first."""

import datetime as dt
from dataclasses import dataclass

from db.models import Coupon, CouponTemplate, utcnow
from desktop.domain.coupon_codes import display
from desktop.i18n import tr

MAX_SHOWN = 200  # a panel list, not an archive


@dataclass(frozen=True)
class MemberCoupon:
    """One coupon a member holds, and where it stands at the moment it was read."""

    id: int
    code: str  # for reading: K7QM-3XHP-9TRD
    title: str
    state: str  # valid | not_yet | redeemed | expired | voided
    issued_at: dt.datetime
    valid_from: dt.datetime | None
    expires_at: dt.datetime | None  # the first moment it is no longer valid
    redeemed_at: dt.datetime | None
    voided_at: dt.datetime | None

    def state_text(self) -> str:
        """The state in words, in the current language, with its local date or time."""
        if self.state == "redeemed":
            return tr("coupons", "Redeemed {when}").format(when=_local(self.redeemed_at))
        if self.state == "voided":
            return tr("coupons", "Voided {when}").format(when=_local(self.voided_at, False))
        if self.state == "expired":
            return tr("coupons", "Expired {when}").format(when=_last_day(self.expires_at))
        if self.state == "not_yet":
            return tr("coupons", "Valid from {when}").format(when=_local(self.valid_from, False))
        if self.expires_at is None:
            return tr("coupons", "Valid, no expiry")
        return tr("coupons", "Valid until {when}").format(when=_last_day(self.expires_at))


def member_coupons(member_id: int, now: dt.datetime | None = None) -> list[MemberCoupon]:
    """The member's coupons, newest first (at most MAX_SHOWN)."""
    now = now or utcnow()
    query = (Coupon.select(Coupon.id, Coupon.code, CouponTemplate.title, Coupon.issued_at,
                           Coupon.valid_from, Coupon.expires_at, Coupon.redeemed_at,
                           Coupon.voided_at)
             .join(CouponTemplate).where(Coupon.member == member_id)
             .order_by(Coupon.issued_at.desc(), Coupon.id.desc()).limit(MAX_SHOWN))
    return [MemberCoupon(coupon_id, display(code), title, _state(now, start, end, redeemed,
                                                                   voided),
                         issued, start, end, redeemed, voided)
            for coupon_id, code, title, issued, start, end, redeemed, voided in query.tuples()]


def _state(now, valid_from, expires_at, redeemed_at, voided_at) -> str:
    if redeemed_at is not None:
        return "redeemed"
    if voided_at is not None:
        return "voided"
    if expires_at is not None and expires_at <= now:
        return "expired"
    if valid_from is not None and valid_from > now:
        return "not_yet"
    return "valid"


def _local(moment: dt.datetime | None, with_time: bool = True) -> str:
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def _last_day(expires_at: dt.datetime) -> str:
    """The last local day a coupon was valid: expiry is the first moment after it."""
    local = (expires_at - dt.timedelta(microseconds=1)).replace(tzinfo=dt.UTC).astimezone()
    return local.date().isoformat()
