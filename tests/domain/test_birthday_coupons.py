"""Birthday coupons: the settings and the daily run (once per local day, remembered on success)."""

import datetime as dt

import pytest

from db.models import Coupon, CouponBatch, Member
from desktop.domain import coupon_issuing
from desktop.domain.birthday_coupons import (
    BirthdayRun,
    BirthdaySettings,
    issue_birthday_coupons_if_due,
    load_birthday_settings,
    parse_days_before,
    save_birthday_settings,
    usable_templates,
)
from desktop.domain.coupons import TemplateInput, TemplateNotFound, add_template, archive_template
from desktop.domain.errors import InvalidInput
from desktop.domain.settings import get_setting, set_setting
from desktop.domain.store import current_store


def utc_at_local(year: int, month: int, day: int, hour: int) -> dt.datetime:
    """Naive UTC (as stored) for a wall-clock time on this machine, whatever its zone."""
    return dt.datetime(year, month, day, hour).astimezone(dt.UTC).replace(tzinfo=None)


def template(title: str = "生日券", **fields) -> int:
    values = {"title": title, "kind": "amount", "value": 2000, "valid_days": 30} | fields
    return add_template(TemplateInput(**values)).id


def member_born(phone: str, day: dt.date) -> int:
    return Member.create(store=current_store(), name="张三", phone=phone, birth_month=day.month,
                         birth_day=day.day, birthday_key=day.month * 100 + day.day).id


def birthday_holders() -> list[int]:
    return sorted(member_id for (member_id,) in Coupon.select(Coupon.member).join(CouponBatch)
                  .where(CouponBatch.purpose == "birthday").tuples())


def test_the_daily_run_issues_once_a_day_and_again_the_next_day(db):
    set_setting("birthday_coupon_template", template())
    set_setting("birthday_coupon_days_before", 3)
    morning = utc_at_local(2026, 6, 10, 9)
    soon = member_born("13800000001", dt.date(2000, 6, 13))  # 3 days away: due today
    later = member_born("13800000002", dt.date(1990, 6, 14))  # 4 days away: due tomorrow
    assert issue_birthday_coupons_if_due(morning) == BirthdayRun(dt.date(2026, 6, 10), 1)
    assert get_setting("birthday_coupons_last_run") == "2026-06-10"
    assert birthday_holders() == [soon]
    assert issue_birthday_coupons_if_due(utc_at_local(2026, 6, 10, 18)) is None
    assert issue_birthday_coupons_if_due(utc_at_local(2026, 6, 11, 8)) == BirthdayRun(
        dt.date(2026, 6, 11), 1)
    assert birthday_holders() == sorted([soon, later])


def test_switched_off_the_run_is_remembered_and_issues_nothing(db):
    member_born("13800000001", dt.date(2000, 6, 10))
    assert issue_birthday_coupons_if_due(utc_at_local(2026, 6, 10, 9)) == BirthdayRun(
        dt.date(2026, 6, 10), 0)
    assert Coupon.select().count() == 0


def test_a_failed_run_is_not_remembered_and_is_tried_again(db, monkeypatch):
    set_setting("birthday_coupon_template", template())
    due = member_born("13800000001", dt.date(2000, 6, 12))
    now = utc_at_local(2026, 6, 10, 9)

    def broken(_now):
        raise OSError("disk full")

    monkeypatch.setattr(coupon_issuing, "issue_birthday_coupons", broken)
    with pytest.raises(OSError):
        issue_birthday_coupons_if_due(now)
    assert get_setting("birthday_coupons_last_run") is None
    monkeypatch.undo()
    assert issue_birthday_coupons_if_due(now).issued == 1
    assert birthday_holders() == [due]


def test_a_coupon_whose_dates_are_over_is_told_once_a_day(db):
    set_setting("birthday_coupon_template", template(
        valid_days=None, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 3, 31)))
    member_born("13800000001", dt.date(2000, 6, 12))
    run = issue_birthday_coupons_if_due(utc_at_local(2026, 6, 10, 9))
    assert run.issued == 0 and "“生日券”" in run.problem and "2026-03-31" in run.problem
    assert issue_birthday_coupons_if_due(utc_at_local(2026, 6, 10, 10)) is None  # not hourly
    assert Coupon.select().count() == 0


def test_settings_are_saved_and_checked(db):
    first, second = template("生日满减"), template("生日赠品", kind="gift", value=0)
    over = template("去年的券", valid_days=None, valid_from=dt.date(2020, 1, 1),
                    valid_to=dt.date(2020, 1, 31))
    choices = load_birthday_settings()
    assert choices.settings == BirthdaySettings(None, 7)  # the defaults: off, a week before
    assert [t.id for t in choices.templates] == [second, first]  # the one that is over: not
    assert [t.id for t in usable_templates()] == [second, first]
    save_birthday_settings(BirthdaySettings(first, 14))
    assert (get_setting("birthday_coupon_template"),
            get_setting("birthday_coupon_days_before")) == (first, 14)
    assert load_birthday_settings().settings == BirthdaySettings(first, 14)
    with pytest.raises(InvalidInput, match="can no longer issue coupons"):
        save_birthday_settings(BirthdaySettings(over, 14))
    with pytest.raises(TemplateNotFound):
        save_birthday_settings(BirthdaySettings(9999, 14))
    with pytest.raises(InvalidInput, match="1 to 60 days"):
        save_birthday_settings(BirthdaySettings(first, 61))
    assert get_setting("birthday_coupon_template") == first  # nothing refused was stored
    archive_template(first)  # the chosen one archived: still listed, so the card shows it
    choices = load_birthday_settings()
    assert choices.settings.template_id == first
    assert [t.id for t in choices.templates] == [second, first]
    save_birthday_settings(BirthdaySettings(None, 1))
    assert get_setting("birthday_coupon_template") is None


@pytest.mark.parametrize("text, days", [("1", 1), (" 60 ", 60), ("7", 7)])
def test_days_before_as_typed(text, days):
    assert parse_days_before(text) == days


@pytest.mark.parametrize("text", ["", "0", "61", "-1", "3.5", "七"])
def test_days_before_refused(text):
    with pytest.raises(InvalidInput):
        parse_days_before(text)
