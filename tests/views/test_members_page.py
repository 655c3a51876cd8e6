"""The members page: windowed model read off the UI thread, search, lists, sort, add and edit."""

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from db.models import Member
from desktop.domain.members import MemberInput, add_member
from desktop.views.members import actions
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
def people(db):
    for name, phone in PEOPLE:
        add_member(MemberInput(name=name, phone=phone, tags=["老客户"]))


@pytest.fixture
def page(qtbot, db, recorded_dialogs):
    notices: list[str] = []
    context = PageContext(database=db, notify=notices.append,
                          show_page=lambda key: None, profile_saved=lambda a, b: None)
    widget = MembersPage(context)
    widget.notices = notices
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    settle(qtbot, widget.model)
    return widget


def settle(qtbot, model: MemberTableModel) -> None:
    """Wait until the page being read on the database thread has arrived."""
    qtbot.waitUntil(lambda: not model.is_loading, timeout=5000)


def refreshed(qtbot, members_page: MembersPage) -> MembersPage:
    members_page.refresh()
    settle(qtbot, members_page.model)
    return members_page


def shown_names(members_page: MembersPage) -> list[str]:
    model = members_page.model
    return [model.index(row, columns.COLUMN_NAME).data() for row in range(model.rowCount())]


def test_model_passes_the_model_tester(qtbot, qtmodeltester, people):
    model = MemberTableModel(page_size=2)
    model.set_query("")
    settle(qtbot, model)
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(columns.COLUMN_PHONE, Qt.Orientation.Horizontal) == "Phone"
    index = model.index(0, columns.COLUMN_POINTS)
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_fetch_more_pages_through_every_member_without_duplicates(qtbot, db):
    add_people(25)
    model = MemberTableModel(page_size=10)
    model.set_query("")
    assert model.rowCount() == 0 and model.is_loading  # read on the database thread
    assert not model.canFetchMore(QModelIndex())  # one page at a time
    settle(qtbot, model)
    assert model.rowCount() == 10  # only the first page is held
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    settle(qtbot, model)
    assert model.rowCount() == 20
    model.fetchMore(QModelIndex())
    settle(qtbot, model)
    assert model.rowCount() == 25
    assert not model.canFetchMore(QModelIndex())
    ids = [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(25)]
    assert len(set(ids)) == 25
    assert model.index(0, columns.COLUMN_NAME).data() == "会员024"  # newest first


def test_phone_prefix_and_pinyin_initials_filter_as_you_type(page, qtbot, people):
    refreshed(qtbot, page)
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


def test_a_name_with_markup_is_shown_literally(page, qtbot, people):
    refreshed(qtbot, page)
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
    qtbot.waitUntil(lambda: shown_names(page) == ["赵六"])
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
    refreshed(qtbot, page)
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
    qtbot.waitUntil(lambda: "李四光" in shown_names(page))  # the row is read again
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


@pytest.fixture
def shop(db):
    """Six members: purchases for some, a tag, a tier, one never visited."""
    from desktop.domain.purchases import record_purchase
    from desktop.domain.tiers import TierSpec, save_tiers

    save_tiers([TierSpec(name="金卡", basis="spend", threshold=50000, rank=1)])
    people = {}
    for number, (name, spent) in enumerate([("张三", 60000), ("李四", 2000), ("王五", 0),
                                            ("赵六", 9000), ("钱七", 0), ("孙八", 300)]):
        tags = ["咖啡"] if name in ("李四", "王五") else []
        record = add_member(MemberInput(name=name, phone=f"1380000000{number}", tags=tags))
        if spent:
            record_purchase(record.id, spent)
        people[name] = record.id
    return people


def test_segments_show_their_counts_and_choosing_one_lists_it(page, qtbot, shop):
    refreshed(qtbot, page)
    qtbot.waitUntil(lambda: page.segment_list.topLevelItem(0).text(1) == "6")  # recounted
    items = {page.segment_list.topLevelItem(i).text(0): page.segment_list.topLevelItem(i).text(1)
             for i in range(page.segment_list.topLevelItemCount())}
    assert items["All members"] == "6"
    assert items["Prospects (no purchase yet)"] == "2"
    assert items["Customers"] == "4" and items["VIP"] == "1"
    page.segment_list.choose("prospects")
    settle(qtbot, page.model)
    assert sorted(shown_names(page)) == ["王五", "钱七"]
    assert page.count_label.text() == "2 in this list · 6 members"
    page.segment_list.choose("vip")
    settle(qtbot, page.model)
    assert shown_names(page) == ["张三"]


def test_tag_and_tier_filters_narrow_the_list(page, qtbot, shop):
    refreshed(qtbot, page)
    qtbot.waitUntil(lambda: page.tag_combo.count() == 2)
    page.tag_combo.setCurrentIndex(page.tag_combo.findText("咖啡"))
    page.apply_filters()
    settle(qtbot, page.model)
    assert sorted(shown_names(page)) == ["李四", "王五"]
    qtbot.waitUntil(lambda: page.count_label.text() == "2 in this list · 6 members")
    page.tag_combo.setCurrentIndex(0)
    page.tier_combo.setCurrentIndex(page.tier_combo.findText("金卡"))
    page.apply_filters()
    settle(qtbot, page.model)
    assert shown_names(page) == ["张三"]
    page.tag_combo.setCurrentIndex(page.tag_combo.findText("咖啡"))
    page.apply_filters()
    settle(qtbot, page.model)
    assert page.stack.currentIndex() == PAGE_NO_MATCH
    assert page.no_match_label.text() == "No member is in this list yet."


def test_header_click_sorts_the_whole_list_in_the_database(page, qtbot, shop):
    page.model._page_size = 2  # the order must hold across pages, not within the first one
    refreshed(qtbot, page)
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == columns.COLUMN_JOINED
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(columns.COLUMN_POINTS) + 10, 10))
    settle(qtbot, page.model)
    while page.model.canFetchMore(QModelIndex()):
        page.model.fetchMore(QModelIndex())
        settle(qtbot, page.model)
    points = [page.model.member_at(row).points for row in range(page.model.rowCount())]
    assert points == sorted(points, reverse=True) and len(points) == 6  # largest first
    assert header.sortIndicatorSection() == columns.COLUMN_POINTS
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    page.table.sort_by_column(columns.COLUMN_POINTS)  # a second click flips it
    settle(qtbot, page.model)
    assert page.model.member_at(0).points == 0
    page.table.sort_by_column(columns.COLUMN_TAGS)  # tags do not sort: the arrow stays
    assert header.sortIndicatorSection() == columns.COLUMN_POINTS


def test_selection_shows_the_bar_and_the_detail_panel(page, qtbot, shop, monkeypatch):
    refreshed(qtbot, page)
    assert not page.selection_bar.isVisible()
    page.table.selectRow(0)
    assert page.selection_bar.isVisible()
    assert page.selection_bar.count_label.text() == "1 member selected"
    assert page.detail.member_id == page.model.member_at(0).id
    assert not page.selection_bar.merge_button.isEnabled()
    assert page.selection_bar.delete_button.isEnabled()
    page.table.selectionModel().select(
        page.model.index(1, 0), page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows)
    assert page.selection_bar.count_label.text() == "2 members selected"
    assert page.selection_bar.merge_button.isEnabled()
    asked = []
    selected = [page.model.member_at(0).id, page.model.member_at(1).id]
    monkeypatch.setattr(actions, "merge_members_dialog",
                        lambda parent, ids: asked.append(ids) or ids[0])
    qtbot.mouseClick(page.selection_bar.merge_button, Qt.MouseButton.LeftButton)
    assert asked == [selected]
    assert page.detail.member_id == selected[0]
    assert page.notices == ["Merged into one member"]


def test_tagging_from_the_bar_reloads_the_list_and_the_filters(page, qtbot, shop, monkeypatch):
    from desktop.domain.members import tag_members

    refreshed(qtbot, page)
    page.table.selectRow(0)
    chosen = page.model.member_at(0).id

    class Change:
        def __bool__(self):
            return True

        def notice(self):
            return "Tagged 1 member: 周末"

    def tag(parent, ids):
        tag_members(ids, ["周末"])
        return Change()

    monkeypatch.setattr(actions, "tag_selection", tag)
    qtbot.mouseClick(page.selection_bar.tag_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.model)
    assert "周末" in page.model.member_at(page.model.row_of(chosen)).tags
    qtbot.waitUntil(lambda: page.tag_combo.findText("周末") > 0)
    assert page.notices == ["Tagged 1 member: 周末"]


def test_a_purchase_in_the_panel_updates_that_row_in_place(page, qtbot, shop):
    from desktop.domain.purchases import record_purchase

    refreshed(qtbot, page)
    row = shown_names(page).index("钱七")
    record_purchase(shop["钱七"], 4200)
    page.member_changed(shop["钱七"])
    qtbot.waitUntil(lambda: page.model.index(row, columns.COLUMN_POINTS).data() == "42")
    assert shown_names(page)[row] == "钱七"  # same place, no reload


def test_import_and_export_buttons_open_their_dialogs(page, qtbot, shop, monkeypatch):
    from desktop.views.members import page as page_module

    refreshed(qtbot, page)
    page.segment_list.choose("customers")
    settle(qtbot, page.model)
    opened = []

    class FakeExport:
        def __init__(self, parent, member_filter, sort, title):
            opened.append((member_filter.segment, sort.key, title))

        def exec(self):
            return 0

        def deleteLater(self):
            pass

    monkeypatch.setattr(page_module, "ExportDialog", FakeExport)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert opened == [("customers", "joined", "Customers")]

    class FakeWizard(FakeExport):
        def __init__(self, parent):
            self.result = object()

    monkeypatch.setattr(page_module, "ImportWizard", FakeWizard)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.notices == ["Import finished"]


def test_search_for_clears_the_other_filters(page, qtbot, shop):
    refreshed(qtbot, page)
    page.segment_list.choose("prospects")
    settle(qtbot, page.model)
    page.search_for("赵六")
    settle(qtbot, page.model)
    assert shown_names(page) == ["赵六"]
    assert page.segment_list.current_key == "" and page.search_edit.text() == "赵六"
    page.show_detail(shop["赵六"])
    assert page.detail.isVisible() and page.detail.member_id == shop["赵六"]


def test_showing_the_page_waits_briefly_for_a_quick_first_page(page, qtbot, people,
                                                               monkeypatch):
    from desktop.views.members import page as page_module

    monkeypatch.setattr(page_module, "FIRST_PAGE_WAIT_MS", 5000)  # a loaded CI machine too
    page.refresh()
    assert page.model.rowCount() == 4 and not page.model.is_loading  # before any event
    qtbot.wait(100)  # the task's own queued delivery comes and is dropped
    assert page.model.rowCount() == 4


def test_a_slow_first_page_is_not_waited_for(page, qtbot, people, monkeypatch):
    import time

    real = MemberTableModel.page_reader

    def slow_reader(model, cursor):
        read = real(model, cursor)
        return lambda: (time.sleep(0.5), read())[1]

    monkeypatch.setattr(MemberTableModel, "page_reader", slow_reader)
    started = time.perf_counter()
    page.refresh()
    assert time.perf_counter() - started < 0.4  # the window did not wait half a second
    assert page.model.rowCount() == 0 and page.model.is_loading
    settle(qtbot, page.model)
    assert page.model.rowCount() == 4
