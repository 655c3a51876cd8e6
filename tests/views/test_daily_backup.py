"""The window makes the daily automatic backup behind itself, once a day."""

from db import close_db, init_db
from desktop.domain.backups import list_backups
from desktop.domain.settings import set_setting
from tests.support.window_runs import run_window_until_its_database_work_is_done


def _set_up_store(path):
    init_db(path)
    set_setting("first_run_done", True)
    close_db()


def test_the_first_start_of_the_day_backs_up_and_the_second_does_not(tmp_path, qapp):
    path = tmp_path / "shop.db"
    _set_up_store(path)
    run_window_until_its_database_work_is_done(qapp, path)
    backups = list_backups()
    assert [entry.reason for entry in backups] == ["daily"]
    assert backups[0].path.read_bytes()[:16] == b"SQLite format 3\x00"
    run_window_until_its_database_work_is_done(qapp, path)
    assert len(list_backups()) == 1


def test_a_failed_backup_is_told_in_the_window(tmp_path, qapp, monkeypatch, isolated_home):
    from desktop.views.main_window import MainWindow

    path = tmp_path / "shop.db"
    _set_up_store(path)
    (isolated_home / "backups").write_text("a file where the backups folder should be")
    notices = []
    monkeypatch.setattr(MainWindow, "notify", lambda window, text: notices.append(text))
    run_window_until_its_database_work_is_done(qapp, path)
    assert len(notices) == 1
    assert notices[0].startswith("Today's automatic backup could not be made")
