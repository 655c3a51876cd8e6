"""A regular customer with a history, for the member detail tests and screenshots."""

import datetime as dt
from dataclasses import dataclass

from db.models import Consent, EntryPoint, Member
from desktop.domain.members import MemberInput, add_member
from desktop.domain.purchases import expire_points, record_purchase, refund_purchase
from desktop.domain.settings import set_setting
from desktop.domain.store import current_store

START = dt.datetime(2026, 1, 5, 3, 30)  # naive UTC, as stored
NOTES = ("拿铁", "美式 ×2", "生日蛋糕 6 寸", "", "会员日", "外带", "提拉米苏", "", "手冲",
         "燕麦拿铁", "季节限定", "")


@dataclass(frozen=True)
class Story:
    """The ids a test needs to look at what was written."""

    member_id: int
    referrer_id: int
    referral_ids: tuple[int, ...]  # oldest first
    purchase_ids: tuple[int, ...]  # oldest first, refunds not included
    refunded_id: int  # one of purchase_ids, refunded
    refund_id: int
    entry_id: int


def regular_customer(name: str = "欧阳娜娜·长名字测试会员", purchases: int = 12,
                     referrals: int = 3, now: dt.datetime | None = None) -> Story:
    """A member who joined through a table tent, referred by a friend, with purchases (one
    refunded), expired points, a withdrawn and a given consent, and referrals of their own."""
    set_setting("points_expire_days", 30)
    entry = EntryPoint.create(store=current_store(), name="桌贴 A5 · 靠窗", kind="page",
                              token="s" * 43, channel_code="tent")
    friend = add_member(MemberInput(name="李四", phone="13900139000"))
    member = add_member(MemberInput(
        name=name, phone="13812345678", birthday="1990-05-03", gender="f", wechat="nana_1990",
        tags=["老客户", "爱喝咖啡", "周末"], notes="不要糖；燕麦奶。"),
        source="page", entry_point_id=entry.id)
    Member.update(referrer=friend.id, created_at=START).where(Member.id == member.id).execute()
    Consent.update(at=START).where(Consent.member == member.id).execute()  # joined then
    Consent.create(member=member.id, kind="partner_sharing", given=True, source="page",
                   at=START + dt.timedelta(days=1), policy_version="2025-01")
    Consent.create(member=member.id, kind="marketing", given=False, source="counter",
                   at=START + dt.timedelta(days=40))
    ids = [record_purchase(member.id, 1850 + 1337 * i, note=NOTES[i % len(NOTES)],
                           at=START + dt.timedelta(days=4 * i, hours=i)).id
           for i in range(purchases)]
    expire_points(now or START + dt.timedelta(days=4 * purchases))  # the oldest expire
    refund = refund_purchase(ids[-2], at=START + dt.timedelta(days=4 * purchases))
    invited = [add_member(MemberInput(name=f"朋友{i}号", phone=f"1370000{i:04d}")).id
               for i in range(referrals)]
    for i, member_id in enumerate(invited):
        Member.update(referrer=member.id, created_at=START + dt.timedelta(days=10 + i)).where(
            Member.id == member_id).execute()
    return Story(member.id, friend.id, tuple(invited), tuple(ids), ids[-2], refund.id, entry.id)
