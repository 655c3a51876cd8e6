"""Purchases, refunds, points expiry and tiers, on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from db.models import AuditLog, Member, PointsEntry, Purchase, TierRule
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.health import run_check
from desktop.domain.purchases import (
    expire_points,
    member_by_phone,
    parse_amount,
    record_purchase,
    refund_purchase,
)
from desktop.domain.settings import set_setting
from desktop.domain.store import current_store
from desktop.domain.tiers import TierSpec, list_tiers, save_tiers, tier_for

T0 = dt.datetime(2026, 3, 1, 4, 0)


def make_member(phone="13800138000", name="张三") -> Member:
    return Member.create(store=current_store(), name=name, phone=phone)


def fresh(member: Member) -> Member:
    return Member.get_by_id(member.id)


def redeem(member: Member, points: int) -> None:
    """Spend points the way a redemption does: a ledger line and the cache."""
    PointsEntry.create(member=member.id, delta=-points, reason="redemption")
    Member.update(points=Member.points - points).where(Member.id == member.id).execute()


def test_points_follow_the_points_per_yuan_setting(db):
    member = make_member()
    first = record_purchase(member.id, 3850, note="拿铁")
    assert (first.points, first.member_points) == (38, 38)
    set_setting("points_per_yuan", 2)
    second = record_purchase(member.id, 999)
    assert second.points == 18
    member = fresh(member)
    assert member.points == 56
    assert member.total_spent_cents == 4849
    assert member.visit_count == 2
    assert member.first_purchase_at is not None
    assert Purchase.get_by_id(first.id).note == "拿铁"
    assert [e.delta for e in PointsEntry.select().order_by(PointsEntry.id)] == [38, 18]
    assert run_check().ok


def test_first_and_last_visit_keep_the_earliest_and_latest(db):
    member = make_member()
    record_purchase(member.id, 1000, at=T0)
    record_purchase(member.id, 1000, at=T0 - dt.timedelta(days=3))
    member = fresh(member)
    assert member.first_purchase_at == T0 - dt.timedelta(days=3)
    assert member.last_visit_at == T0


@pytest.mark.parametrize("amount", [0, -100, 2.5, 100_000_001])
def test_an_unusable_amount_is_refused_naming_the_field(db, amount):
    member = make_member()
    with pytest.raises(InvalidInput) as raised:
        record_purchase(member.id, amount)
    assert raised.value.exit_code == 2
    assert "Amount" in raised.value.user_message()
    assert Purchase.select().count() == 0


def test_amounts_typed_in_yuan_become_fen():
    assert parse_amount("38.5") == 3850
    assert parse_amount("¥1,200") == 120000
    assert parse_amount("３８元") == 3800
    for bad in ("", "abc", "1.005", "0", "-5", "nan", "inf"):
        with pytest.raises(InvalidInput):
            parse_amount(bad)


def test_a_member_is_found_by_any_typed_form_of_the_phone(db):
    member = make_member()
    assert member_by_phone("+86 138-0013-8000").id == member.id
    with pytest.raises(DomainError) as raised:
        member_by_phone("13900000000")
    assert raised.value.error_code == "member_not_found"
    assert raised.value.exit_code == 1


def test_a_refund_reverses_exactly_its_purchases_points(db):
    member = make_member()
    kept = record_purchase(member.id, 2000, at=T0)
    bought = record_purchase(member.id, 5850, at=T0 + dt.timedelta(hours=1))
    refund = refund_purchase(bought.id)
    assert (refund.points, refund.member_points) == (-58, 20)
    row = Purchase.get_by_id(refund.id)
    assert (row.amount_cents, row.refund_of_id, row.points_earned) == (-5850, bought.id, -58)
    line = PointsEntry.get(PointsEntry.purchase == refund.id)
    assert (line.delta, line.reason) == (-58, "refund")
    member = fresh(member)
    assert (member.points, member.total_spent_cents, member.visit_count) == (20, 2000, 2)
    assert member.last_visit_at == T0 + dt.timedelta(hours=1)
    assert kept.points == 20
    assert AuditLog.select().where(AuditLog.entity_id == refund.id).count() == 1
    assert run_check().ok


def test_a_purchase_is_refunded_once_and_a_refund_never(db):
    member = make_member()
    bought = record_purchase(member.id, 1000)
    refund = refund_purchase(bought.id)
    with pytest.raises(DomainError) as again:
        refund_purchase(bought.id)
    assert (again.value.error_code, again.value.exit_code) == ("already_refunded", 1)
    with pytest.raises(DomainError) as of_refund:
        refund_purchase(refund.id)
    assert of_refund.value.error_code == "not_refundable"
    with pytest.raises(DomainError) as missing:
        refund_purchase(99999)
    assert missing.value.error_code == "purchase_not_found"
    assert Purchase.select().count() == 2
    assert fresh(member).points == 0
    assert run_check().ok


def test_buy_earn_spend_refund_keeps_no_points_and_may_go_negative(db):
    """Shop-friendly rule: the refund always goes through; the spent points become a debt."""
    member = make_member()
    bought = record_purchase(member.id, 10000)
    redeem(member, 60)
    refund = refund_purchase(bought.id)
    assert refund.points == -100
    assert fresh(member).points == -60
    assert record_purchase(member.id, 8000).member_points == 20
    assert run_check().ok


def test_tiers_move_up_with_spend_and_down_after_a_refund(db):
    save_tiers([TierSpec("普通", "spend", 0, 0), TierSpec("银卡", "spend", 30000, 1),
                TierSpec("金卡", "points", 500, 2)])
    assert [t.name for t in list_tiers()] == ["普通", "银卡", "金卡"]
    member = make_member()
    record_purchase(member.id, 1000)
    assert fresh(member).tier.name == "普通"
    big = record_purchase(member.id, 30000)
    assert fresh(member).tier.name == "银卡"
    record_purchase(member.id, 20000)
    assert fresh(member).tier.name == "金卡"  # 510 points reach the points-based tier
    refund_purchase(big.id)
    assert fresh(member).tier.name == "普通"
    assert tier_for(0, 0).name == "普通"
    assert tier_for(0, 500).name == "金卡"


def test_saving_tiers_recomputes_members_and_deletes_unlisted_rules(db):
    save_tiers([TierSpec("普通", "spend", 0, 0), TierSpec("VIP", "spend", 100000, 3)])
    member = make_member()
    record_purchase(member.id, 50000)
    assert fresh(member).tier.name == "普通"
    vip = next(t for t in list_tiers() if t.name == "VIP")
    save_tiers([TierSpec("VIP", "spend", 40000, 3, id=vip.id)])
    assert TierRule.select().count() == 1
    assert fresh(member).tier_id == vip.id
    with pytest.raises(InvalidInput):
        save_tiers([TierSpec("", "spend", 0, 0)])
    with pytest.raises(InvalidInput):
        save_tiers([TierSpec("x", "visits", 0, 0)])


def test_expired_points_go_unless_spent_and_expiry_runs_once(db):
    set_setting("points_expire_days", 30)
    member = make_member()
    old = record_purchase(member.id, 10000, at=T0)  # 100 points, expire T0 + 30 days
    record_purchase(member.id, 5000, at=T0 + dt.timedelta(days=20))  # 50, expire later
    assert PointsEntry.get(PointsEntry.purchase == old.id).expires_at == \
        T0 + dt.timedelta(days=30)
    redeem(member, 30)  # spent oldest first: from the 100
    assert expire_points(now=T0 + dt.timedelta(days=29)) == 0
    assert expire_points(now=T0 + dt.timedelta(days=31)) == 70
    assert fresh(member).points == 50
    assert expire_points(now=T0 + dt.timedelta(days=31)) == 0
    assert expire_points(now=T0 + dt.timedelta(days=60)) == 50
    assert fresh(member).points == 0
    line = PointsEntry.get((PointsEntry.reason == "expiry") & (PointsEntry.purchase == old.id))
    assert line.delta == -70
    assert run_check().ok


def test_refund_after_expiry_takes_back_only_what_is_left(db):
    set_setting("points_expire_days", 30)
    member = make_member()
    bought = record_purchase(member.id, 10000, at=T0)
    expire_points(now=T0 + dt.timedelta(days=31))
    assert fresh(member).points == 0
    assert refund_purchase(bought.id).points == 0
    assert fresh(member).points == 0
    assert run_check().ok


def test_refunded_points_do_not_expire_again(db):
    set_setting("points_expire_days", 30)
    member = make_member()
    bought = record_purchase(member.id, 10000, at=T0)
    record_purchase(member.id, 2000, at=T0 + dt.timedelta(days=40))
    refund_purchase(bought.id)
    assert expire_points(now=T0 + dt.timedelta(days=31)) == 0
    assert fresh(member).points == 20
    assert run_check().ok


def test_without_the_setting_points_never_expire(db):
    member = make_member()
    record_purchase(member.id, 10000, at=T0)
    assert PointsEntry.get().expires_at is None
    assert expire_points(now=T0 + dt.timedelta(days=3650)) == 0
    assert fresh(member).points == 100


def test_a_deleted_or_merged_member_cannot_buy(db):
    member = make_member()
    Member.update(anonymised_at=T0, phone=None).where(Member.id == member.id).execute()
    with pytest.raises(InvalidInput):
        record_purchase(member.id, 1000)
    with pytest.raises(InvalidInput):
        record_purchase(99999, 1000)
    assert Purchase.select().count() == 0
