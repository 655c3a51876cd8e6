"""The window takes expired points off behind itself, once a day."""

import datetime as dt

from db import close_db, init_db
from db.models import Member, PointsEntry, utcnow
from desktop.domain.purchases import record_purchase
from desktop.domain.settings import get_setting, set_setting
from desktop.domain.store import current_store
from tests.support.window_runs import run_window_until_its_database_work_is_done


def _store_with_expired_points(path) -> None:
    init_db(path)
    set_setting("first_run_done", True)
    set_setting("points_expire_days", 30)
    member = Member.create(store=current_store(), name="张三", phone="13800138000")
    record_purchase(member.id, 10000, at=utcnow() - dt.timedelta(days=40))  # 100, expired
    record_purchase(member.id, 2000, at=utcnow() - dt.timedelta(days=2))  # 20, still good
    close_db()


def _points_and_expiry_lines(path) -> tuple[int, int]:
    init_db(path)
    try:
        points = Member.get().points
        lines = PointsEntry.select().where(PointsEntry.reason == "expiry").count()
        last_run = get_setting("points_expiry_last_run")
    finally:
        close_db()
    assert last_run == dt.date.today().isoformat()
    return points, lines


def test_opening_the_window_takes_expired_points_off_once(tmp_path, qapp):
    path = tmp_path / "shop.db"
    _store_with_expired_points(path)
    run_window_until_its_database_work_is_done(qapp, path)
    assert _points_and_expiry_lines(path) == (20, 1)
    run_window_until_its_database_work_is_done(qapp, path)  # the same day: nothing more
    assert _points_and_expiry_lines(path) == (20, 1)


def test_a_failed_expiry_is_told_in_the_window_and_tried_again_next_time(
    tmp_path, qapp, monkeypatch
):
    from desktop.domain import purchases
    from desktop.views.main_window import MainWindow

    path = tmp_path / "shop.db"
    _store_with_expired_points(path)
    notices = []
    monkeypatch.setattr(MainWindow, "notify", lambda window, text: notices.append(text))

    def broken(now=None):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(purchases, "expire_points", broken)
        run_window_until_its_database_work_is_done(qapp, path)
    assert notices == ["Expired points could not be taken off today: disk full"]
    run_window_until_its_database_work_is_done(qapp, path)
    assert _points_and_expiry_lines(path) == (20, 1)
