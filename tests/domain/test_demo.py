"""The demo store looks real and obeys every invariant a real store must (both backends)."""

import datetime as dt
from collections import defaultdict

import pytest

from db import close_db, init_db
from db.models import (
    Consent,
    EntryPoint,
    Member,
    MemberTag,
    PointsEntry,
    Purchase,
    Staff,
    TierRule,
)
from desktop.domain.demo import DemoRefused, fill_demo_store
from desktop.domain.errors import InvalidInput
from desktop.domain.phones import normalise_phone
from desktop.domain.pinyin import name_initials

NOW = dt.datetime(2026, 11, 20, 9, 30)


def _is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_demo_members_look_real(db):
    result = fill_demo_store(members=300, seed=11, now=NOW)
    assert result.members == 300
    members = list(Member.select())
    assert len(members) == 300
    assert all(_is_han(m.name) and 2 <= len(m.name) <= 4 for m in members)
    assert len({m.name[0] for m in members}) > 30  # many surnames, weighted to the common ones
    phones = [m.phone for m in members]
    assert len(set(phones)) == len(phones)
    assert all(normalise_phone(phone) == phone for phone in phones)
    assert all(m.name_initials == name_initials(m.name) for m in members)
    assert {m.gender for m in members} >= {"f", "m"}
    with_birthday = [m for m in members if m.birth_month]
    assert 0.4 < len(with_birthday) / len(members) < 0.9
    assert all(m.birthday_key == m.birth_month * 100 + m.birth_day for m in with_birthday)
    assert all(dt.date(2000, m.birth_month, m.birth_day) for m in with_birthday)
    assert MemberTag.select().count() > 100
    assert {t.name for t in TierRule.select()} == {"普通会员", "银卡会员", "金卡会员", "VIP"}
    assert Staff.select().count() >= 2
    entries = list(EntryPoint.select())
    assert {e.kind for e in entries} >= {"counter", "page"}
    assert {"前台收银台", "桌卡", "橱窗海报", "小票二维码"} <= {e.name for e in entries}
    assert all(len(e.token) >= 40 and len(e.channel_code) >= 8 for e in entries)
    # Everyone joined with the required marketing consent; some agreed to partner sharing.
    marketing = {c.member_id for c in Consent.select().where(Consent.kind == "marketing")}
    assert marketing == {m.id for m in members}
    assert Consent.select().where(Consent.kind == "partner_sharing").count() > 30


def test_demo_caches_agree_with_purchases_and_ledger(db):
    fill_demo_store(members=400, seed=5, now=NOW)
    ledger = defaultdict(int)
    for entry in PointsEntry.select():
        ledger[entry.member_id] += entry.delta
    purchases = defaultdict(list)
    for purchase in Purchase.select():
        purchases[purchase.member_id].append(purchase)
    tiers = sorted(TierRule.select(), key=lambda t: t.threshold, reverse=True)
    window_start = NOW - dt.timedelta(days=183)
    refunds = 0
    for member in Member.select():
        own = purchases[member.id]
        visits = sorted(p.at for p in own if p.refund_of_id is None)
        assert member.points == ledger[member.id] >= 0
        assert member.total_spent_cents == sum(p.amount_cents for p in own)
        assert member.visit_count == len(visits)
        assert member.first_purchase_at == (visits[0] if visits else None)
        assert member.last_visit_at == (visits[-1] if visits else None)
        expected_tier = next(t for t in tiers if member.total_spent_cents >= t.threshold)
        assert member.tier_id == expected_tier.id
        for purchase in own:
            assert window_start <= purchase.at <= NOW
            assert purchase.at >= member.created_at
            if purchase.refund_of_id is not None:
                refunds += 1
                original = Purchase.get_by_id(purchase.refund_of_id)
                assert purchase.amount_cents == -original.amount_cents
                assert purchase.points_earned == -original.points_earned
    assert refunds > 0
    # Prospects (no purchase yet) and regulars both exist, as in a real shop.
    counts = [m.visit_count for m in Member.select()]
    assert counts.count(0) > 20 and max(counts) >= 10
    assert len({m.tier_id for m in Member.select()}) >= 3


def test_the_same_seed_gives_the_same_store(db, tmp_path):
    fill_demo_store(members=120, seed=42, now=NOW)
    first = _members_and_purchases(with_times=True)
    close_db()
    init_db(tmp_path / "second.db")
    try:
        fill_demo_store(members=120, seed=42, now=NOW)
        assert _members_and_purchases(with_times=True) == first
        # Run at another time of day: the same people and purchases, shifted in time.
        close_db()
        init_db(tmp_path / "later.db")
        fill_demo_store(members=120, seed=42, now=NOW + dt.timedelta(days=3, hours=7))
        assert _members_and_purchases() == _members_and_purchases(first)
        close_db()
        init_db(tmp_path / "third.db")
        fill_demo_store(members=120, seed=43, now=NOW)
        assert _members_and_purchases() != _members_and_purchases(first)
    finally:
        close_db()


def _members_and_purchases(rows=None, with_times=False):
    """Members and purchases from the database, or `rows` from an earlier call, for comparing."""
    if rows is None:
        members = list(Member.select(Member.name, Member.phone, Member.points, Member.created_at)
                       .order_by(Member.id).tuples())
        purchases = list(Purchase.select(Purchase.amount_cents, Purchase.at)
                         .order_by(Purchase.id).tuples())
        rows = members, purchases
    if with_times:
        return rows
    members, purchases = rows
    return [m[:3] for m in members], [p[:1] for p in purchases]


def test_a_store_with_members_is_refused_unless_forced(db):
    fill_demo_store(members=50, seed=1, now=NOW)
    with pytest.raises(DemoRefused) as caught:
        fill_demo_store(members=50, seed=1, now=NOW)
    assert caught.value.exit_code == 1
    assert "50" in caught.value.user_message()
    assert Member.select().count() == 50
    # Forced with the same seed: the phones already in use are not used again.
    fill_demo_store(members=50, seed=1, now=NOW, force=True)
    phones = [m.phone for m in Member.select()]
    assert len(phones) == 100 == len(set(phones))
    assert EntryPoint.select().count() == 5  # the demo entry points are reused, not doubled
    # New rows after explicit-id bulk inserts get fresh ids (PostgreSQL sequences reset).
    assert Member.create(store=1, name="新客", phone="13900000000").id > 100


def test_member_count_is_checked(db):
    with pytest.raises(InvalidInput):
        fill_demo_store(members=0)
    assert Member.select().count() == 0
