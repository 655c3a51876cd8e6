"""Membership rules: typed rules and thresholds, saving with and without re-tiering."""

import pytest

from db.models import Member, Setting, TierRule
from desktop.domain.errors import InvalidInput
from desktop.domain.membership_rules import (
    MembershipRules,
    load_rules,
    parse_rules,
    parse_threshold,
    save_rules,
    threshold_text,
)
from desktop.domain.purchases import record_purchase
from desktop.domain.settings import get_setting
from desktop.domain.store import current_store
from desktop.domain.tiers import TierSpec, list_tiers, save_tiers, validate_tiers


def make_member(phone: str, spent_cents: int = 0) -> Member:
    member = Member.create(store=current_store(), name="会员", phone=phone)
    if spent_cents:
        record_purchase(member.id, spent_cents)
    return Member.get_by_id(member.id)


def tier_name(member: Member) -> str | None:
    tier_id = Member.get_by_id(member.id).tier_id
    return TierRule.get_by_id(tier_id).name if tier_id else None


def test_a_new_store_has_the_default_rules_and_no_tiers(db):
    loaded = load_rules()
    assert loaded.rules == MembershipRules(points_per_yuan=1, points_expire_days=0,
                                           sleeping_after_days=90)
    assert loaded.tiers == ()


def test_typed_rules_are_read_as_people_type_them():
    assert parse_rules(" ２ ", "365", "1,000") == MembershipRules(2, 365, 1000)
    assert parse_rules("0", None, "30") == MembershipRules(0, 0, 30)


@pytest.mark.parametrize(("typed", "field", "problem"), [
    (("abc", None, "90"), "Points per yuan", "enter a whole number of at least 0"),
    (("-1", None, "90"), "Points per yuan", "enter a whole number of at least 0"),
    (("1001", None, "90"), "Points per yuan", "at most 1,000"),
    (("1", "0", "90"), "Points expiry", "enter a whole number of at least 1"),
    (("1", "", "90"), "Points expiry", "enter a whole number of at least 1"),
    (("1", None, "3651"), "Sleeping after", "at most 3,650"),
    (("1", None, "1.5"), "Sleeping after", "enter a whole number of at least 1"),
])
def test_bad_rules_name_the_field(typed, field, problem):
    with pytest.raises(InvalidInput) as caught:
        parse_rules(*typed)
    assert caught.value.details == {"field": field, "problem": problem}


def test_thresholds_are_yuan_for_spend_and_whole_points_for_points():
    assert parse_threshold("spend", "¥1,000") == 100000
    assert parse_threshold("spend", "９９.５元") == 9950
    assert parse_threshold("spend", "0") == 0
    assert parse_threshold("points", "5,000") == 5000
    assert threshold_text("spend", 100000) == "1000"
    assert threshold_text("spend", 9950) == "99.5"
    assert threshold_text("spend", 1) == "0.01"
    assert threshold_text("points", 5000) == "5000"
    for basis, text in (("spend", "1.005"), ("spend", "-1"), ("spend", "lots"),
                        ("spend", "20000000.01"), ("points", "1.5"), ("points", "")):
        with pytest.raises(InvalidInput) as caught:
            parse_threshold(basis, text)
        assert caught.value.details["field"] == "Threshold", text


def test_tier_problems_say_which_row():
    ok = TierSpec("银卡", "spend", 100000, 1)
    with pytest.raises(InvalidInput) as caught:
        validate_tiers([ok, TierSpec("  ", "spend", 0, 2)])
    assert caught.value.details["row"] == 1
    with pytest.raises(InvalidInput) as caught:
        validate_tiers([ok, TierSpec("银卡", "points", 10, 2)])
    assert caught.value.details == {"field": "Tier name", "row": 1,
                                    "problem": "two tiers have the same name"}


def test_a_higher_tier_must_need_more_than_the_one_below_on_the_same_basis():
    base = TierSpec("普通", "spend", 50000, 0)
    with pytest.raises(InvalidInput) as caught:
        validate_tiers([base, TierSpec("points tier", "points", 100, 1),
                        TierSpec("VIP", "spend", 50000, 2)])
    assert caught.value.details == {
        "field": "Threshold", "row": 2,
        "problem": "must be higher than for 普通, the tier below it"}
    # Another basis is another ladder: 100 points may come before 500 yuan.
    assert len(validate_tiers([base, TierSpec("积分卡", "points", 100, 1)])) == 2


def test_saving_rules_without_tiers_leaves_members_tiers_alone(db):
    save_tiers([TierSpec("普通", "spend", 0, 0)])
    member = make_member("13800138000", 5000)
    Member.update(tier=None).where(Member.id == member.id).execute()  # e.g. as imported
    saved = save_rules(MembershipRules(3, 365, 60))
    assert not saved.retiered
    assert (get_setting("points_per_yuan"), get_setting("points_expire_days"),
            get_setting("sleeping_after_days")) == (3, 365, 60)
    assert tier_name(member) is None
    assert load_rules().rules == MembershipRules(3, 365, 60)


def test_saving_tiers_re_tiers_every_member(db):
    small = make_member("13800138001", 5000)
    big = make_member("13800138002", 200000)
    assert tier_name(small) is None and tier_name(big) is None
    saved = save_rules(MembershipRules(1, 0, 90), [
        TierSpec("普通", "spend", 0, 0), TierSpec("金卡", "spend", 100000, 1)])
    assert saved.retiered
    assert [(t.name, t.rank) for t in saved.tiers] == [("普通", 0), ("金卡", 1)]
    assert all(t.id is not None for t in saved.tiers)
    assert (tier_name(small), tier_name(big)) == ("普通", "金卡")


def test_nothing_is_written_when_anything_is_wrong(db):
    save_tiers([TierSpec("普通", "spend", 0, 0)])
    before = list(Setting.select().tuples())
    with pytest.raises(InvalidInput):
        save_rules(MembershipRules(5, 0, 90), [TierSpec("普通", "spend", 0, 0),
                                               TierSpec("普通", "spend", 100, 1)])
    with pytest.raises(InvalidInput):
        save_rules(MembershipRules(5, -3, 90), None)
    assert list(Setting.select().tuples()) == before
    assert [t.name for t in list_tiers()] == ["普通"]
