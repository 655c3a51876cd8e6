"""Segments: who is in each, on crafted members, on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from db.models import Member, TierRule
from desktop.domain.errors import InvalidInput
from desktop.domain.purchases import record_purchase, refund_purchase
from desktop.domain.segments import (
    SEGMENT_KEYS,
    birthday_keys_of_week,
    get_segment,
    segment_counts,
    segment_query,
)
from desktop.domain.settings import set_setting
from desktop.domain.store import current_store
from desktop.domain.tiers import TierSpec, save_tiers
from desktop.i18n import set_language

NOW = dt.datetime(2026, 6, 17, 4, 0)  # a Wednesday, noon in China


def member(name, phone, created=NOW - dt.timedelta(days=200), birthday=None, **fields):
    month, day = birthday or (None, None)
    return Member.create(store=current_store(), name=name, phone=phone, created_at=created,
                         birth_month=month, birth_day=day,
                         birthday_key=month * 100 + day if birthday else None, **fields)


def names(key, now=NOW, **options):
    return sorted(m.name for m in segment_query(key, now=now, **options))


def test_purchase_segments_new_and_sleeping(db):
    set_setting("sleeping_after_days", 60)
    save_tiers([TierSpec("普通", "spend", 0, 0), TierSpec("VIP", "spend", 100000, 5)])
    prospect = member("新客", "13800000001", created=NOW - dt.timedelta(days=3))
    member("老潜客", "13800000002")
    once = member("一次", "13800000003")
    twice = member("两次", "13800000004")
    sleeper = member("沉睡", "13800000005")
    vip = member("大客", "13800000006")
    refunded = member("退过", "13800000007")
    gone = member("注销", "13800000008")
    merged = member("合并", "13800000009")
    record_purchase(once.id, 1000, at=NOW - dt.timedelta(days=5))
    record_purchase(twice.id, 1000, at=NOW - dt.timedelta(days=50))
    record_purchase(twice.id, 1000, at=NOW - dt.timedelta(days=10))
    record_purchase(sleeper.id, 1000, at=NOW - dt.timedelta(days=61))
    record_purchase(vip.id, 150000, at=NOW - dt.timedelta(days=1))
    refund_purchase(record_purchase(refunded.id, 1000, at=NOW - dt.timedelta(days=2)).id)
    for model in (gone, merged):
        record_purchase(model.id, 200000, at=NOW - dt.timedelta(days=100))
    Member.update(anonymised_at=NOW, phone=None).where(Member.id == gone.id).execute()
    Member.update(merged_into=once).where(Member.id == merged.id).execute()

    assert names("new") == ["新客"]
    assert names("new", days=300) == sorted(["新客", "老潜客", "一次", "两次", "沉睡", "大客",
                                             "退过"])
    assert names("prospects") == sorted(["新客", "老潜客"])
    assert names("customers") == sorted(["一次", "两次", "沉睡", "大客", "退过"])
    assert names("repeat") == ["两次"]
    assert names("vip") == ["大客"]
    assert names("sleeping") == ["沉睡"]
    assert prospect.id not in {m.id for m in segment_query("sleeping", now=NOW)}
    summary = segment_counts(now=NOW)
    counts = summary.by_key
    assert set(counts) == set(SEGMENT_KEYS) and summary.total == 7
    assert (counts["prospects"], counts["customers"], counts["repeat"]) == (2, 5, 1)
    assert (counts["vip"], counts["sleeping"], counts["new"]) == (1, 1, 1)


def test_vip_is_empty_without_tiers(db):
    member("甲", "13800000001", tier=None)
    assert TierRule.select().count() == 0
    assert names("vip") == []


def test_birthdays_this_week_and_month(db):
    member("周一", "13800000001", birthday=(6, 15))
    member("周日", "13800000002", birthday=(6, 21))
    member("上周日", "13800000003", birthday=(6, 14))
    member("下周一", "13800000004", birthday=(6, 22))
    member("月初", "13800000005", birthday=(6, 1))
    member("月底", "13800000006", birthday=(6, 30))
    member("七月", "13800000007", birthday=(7, 1))
    member("无生日", "13800000008")
    assert names("birthday_week") == sorted(["周一", "周日"])
    assert names("birthday_month") == sorted(["周一", "周日", "上周日", "下周一", "月初",
                                              "月底"])


def test_birthday_week_across_new_year(db):
    member("除夕周", "13800000001", birthday=(12, 29))
    member("元旦", "13800000002", birthday=(1, 1))
    member("周日", "13800000003", birthday=(1, 3))
    member("太早", "13800000004", birthday=(12, 27))
    member("太晚", "13800000005", birthday=(1, 4))
    new_year_eve = dt.datetime(2026, 12, 31, 4, 0)  # Thursday; week 28 Dec - 3 Jan
    expected = sorted(["除夕周", "元旦", "周日"])
    assert names("birthday_week", now=new_year_eve) == expected
    assert names("birthday_week", now=dt.datetime(2027, 1, 2, 4, 0)) == expected
    assert names("birthday_month", now=new_year_eve) == sorted(["除夕周", "太早"])


def test_29_february_birthdays_count_on_the_28th_in_common_years():
    assert 229 in birthday_keys_of_week(dt.date(2027, 2, 28))
    assert 229 not in birthday_keys_of_week(dt.date(2028, 2, 21))
    assert 229 in birthday_keys_of_week(dt.date(2028, 2, 29))


def test_unknown_segment_is_refused_and_titles_are_translated():
    with pytest.raises(InvalidInput):
        segment_query("everyone")
    set_language("zh_CN")
    title = get_segment("prospects").translated_title()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in title)
