"""The main window: a rail with only the pages that work, page switching, the About entry."""

from PySide6.QtCore import Qt

from desktop.views import pages
from desktop.views.page import Page


def test_rail_offers_only_the_pages_that_work(main_window):
    assert main_window.nav_labels() == ["Overview", "Members", "Entry points", "Coupons", "Redeem",
                                        "Settings"]
    assert main_window.current_page_key == "home"
    assert main_window.stack.currentWidget() is main_window.page("home")
    for planned in pages.PLANNED_PAGES:
        assert pages.find_page(planned) is None


def test_every_registered_page_can_be_built(main_window):
    for spec in pages.PAGES:
        assert issubclass(pages.load_page_class(spec), Page)
        page = main_window.show_page(spec.key)
        assert main_window.stack.currentWidget() is page
        assert page.isVisible()


def test_clicking_the_rail_and_ctrl_number_switch_pages(main_window, qtbot):
    settings_button = main_window._nav_buttons["settings"]
    qtbot.mouseClick(settings_button, Qt.MouseButton.LeftButton)
    assert main_window.current_page_key == "settings"
    assert settings_button.isChecked()
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key == "home"
    assert main_window.page("home").isVisible()


def test_store_name_is_on_top_and_in_the_title(main_window):
    assert main_window.store_name_label.text() == "My Shop"
    assert main_window.windowTitle() == "ShopCircle — My Shop"


def test_about_entry_opens_the_about_box(main_window, qtbot, monkeypatch):
    from desktop.views import about

    opened = []
    monkeypatch.setattr(about.AboutDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    qtbot.mouseClick(main_window.about_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert opened[0].database_label.text() == main_window.database.target.display


def test_unknown_page_names_are_refused_with_a_reason():
    assert pages.page_problem("settings") is None
    assert "not available yet" in pages.page_problem("partners")
    assert "no page called" in pages.page_problem("nonsense")
