"""The header's find-a-member box: matches as you type, Enter opens them, Ctrl+F reaches it."""

import subprocess
import sys
import threading
from dataclasses import replace

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QInputMethodEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from db.models import Member, TierRule
from desktop.domain.members import MemberInput, add_member
from desktop.tasks.background import database_pool
from desktop.views import find_box
from desktop.views.main_window import MainWindow
from desktop.views.remembered_look import WindowLook

PEOPLE = (("张三", "13800138000"), ("李四", "13900139000"), ("王五", "13800138111"),
          ("<b>x</b>", "13700137000"))


@pytest.fixture
def people(sqlite_db):
    """Four members by name: their ids."""
    return {name: add_member(MemberInput(name=name, phone=phone)).id for name, phone in PEOPLE}


@pytest.fixture
def box(main_window, qtbot):
    """The find box, with the keyboard focus in it."""
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.find_box.setFocus()
    qtbot.waitUntil(main_window.find_box.hasFocus)
    return main_window.find_box


def type_text(qtbot, box, text: str) -> None:
    """Type `text`: keys for ASCII, an input method's commit for Chinese (as on a till)."""
    if text.isascii():
        qtbot.keyClicks(box, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(box, event)


def type_and_wait(qtbot, box, text: str) -> list[str]:
    """Type `text` and wait for the list of matches: what its rows say."""
    type_text(qtbot, box, text)
    qtbot.waitUntil(box.popup_is_open, timeout=3000)
    return box.popup.row_texts()


def as_shown(tooltip: str) -> str:
    """A tooltip's text as Qt shows it: rich text when it looks like markup."""
    if not QtGui.Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText().replace("\u2028", "\n")


def names_listed(box) -> list[str]:
    return [text.split("\n")[0] for text in box.popup.row_texts()]


def members_page_shows(qtbot, window, member_id: int | None, search: str) -> None:
    """Wait until the Members page is current, searching `search`, with `member_id` open."""
    page = window.page("members")
    assert window.current_page_key == "members"
    assert page.search_edit.text() == search
    qtbot.waitUntil(lambda: not page.model.is_loading, timeout=3000)
    assert page.detail.isVisible() == (member_id is not None)
    assert page.detail.member_id == member_id


def test_typing_a_phone_fragment_lists_the_matches_with_their_details(box, qtbot, people):
    assert box.isVisible() and box.isEnabled()
    assert box.popup is None  # built when first needed, not with the window
    rows = type_and_wait(qtbot, box, "1380")
    assert sorted(names_listed(box)) == ["张三", "王五"]
    assert "13800138000 · 0 points" in [row.split("\n")[1] for row in rows]
    assert box.popup.highlighted_row == -1  # nothing chosen until Up/Down
    popup_top = box.popup.mapTo(box.window(), QPoint(0, 0)).y()
    assert popup_top >= box.mapTo(box.window(), QPoint(0, box.height())).y()  # under the box


def test_a_match_shows_its_tier_and_points(box, qtbot, people):
    gold = TierRule.create(name="金卡", threshold=0, rank=1)
    Member.update(tier=gold, points=12345).where(Member.id == people["李四"]).execute()
    assert type_and_wait(qtbot, box, "1390") == ["李四\n13900139000 · 金卡 · 12,345 points"]


def test_no_match_says_so_and_offers_nothing_to_open(box, qtbot, people):
    rows = type_and_wait(qtbot, box, "nobody here")
    assert rows == ["No member found"]
    assert box.popup.member_ids() == []
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.popup.highlighted_row == -1


def test_at_most_eight_matches_are_listed(box, qtbot, sqlite_db):
    for number in range(12):
        add_member(MemberInput(name=f"会员{number:02d}", phone=f"1360000{number:04d}"))
    type_and_wait(qtbot, box, "136")
    assert len(box.popup.member_ids()) == find_box.MAX_MATCHES == 8


def test_down_and_enter_open_the_member_in_the_detail_panel(box, qtbot, main_window, people):
    type_and_wait(qtbot, box, "1380")
    listed = box.popup.member_ids()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.popup.highlighted_row == 0
    qtbot.keyClick(box, Qt.Key.Key_Return)
    members_page_shows(qtbot, main_window, listed[0], "1380")
    assert box.text() == "" and not box.popup_is_open()
    page = main_window.page("members")
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=3000)
    assert page.detail.detail.profile.id == listed[0]
    assert page.detail.header.name_label.text() in ("张三", "王五")


def test_up_from_the_first_match_highlights_none_again(box, qtbot, main_window, people):
    type_and_wait(qtbot, box, "1380")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.popup.highlighted_row == -1
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    members_page_shows(qtbot, main_window, None, "1380")  # Enter on no match: a search


def test_enter_without_a_highlighted_match_runs_the_members_page_search(
        box, qtbot, main_window, people):
    type_and_wait(qtbot, box, "zs")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    members_page_shows(qtbot, main_window, None, "zs")
    page = main_window.page("members")
    assert [page.model.index(row, 0).data() for row in range(page.model.rowCount())] == ["张三"]


def test_pointing_at_a_match_highlights_it_and_a_click_opens_it(
        box, qtbot, main_window, people):
    type_and_wait(qtbot, box, "1380")
    view = box.popup.list
    qtbot.mouseMove(view.viewport(), view.visualItemRect(view.item(1)).center())
    qtbot.waitUntil(lambda: box.popup.highlighted_row == 1)
    box.clear()
    type_and_wait(qtbot, box, "李")
    assert names_listed(box) == ["李四"]
    row = view.visualItemRect(view.item(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    members_page_shows(qtbot, main_window, people["李四"], "李")


def test_enter_in_an_empty_box_leaves_the_page_alone(box, qtbot, main_window):
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert main_window.current_page_key == "home"


def test_a_failed_search_says_so_in_the_list(box, qtbot, monkeypatch):
    def broken(query):
        raise OSError("disk unplugged")

    monkeypatch.setattr(find_box, "find_members", broken)
    assert type_and_wait(qtbot, box, "138") == ["The search failed: disk unplugged"]
    assert box.popup.member_ids() == []


def test_escape_closes_the_list_clears_the_box_and_leaves_it(box, qtbot, people):
    type_and_wait(qtbot, box, "138")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.popup_is_open()
    assert box.text() == ""
    assert not box.hasFocus()


def test_clicking_elsewhere_closes_the_list(box, qtbot, main_window, people):
    type_and_wait(qtbot, box, "138")
    qtbot.mouseClick(main_window.store_name_label, Qt.MouseButton.LeftButton)
    assert not box.popup_is_open()
    assert box.text() == "138"  # kept: a click back in and Down brings the list back
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(box.popup_is_open, timeout=3000)


def test_a_name_with_markup_is_listed_literally(box, qtbot, people):
    type_and_wait(qtbot, box, "137")
    assert names_listed(box) == ["<b>x</b>"]
    view = box.popup.list
    index = view.model().index(0, 0)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    bold = option.font
    bold.setWeight(bold.Weight.DemiBold)
    literal = QFontMetrics(bold).horizontalAdvance("<b>x</b>")
    # Measured (and drawn) as the text typed, not as markup that would show a bold "x".
    assert view.itemDelegate().sizeHint(option, index).width() >= literal
    assert as_shown(view.item(0).toolTip()) == "<b>x</b>\n13700137000 · 0 points"


def test_a_stale_answer_is_dropped(box, qtbot, people, monkeypatch):
    """The answer for "1390" arrives once the box says "1380": it is not listed (Enter on it
    would open the wrong member); "1380"'s own answer is."""
    release = threading.Event()
    real = find_box.find_members

    def slow_for_1390(query):
        if query == "1390":
            release.wait(5)
        return real(query)

    monkeypatch.setattr(find_box, "find_members", slow_for_1390)
    qtbot.keyClicks(box, "1390")
    box.search_now()  # held on the database thread until released
    box.clear()
    qtbot.keyClicks(box, "1380")  # its own search waits for the typing pause
    release.set()
    database_pool().waitForDone()
    QApplication.processEvents()  # "1390"'s answer is delivered now
    assert not box.popup_is_open() or "李四" not in names_listed(box)
    qtbot.waitUntil(box.popup_is_open, timeout=3000)
    assert sorted(names_listed(box)) == ["张三", "王五"]


def test_an_answer_after_the_box_was_left_opens_nothing(box, qtbot, main_window, people):
    qtbot.keyClicks(box, "138")
    box.search_now()
    main_window.show_page("settings")
    main_window.page("settings").setFocus()
    qtbot.waitUntil(lambda: not box.hasFocus())
    qtbot.wait(300)  # the debounced search and its answer have both come and gone
    assert not box.popup_is_open()


def test_ctrl_f_focuses_the_box_from_any_page_but_members(main_window, qtbot, people):
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.show_page("settings")
    settings = main_window.page("settings")
    settings.setFocus()
    main_window.find_box.setText("old")
    qtbot.keyClick(settings, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.find_box.hasFocus()
    assert main_window.find_box.selectedText() == "old"  # typed over by the next lookup
    main_window.find_box.clear()

    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    members = main_window.page("members")
    qtbot.waitUntil(members.search_edit.isVisible)  # members listed: the page's box is shown
    members.table.setFocus()
    qtbot.waitUntil(members.table.hasFocus)
    qtbot.keyClick(members.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert members.search_edit.hasFocus()  # the page's own box: the same action there

    main_window.find_box.setFocus()  # focus outside the page, on the Members page
    qtbot.waitUntil(main_window.find_box.hasFocus)
    qtbot.keyClick(main_window.find_box, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert members.search_edit.hasFocus()


def test_a_window_built_before_the_database_loads_no_domain_and_no_match_list():
    """Start-up speed: the box is in the first frame; what it searches with comes later."""
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desktop.views.main_window import MainWindow\n"
        "from desktop.views.remembered_look import WindowLook\n"
        "window = MainWindow(WindowLook('My Shop', '#C8102E', 'en'))\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(' '.join(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    loaded = set(result.stdout.split())
    assert "desktop.views.find_box" in loaded
    assert not {"peewee", "desktop.domain", "desktop.views.find_matches"} & loaded


def test_the_box_is_disabled_until_the_database_is_open(qtbot, sqlite_db, recorded_dialogs):
    from desktop.domain.store import get_store_profile

    profile = get_store_profile()
    window = MainWindow(WindowLook.from_profile(profile))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.find_box.isEnabled()
    window.find_member()  # Ctrl+F before the database is open does nothing
    assert not window.find_box.hasFocus()
    window.attach_database(sqlite_db, profile)
    assert window.find_box.isEnabled()


def test_the_header_fits_the_minimum_width_in_both_languages(main_window, qtbot):
    from desktop.views import translation

    for language in ("en", "zh_CN"):
        translation.apply_language(language)
        main_window.rebuild()
        main_window.resize(main_window.minimumSize())
        QApplication.processEvents()
        box, name = main_window.find_box, main_window.store_name_label
        assert main_window.width() == 960
        header = box.parentWidget()
        assert box.geometry().right() <= header.width() - 28  # inside the header's margin
        assert name.geometry().right() < box.geometry().left()
        assert name.shown_text() == "My Shop" and name.toolTip() == ""  # all of it shows
        placeholder = box.fontMetrics().horizontalAdvance(box.placeholderText())
        assert placeholder < box.width() - 60  # icon, clear button and padding beside it


def test_a_long_store_name_ends_in_an_ellipsis_beside_the_box(main_window, qtbot):
    long_name = "张记老字号便利店（人民路旗舰店）Zhang's Corner Shop, since 1998"
    main_window._look = replace(main_window._look, store_name=long_name)
    main_window.rebuild()
    main_window.resize(main_window.minimumSize())
    QApplication.processEvents()
    name = main_window.store_name_label
    assert main_window.width() == 960  # the name does not widen the window
    assert name.text() == long_name
    assert name.shown_text().endswith("…") and long_name.startswith(name.shown_text()[:-1])
    assert name.fontMetrics().horizontalAdvance(name.shown_text()) <= name.contentsRect().width()
    assert as_shown(name.toolTip()) == long_name
    assert name.geometry().right() < main_window.find_box.geometry().left()
