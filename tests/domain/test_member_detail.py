"""A member's detail and paged purchase and points histories, on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from db.models import Consent, Member, PointsEntry, Purchase, Staff
from desktop.domain.member_detail import (
    RECENT_REFERRALS,
    member_detail,
    member_purchases,
    points_ledger,
)
from desktop.domain.members import (
    MemberInput,
    MemberNotFound,
    add_member,
    delete_on_request,
    merge_members,
)
from desktop.domain.money import format_yuan
from desktop.domain.purchases import record_purchase, refund_purchase
from desktop.domain.store import current_store
from tests.support.member_story import START, regular_customer


def every_page(reader, member_id: int, limit: int) -> list:
    lines, before, pages = [], None, 0
    while True:
        page = reader(member_id, limit=limit, before=before)
        lines += page.lines
        pages += 1
        if page.next_before is None:
            return lines, pages
        before = page.next_before


def test_detail_has_profile_consents_source_referrer_and_referrals(db):
    story = regular_customer(referrals=3)
    detail = member_detail(story.member_id)
    member = Member.get_by_id(story.member_id)
    assert detail.profile.name == "欧阳娜娜·长名字测试会员"
    assert detail.profile.tags == ("周末", "爱喝咖啡", "老客户")
    assert str(detail.profile.birthday) == "1990-05-03"
    assert (detail.profile.points, detail.profile.total_spent_cents) == (
        member.points, member.total_spent_cents)
    assert detail.profile.visit_count == 12
    # Marketing was given on the sign-up page, then withdrawn at the counter: the newest wins.
    marketing = detail.consent("marketing")
    assert (marketing.given, marketing.source) == (False, "counter")
    assert marketing.at == START + dt.timedelta(days=40)
    sharing = detail.consent("partner_sharing")
    assert (sharing.given, sharing.policy_version) == (True, "2025-01")
    assert [c.kind for c in detail.consents] == ["marketing", "partner_sharing"]
    assert detail.source_entry.name == "桌贴 A5 · 靠窗"
    assert (detail.source_entry.id, detail.source_entry.kind) == (story.entry_id, "page")
    assert detail.signup_source == "page"
    assert (detail.referrer.id, detail.referrer.name, detail.referrer.live) == (
        story.referrer_id, "李四", True)
    assert detail.referral_count == 3
    assert [r.id for r in detail.recent_referrals] == list(reversed(story.referral_ids))
    assert detail.recent_referrals[0].name == "朋友2号"


def test_consent_entry_point_and_a_member_never_asked(db):
    story = regular_customer(purchases=2, referrals=0)
    first = Consent.select().where(Consent.member == story.member_id).order_by(Consent.at).get()
    assert member_detail(story.member_id).consents[0].entry_point == ""  # newest: counter
    Consent.update(at=START + dt.timedelta(days=50)).where(Consent.id == first.id).execute()
    assert member_detail(story.member_id).consent("marketing").entry_point == "桌贴 A5 · 靠窗"
    Consent.delete().where(Consent.member == story.member_id).execute()
    detail = member_detail(story.member_id)
    assert detail.consent("marketing") is None
    assert detail.signup_source == ""


def test_referrals_count_everyone_but_list_only_the_newest(db):
    story = regular_customer(purchases=2, referrals=RECENT_REFERRALS + 2)
    detail = member_detail(story.member_id)
    assert detail.referral_count == RECENT_REFERRALS + 2
    assert len(detail.recent_referrals) == RECENT_REFERRALS
    assert detail.recent_referrals[-1].id == story.referral_ids[2]


def test_a_deleted_referral_stays_counted_and_a_merged_one_goes(db):
    story = regular_customer(purchases=2, referrals=3)
    first, second, third = story.referral_ids
    delete_on_request(first)
    merge_members(third, second)  # second becomes part of third, who keeps the referrer
    detail = member_detail(story.member_id)
    assert detail.referral_count == 2
    assert {(r.id, r.live) for r in detail.recent_referrals} == {(first, False), (third, True)}
    delete_on_request(story.referrer_id)
    assert member_detail(story.member_id).referrer.live is False


def test_a_member_added_at_the_counter_shows_how_they_joined(db):
    record = add_member(MemberInput(name="王五", phone="13700137000"))
    detail = member_detail(record.id)
    assert detail.source_entry is None
    assert detail.signup_source == "counter"
    assert detail.referrer is None
    assert (detail.referral_count, detail.recent_referrals) == (0, ())


@pytest.mark.parametrize("reader", [member_detail, member_purchases, points_ledger])
def test_unknown_deleted_and_merged_members_are_not_found(db, reader):
    keep = add_member(MemberInput(name="甲", phone="13700137001")).id
    merged = add_member(MemberInput(name="乙", phone="13700137002")).id
    deleted = add_member(MemberInput(name="丙", phone="13700137003")).id
    merge_members(keep, merged)
    delete_on_request(deleted)
    for member_id in (merged, deleted, 999_999):
        with pytest.raises(MemberNotFound):
            reader(member_id)
    reader(keep)  # the member who was kept is still there


def test_purchases_page_newest_first_with_refunds_marked(db):
    story = regular_customer(purchases=12)
    lines, pages = every_page(member_purchases, story.member_id, limit=5)
    assert pages == 3
    ids = [line.id for line in lines]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == 13  # twelve purchases and one refund, none twice
    by_id = {line.id: line for line in lines}
    refunded, refund = by_id[story.refunded_id], by_id[story.refund_id]
    assert refunded.refunded_by == story.refund_id
    assert not refunded.refundable and not refunded.is_refund
    assert refund.is_refund and refund.refund_of == story.refunded_id
    assert not refund.refundable
    assert refund.amount_cents == -refunded.amount_cents
    assert refund.points == -refunded.points  # its points had not expired yet
    stored = Purchase.get_by_id(story.purchase_ids[0])
    oldest = by_id[story.purchase_ids[0]]
    assert (oldest.amount_cents, oldest.points, oldest.note) == (1850, 18, "拿铁")
    assert oldest.at == stored.at and oldest.refundable
    assert member_purchases(story.member_id, limit=5).lines == tuple(lines[:5])


def test_a_purchase_line_names_its_staff(db):
    record = add_member(MemberInput(name="王五", phone="13700137000"))
    staff = Staff.create(store=current_store(), name="小李")
    record_purchase(record.id, 1000, staff_id=staff.id)
    record_purchase(record.id, 2000)
    lines = member_purchases(record.id).lines
    assert [(line.amount_cents, line.staff) for line in lines] == [(2000, ""), (1000, "小李")]


def test_ledger_pages_show_purchase_expiry_and_refund_lines(db):
    story = regular_customer(purchases=12)
    lines, pages = every_page(points_ledger, story.member_id, limit=4)
    stored = list(PointsEntry.select().where(PointsEntry.member == story.member_id)
                  .order_by(PointsEntry.id.desc()))
    assert [(line.id, line.delta, line.reason) for line in lines] == [
        (entry.id, entry.delta, entry.reason) for entry in stored]
    assert pages == -(-len(stored) // 4)
    reasons = {line.reason for line in lines}
    assert {"purchase", "expiry", "refund"} <= reasons
    assert sum(line.delta for line in lines) == Member.get_by_id(story.member_id).points
    purchase_line = next(line for line in lines if line.reason == "purchase")
    assert purchase_line.expires_at == purchase_line.at + dt.timedelta(days=30)
    refund_line = next(line for line in lines if line.reason == "refund")
    assert refund_line.purchase_id == story.refund_id


def test_refund_then_detail_and_pages_agree_with_the_database(db):
    record = add_member(MemberInput(name="王五", phone="13700137000"))
    bought = record_purchase(record.id, 3850, note="拿铁")
    assert member_purchases(record.id).lines[0].refundable
    refund_purchase(bought.id)
    detail = member_detail(record.id)
    assert (detail.profile.points, detail.profile.total_spent_cents) == (0, 0)
    assert [line.delta for line in points_ledger(record.id).lines] == [-38, 38]


def test_a_limit_out_of_range_is_clamped(db):
    record = add_member(MemberInput(name="王五", phone="13700137000"))
    for _ in range(3):
        record_purchase(record.id, 100)
    assert len(member_purchases(record.id, limit=0).lines) == 1
    assert member_purchases(record.id, limit=0).next_before is not None
    assert len(points_ledger(record.id, limit=10_000).lines) == 3


@pytest.mark.parametrize(("cents", "text"), [
    (0, "¥0.00"), (5, "¥0.05"), (3850, "¥38.50"), (123450, "¥1,234.50"),
    (100_000_000, "¥1,000,000.00"), (-3850, "-¥38.50")])
def test_money_reads_as_yuan(cents, text):
    assert format_yuan(cents) == text
