"""The members page: windowed model, search as you type, empty state, add and edit dialogs."""

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from db.models import Member
from desktop.domain.members import MemberInput, add_member
from desktop.views.members import model as columns
from desktop.views.members.member_dialog import MemberDialog
from desktop.views.members.model import MemberTableModel
from desktop.views.members.page import PAGE_EMPTY, PAGE_NO_MATCH, PAGE_TABLE, MembersPage
from desktop.views.page import PageContext

PEOPLE = (("张三", "13800138000"), ("李四", "13900139000"), ("王五", "13800138111"),
          ("<b>x</b>", "13700137000"))


def add_people(count: int) -> None:
    for number in range(count):
        add_member(MemberInput(name=f"会员{number:03d}", phone=f"1360000{number:04d}"))


@pytest.fixture
def people(sqlite_db):
    for name, phone in PEOPLE:
        add_member(MemberInput(name=name, phone=phone, tags=["老客户"]))


@pytest.fixture
def page(qtbot, sqlite_db, recorded_dialogs):
    notices: list[str] = []
    context = PageContext(database=sqlite_db, notify=notices.append,
                          show_page=lambda key: None, profile_saved=lambda a, b: None)
    widget = MembersPage(context)
    widget.notices = notices
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def shown_names(members_page: MembersPage) -> list[str]:
    model = members_page.model
    return [model.index(row, columns.COLUMN_NAME).data() for row in range(model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester, people):
    model = MemberTableModel(page_size=2)
    model.set_query("")
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(columns.COLUMN_PHONE, Qt.Orientation.Horizontal) == "Phone"
    index = model.index(0, columns.COLUMN_POINTS)
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_fetch_more_pages_through_every_member_without_duplicates(sqlite_db):
    add_people(25)
    model = MemberTableModel(page_size=10)
    model.set_query("")
    assert model.rowCount() == 10  # only the first page is held
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 25
    assert not model.canFetchMore(QModelIndex())
    ids = [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(25)]
    assert len(set(ids)) == 25
    assert model.index(0, columns.COLUMN_NAME).data() == "会员024"  # newest first


def test_phone_prefix_and_pinyin_initials_filter_as_you_type(page, qtbot, people):
    page.refresh()
    assert len(shown_names(page)) == 4
    qtbot.keyClicks(page.search_edit, "1380")
    qtbot.waitUntil(lambda: sorted(shown_names(page)) == ["张三", "王五"], timeout=2000)
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "zs")
    qtbot.waitUntil(lambda: shown_names(page) == ["张三"], timeout=2000)
    assert "1 found" in page.count_label.text()
    page.search_edit.setText("nobody here")
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_NO_MATCH, timeout=2000)
    assert "nobody here" in page.no_match_label.text()


def test_an_empty_database_shows_what_the_page_is_for(page, qtbot):
    assert page.stack.currentIndex() == PAGE_EMPTY
    assert page.empty_add_button.isVisible()
    assert not page.search_edit.isVisible()  # nothing to search yet
    qtbot.waitUntil(lambda: page.count_label.text() == "0 members")  # counted off the UI thread


def test_a_name_with_markup_is_shown_literally(page, people):
    page.refresh()
    assert page.stack.currentIndex() == PAGE_TABLE
    row = shown_names(page).index("<b>x</b>")
    index = page.model.index(row, columns.COLUMN_NAME)
    delegate = page.table.itemDelegateForIndex(index)
    assert delegate.displayText(index.data(), page.table.locale()) == "<b>x</b>"
    option = QStyleOptionViewItem()
    option.initFrom(page.table)
    literal = page.table.fontMetrics().horizontalAdvance("<b>x</b>")
    assert delegate.sizeHint(option, index).width() >= literal  # measured as text, not markup


def fill_and_save(dialog: MemberDialog, name: str, phone: str) -> int:
    dialog.name_edit.setText(name)
    dialog.phone_edit.setText(phone)
    dialog.tags_edit.setText("新客，周末")
    dialog.save()
    return dialog.result()


def test_add_dialog_adds_a_member_and_refreshes(page, qtbot, monkeypatch):
    monkeypatch.setattr(MemberDialog, "exec",
                        lambda dialog: fill_and_save(dialog, "赵六", "138 0013 8999"))
    qtbot.mouseClick(page.empty_add_button, Qt.MouseButton.LeftButton)
    member = Member.get(Member.name == "赵六")
    assert member.phone == "13800138999"
    assert shown_names(page) == ["赵六"]
    assert page.stack.currentIndex() == PAGE_TABLE
    qtbot.waitUntil(lambda: page.count_label.text() == "1 member")
    assert page.notices == ["Added 赵六"]
    tags = page.model.index(0, columns.COLUMN_TAGS).data()
    assert tags == "周末, 新客"


def test_add_dialog_shows_a_duplicate_phone_next_to_the_field(page, qtbot, people):
    dialog = MemberDialog(parent=page)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("张三丰")
    dialog.phone_edit.setText("13800138000")
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == 0
    assert not dialog.errors["phone"].isHidden()
    assert "张三" in dialog.errors["phone"].text()
    assert Member.select().where(Member.name == "张三丰").count() == 0


def test_add_dialog_shows_invalid_input_beside_its_field(page, qtbot):
    dialog = MemberDialog(parent=page)
    qtbot.addWidget(dialog)
    dialog.phone_edit.setText("13800138000")
    dialog.save()
    assert not dialog.errors["name"].isHidden()
    dialog.name_edit.setText("钱七")
    dialog.phone_edit.setText("123")
    dialog.save()
    assert dialog.errors["name"].isHidden()
    assert not dialog.errors["phone"].isHidden()
    assert bool(dialog.phone_edit.property("invalid"))
    dialog.phone_edit.setText("13800138000")
    dialog.birthday_edit.setText("2月30日")
    dialog.save()
    assert not dialog.errors["birthday"].isHidden()
    assert Member.select().count() == 0


def test_double_click_opens_the_edit_dialog_and_saves(page, qtbot, people, monkeypatch):
    page.refresh()
    row = shown_names(page).index("李四")

    def rename(dialog: MemberDialog) -> int:
        assert dialog.phone_edit.text() == "13900139000"
        assert dialog.tags_edit.text() == "老客户"
        dialog.name_edit.setText("李四光")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", rename)
    page.edit_member_at(page.model.index(row, columns.COLUMN_PHONE))
    assert Member.get(Member.phone == "13900139000").name == "李四光"
    assert "李四光" in shown_names(page)
    assert page.notices == ["Saved 李四光"]


def test_members_page_is_in_the_rail_with_ctrl_2(main_window, qtbot):
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key == "members"
    assert isinstance(main_window.page("members"), MembersPage)


def test_escape_cancels_the_dialog_without_saving(page, qtbot):
    dialog = MemberDialog(parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name_edit.setText("孙八")
    dialog.phone_edit.setText("13800138000")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert Member.select().count() == 0
