"""The daily points expiry: once per local day, only remembered when it worked."""

import datetime as dt

import pytest

from db.models import Member, PointsEntry
from desktop.domain import purchases
from desktop.domain.health import run_check
from desktop.domain.purchases import expire_points_if_due, record_purchase
from desktop.domain.settings import get_setting, set_setting
from desktop.domain.store import current_store


def utc_at_local(year: int, month: int, day: int, hour: int) -> dt.datetime:
    """Naive UTC (as stored) for a wall-clock time on this machine, whatever its zone."""
    return dt.datetime(year, month, day, hour).astimezone(dt.UTC).replace(tzinfo=None)


def buy(at: dt.datetime, cents: int = 10000) -> Member:
    member = Member.create(store=current_store(), name="张三", phone="13800138000")
    record_purchase(member.id, cents, at=at)
    return member


def test_expiry_runs_once_a_day_and_again_the_next_day(db):
    set_setting("points_expire_days", 30)
    member = buy(utc_at_local(2026, 3, 1, 12))  # 100 points, gone after 31 March, noon
    morning = utc_at_local(2026, 3, 31, 9)
    first = expire_points_if_due(morning)
    assert first == purchases.ExpiryRun(dt.date(2026, 3, 31), 0)
    assert get_setting("points_expiry_last_run") == "2026-03-31"
    # Later the same day the points are due, but today's run is done: they wait a day.
    assert expire_points_if_due(utc_at_local(2026, 3, 31, 18)) is None
    assert Member.get_by_id(member.id).points == 100
    next_day = expire_points_if_due(utc_at_local(2026, 4, 1, 8))
    assert next_day == purchases.ExpiryRun(dt.date(2026, 4, 1), 100)
    assert Member.get_by_id(member.id).points == 0
    (line,) = PointsEntry.select().where(PointsEntry.reason == "expiry")
    assert line.delta == -100
    assert run_check().ok


def test_points_stamped_while_expiry_was_on_still_expire_after_it_is_off(db):
    set_setting("points_expire_days", 30)
    member = buy(utc_at_local(2026, 3, 1, 12))
    set_setting("points_expire_days", 0)
    assert expire_points_if_due(utc_at_local(2026, 5, 1, 12)).removed == 100
    assert Member.get_by_id(member.id).points == 0


def test_a_failed_run_is_not_remembered_and_is_tried_again(db, monkeypatch):
    set_setting("points_expire_days", 30)
    member = buy(utc_at_local(2026, 3, 1, 12))
    now = utc_at_local(2026, 5, 1, 12)

    def broken(_now):
        raise OSError("disk full")

    monkeypatch.setattr(purchases, "expire_points", broken)
    with pytest.raises(OSError):
        expire_points_if_due(now)
    assert get_setting("points_expiry_last_run") == ""
    monkeypatch.undo()
    assert expire_points_if_due(now).removed == 100
    assert Member.get_by_id(member.id).points == 0
