"""The window takes expired points off behind itself, once a day."""

import datetime as dt

from PySide6.QtCore import QTimer

from db import close_db, init_db
from db.models import Member, PointsEntry, utcnow
from desktop.app import GuiOptions, run_gui
from desktop.domain.purchases import record_purchase
from desktop.domain.settings import get_setting, set_setting
from desktop.domain.store import current_store


def _store_with_expired_points(path) -> None:
    init_db(path)
    set_setting("first_run_done", True)
    set_setting("points_expire_days", 30)
    member = Member.create(store=current_store(), name="张三", phone="13800138000")
    record_purchase(member.id, 10000, at=utcnow() - dt.timedelta(days=40))  # 100, expired
    record_purchase(member.id, 2000, at=utcnow() - dt.timedelta(days=2))  # 20, still good
    close_db()


def _run_window_until_its_database_work_is_done(qapp, path) -> None:
    """Start the window, let its background work finish, then close it as a user would."""
    from desktop.tasks.background import database_pool
    from desktop.views.main_window import MainWindow

    def close_when_done():
        # A second start paints first and opens the database behind the window: wait for it.
        windows = [w for w in qapp.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible() and w.is_ready]
        if not windows:
            QTimer.singleShot(20, close_when_done)
            return
        assert database_pool().waitForDone(30_000)
        QTimer.singleShot(0, windows[0].close)

    QTimer.singleShot(0, close_when_done)
    assert run_gui(GuiOptions(db=str(path))) == 0


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
    _run_window_until_its_database_work_is_done(qapp, path)
    assert _points_and_expiry_lines(path) == (20, 1)
    _run_window_until_its_database_work_is_done(qapp, path)  # the same day: nothing more
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
        _run_window_until_its_database_work_is_done(qapp, path)
    assert notices == ["Expired points could not be taken off today: disk full"]
    _run_window_until_its_database_work_is_done(qapp, path)
    assert _points_and_expiry_lines(path) == (20, 1)
