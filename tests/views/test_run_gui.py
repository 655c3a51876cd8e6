"""run_gui end to end: smoke test, screenshots, a database too new, bad --page values."""

from dataclasses import replace

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from db import close_db, init_db, resolve_target
from db.models import database
from desktop.app import GuiOptions, run_gui
from desktop.views import theme


def _reported_times(out: str) -> dict[str, float]:
    return {label: float(stamp) for label, stamp in (line.split(" ") for line in out.splitlines())}


def test_smoke_test_paints_the_window_and_returns_0(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SHOPCIRCLE_REPORT_FIRST_PAINT", "1")
    assert run_gui(GuiOptions(db=str(tmp_path / "shop.db"), smoke_test=True)) == 0
    times = _reported_times(capsys.readouterr().out)
    assert set(times) == {"FIRST_PAINT", "WINDOW_READY"}
    assert 0 < times["FIRST_PAINT"] <= times["WINDOW_READY"]


def test_a_later_start_paints_first_then_opens_the_database(tmp_path, capsys, monkeypatch):
    import sys

    from desktop.views import main_window
    from desktop.views.remembered_look import remembered_look

    db_path = tmp_path / "shop.db"
    assert run_gui(GuiOptions(db=str(db_path), smoke_test=True)) == 0
    assert remembered_look(resolve_target(str(db_path))).store_name == "My Shop"
    opened_before_paint = []
    original_attach = main_window.MainWindow.attach_database

    def attach(window, info, profile):
        opened_before_paint.append(window.is_ready)
        original_attach(window, info, profile)

    monkeypatch.setattr(main_window.MainWindow, "attach_database", attach)
    monkeypatch.setenv("SHOPCIRCLE_REPORT_FIRST_PAINT", "1")
    capsys.readouterr()
    assert run_gui(GuiOptions(db=str(db_path), smoke_test=True)) == 0
    times = _reported_times(capsys.readouterr().out)
    assert times["FIRST_PAINT"] <= times["WINDOW_READY"]
    assert opened_before_paint == [False]  # the database was attached after the paint
    assert "peewee" in sys.modules


def test_a_changed_store_look_is_shown_once_the_database_opens(tmp_path, qapp, monkeypatch):
    from desktop.domain.store import get_store_profile, save_store_profile
    from desktop.views import startup
    from desktop.views.remembered_look import WindowLook, remember_look, remembered_look

    db_path = tmp_path / "shop.db"
    target = resolve_target(str(db_path))
    init_db(db_path)
    save_store_profile(replace(get_store_profile(), name="Corner Café", primary_color="#1565C0"))
    close_db()
    # The look remembered on this PC is out of date (the profile changed on another PC).
    remember_look(target, WindowLook("Old Name", "#C8102E", ""))
    seen = {}
    original = startup.run_smoke_test

    def look_at_the_window(app, window):
        code = original(app, window)
        seen["store"] = window.store_name_label.text()
        return code

    monkeypatch.setattr(startup, "run_smoke_test", look_at_the_window)
    assert run_gui(GuiOptions(db=str(db_path), smoke_test=True)) == 0
    assert seen["store"] == "Corner Café"
    assert remembered_look(target) == WindowLook("Corner Café", "#1565C0", "")


def test_a_too_new_database_after_the_first_paint_still_exits_3(tmp_path, recorded_dialogs):
    from desktop.views.remembered_look import WindowLook, remember_look

    path = tmp_path / "newer.db"
    before = _too_new_database(path)
    remember_look(resolve_target(str(path)), WindowLook("Corner Café", "#C8102E", "zh_CN"))
    assert run_gui(GuiOptions(db=str(path))) == 3
    (title, _text), = recorded_dialogs.named("show_error")
    assert title == "店圈无法打开数据库"  # in the remembered language
    assert path.read_bytes() == before


def test_smoke_test_prints_nothing_without_the_variable(tmp_path, capsys):
    assert run_gui(GuiOptions(db=str(tmp_path / "shop.db"), smoke_test=True)) == 0
    assert capsys.readouterr().out == ""


def test_screenshot_writes_a_png_of_the_requested_size(tmp_path):
    out = tmp_path / "settings.png"
    options = GuiOptions(db=str(tmp_path / "shop.db"), screenshot=out, page="settings",
                         size=(1024, 700))
    assert run_gui(options) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)
    # A real page was drawn: the grey page background, dark text, and the brand-coloured Save.
    seen = {
        image.pixelColor(x, y).name().upper() for x in range(0, 1024, 3) for y in range(0, 700, 3)
    }
    assert {theme.BACKGROUND, theme.TEXT, theme.DEFAULT_BRAND} <= seen


def test_screenshot_default_size_is_1280x800(tmp_path):
    out = tmp_path / "home.png"
    assert run_gui(GuiOptions(db=str(tmp_path / "shop.db"), screenshot=out)) == 0
    assert QImage(str(out)).size().toTuple() == (1280, 800)


def test_a_page_that_does_not_exist_yet_exits_2_with_a_message(tmp_path, capsys):
    out = tmp_path / "partners.png"
    assert run_gui(GuiOptions(db=str(tmp_path / "shop.db"), screenshot=out, page="partners")) == 2
    assert "not available yet" in capsys.readouterr().err
    assert not out.exists()


def test_the_page_message_follows_lang(tmp_path, capsys):
    options = GuiOptions(db=str(tmp_path / "shop.db"), screenshot=tmp_path / "x.png",
                         page="partners", lang="zh_CN")
    assert run_gui(options) == 2
    assert "暂未提供" in capsys.readouterr().err


def _too_new_database(path):
    init_db(path)
    database.execute_sql("UPDATE schema_version SET version = 99")
    close_db()
    return path.read_bytes()


def test_database_too_new_shows_its_message_returns_3_and_leaves_the_file(tmp_path,
                                                                          recorded_dialogs):
    path = tmp_path / "newer.db"
    before = _too_new_database(path)
    assert run_gui(GuiOptions(db=str(path))) == 3
    (title, text), = recorded_dialogs.named("show_error")
    assert title == "ShopCircle cannot open the database"
    assert "newer version of ShopCircle (schema 99" in text
    assert path.read_bytes() == before


def test_database_too_new_in_chinese(tmp_path, recorded_dialogs):
    path = tmp_path / "newer.db"
    before = _too_new_database(path)
    assert run_gui(GuiOptions(db=str(path), lang="zh_CN")) == 3
    (title, text), = recorded_dialogs.named("show_error")
    assert title == "店圈无法打开数据库"
    assert "更新版本" in text
    assert path.read_bytes() == before


def test_smoke_test_on_a_too_new_database_reports_on_stderr(tmp_path, capsys, recorded_dialogs):
    path = tmp_path / "newer.db"
    _too_new_database(path)
    assert run_gui(GuiOptions(db=str(path), smoke_test=True)) == 3
    assert "newer version" in capsys.readouterr().err
    assert recorded_dialogs.calls == []  # nobody is there to close a dialog


def test_interactive_start_asks_first_run_then_opens_the_window(tmp_path, monkeypatch, qapp):
    from PySide6.QtCore import QTimer

    from desktop.domain.settings import get_setting
    from desktop.views.first_run import FirstRunDialog
    from desktop.views.main_window import MainWindow

    def owner_fills_in(dialog):
        dialog.name_edit.setText("Corner Café")
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstRunDialog, "exec", owner_fills_in)
    seen = {}

    def look_then_close():
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, look_then_close)
            return
        seen["store"] = windows[0].store_name_label.text()
        seen["nav"] = windows[0].nav_labels()
        seen["first_run_done"] = get_setting("first_run_done")
        windows[0].close()  # closing the last window ends run_gui, as for the shop owner

    QTimer.singleShot(0, look_then_close)
    assert run_gui(GuiOptions(db=str(tmp_path / "shop.db"))) == 0
    assert seen == {"store": "Corner Café", "nav": ["概览", "会员", "入口与海报", "优惠券", "核销",
                                                    "设置"],
                    "first_run_done": True}


def test_a_slow_database_leaves_the_window_responsive_and_saying_so(tmp_path, monkeypatch):
    import time

    import db.connection
    from desktop.views import main_window

    db_path = tmp_path / "shop.db"
    assert run_gui(GuiOptions(db=str(db_path), smoke_test=True)) == 0  # remembers the look
    real_init_db = db.connection.init_db

    def slow_init_db(path_or_url=None):
        time.sleep(0.8)  # a PostgreSQL server far away
        return real_init_db(path_or_url)

    monkeypatch.setattr(db.connection, "init_db", slow_init_db)
    notices_shown = []
    original_reveal = main_window.MainWindow._reveal_opening_notice

    def reveal(window):
        original_reveal(window)
        notices_shown.append(window._notice.isVisibleTo(window))

    monkeypatch.setattr(main_window.MainWindow, "_reveal_opening_notice", reveal)
    assert run_gui(GuiOptions(db=str(db_path), smoke_test=True)) == 0
    # The notice's timer fired while the database was still opening: the loop was not blocked.
    assert notices_shown == [True]
