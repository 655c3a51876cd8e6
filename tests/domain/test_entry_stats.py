"""Entry point figures: opens, sign-ups, conversion and daily sign-ups (both databases)."""

import datetime as dt

from db.models import Coupon, Purchase, SignupEvent, utcnow
from desktop.domain.coupon_issuing import issue_welcome
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.entry_points import EntryPointInput, add_entry_point
from desktop.domain.entry_stats import daily_signups, entry_figures, figures_of
from desktop.domain.member_listing import local_time
from desktop.domain.members import MemberInput, add_member
from desktop.domain.store import current_store


def signed_up(entry_id: int, phone: str, at: dt.datetime) -> int:
    member = add_member(MemberInput(name="客", phone=phone), entry_point_id=entry_id)
    SignupEvent.create(entry_point=entry_id, kind="signed_up", member=member.id, at=at)
    return member.id


def test_opens_signups_and_conversion_per_entry_point(db):
    door = add_entry_point(EntryPointInput(name="门口", kind="page")).id
    desk = add_entry_point(EntryPointInput(name="前台", kind="counter")).id
    quiet = add_entry_point(EntryPointInput(name="没人扫", kind="page")).id
    now = utcnow()
    for _ in range(5):
        SignupEvent.create(entry_point=door, kind="opened", at=now)
    SignupEvent.create(entry_point=door, kind="refused", at=now)
    buyer = signed_up(door, "13800000001", now - dt.timedelta(hours=2))
    refunder = signed_up(door, "13800000002", now - dt.timedelta(hours=2))
    earlier = signed_up(door, "13800000003", now - dt.timedelta(hours=2))
    redeemer = signed_up(desk, "13800000004", now - dt.timedelta(hours=2))
    signed_up(desk, "13800000005", now - dt.timedelta(hours=2))
    store = current_store()
    Purchase.create(member=buyer, store=store, amount_cents=5000, at=now)
    Purchase.create(member=buyer, store=store, amount_cents=3000, at=now)  # still one sign-up
    sale = Purchase.create(member=refunder, store=store, amount_cents=100, at=now - dt.timedelta(
        hours=3))
    Purchase.create(member=refunder, store=store, amount_cents=-100, at=now, refund_of=sale.id)
    Purchase.create(member=earlier, store=store, amount_cents=900,
                    at=now - dt.timedelta(days=1))  # before signing up: not a conversion
    template = add_template(TemplateInput(title="新客券", kind="amount", value=500,
                                          valid_days=30)).id
    coupon = issue_welcome(redeemer, template)
    Coupon.update(redeemed_at=now).where(Coupon.code == coupon.code).execute()

    figures = entry_figures()
    assert (figures[door].opens, figures[door].signups, figures[door].converted) == (5, 3, 1)
    assert (figures[desk].opens, figures[desk].signups, figures[desk].converted) == (0, 2, 1)
    assert figures[door].rate == 1 / 3 and figures[desk].rate == 0.5
    assert quiet not in figures
    assert figures_of(figures, quiet).rate == 0.0 and figures_of(figures, quiet).signups == 0


def test_daily_signups_count_local_days_of_the_last_thirty(db):
    door = add_entry_point(EntryPointInput(name="门口", kind="page")).id
    other = add_entry_point(EntryPointInput(name="别处", kind="page")).id
    now = utcnow()
    today = local_time(now).date()
    signed_up(door, "13800000001", now)
    signed_up(door, "13800000002", now)
    signed_up(door, "13800000003", now - dt.timedelta(days=3))
    signed_up(door, "13800000004", now - dt.timedelta(days=40))  # too old
    signed_up(other, "13800000005", now)
    SignupEvent.create(entry_point=door, kind="opened", at=now)

    series = daily_signups(door)
    assert len(series.days) == 30 and series.days[-1] == today
    assert series.days[0] == today - dt.timedelta(days=29)
    assert series.counts[-1] == 2 and series.counts[-4] == 1
    assert series.total == 3
