"""The entry points page: list and figures, the create/edit dialog, archive, counter sign-up."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db.models import EntryPoint as EntryPointRow
from db.models import Member, Purchase, SignupEvent, utcnow
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.entry_points import EntryPointInput, add_entry_point, get_entry_point
from desktop.domain.members import MemberInput, add_member
from desktop.domain.store import current_store
from desktop.views.entries.counter_dialog import CounterSignupDialog
from desktop.views.entries.entry_dialog import EntryDialog
from desktop.views.entries.page import PAGE_EMPTY, PAGE_LIST, EntriesPage
from desktop.views.page import PageContext

COLUMN_NAME, COLUMN_KIND, COLUMN_TAGS, COLUMN_WELCOME, COLUMN_OPENS, COLUMN_SIGNUPS, \
    COLUMN_CONVERTED, COLUMN_RATE = range(8)


@pytest.fixture
def page(qtbot, db, recorded_dialogs):
    notices: list[str] = []
    context = PageContext(database=db, notify=notices.append,
                          show_page=lambda key: None, profile_saved=lambda a, b: None)
    widget = EntriesPage(context)
    widget.notices = notices
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return refreshed(qtbot, widget)


def refreshed(qtbot, entries_page: EntriesPage) -> EntriesPage:
    entries_page.refresh()
    qtbot.waitUntil(lambda: not entries_page.loading, timeout=5000)
    return entries_page


def welcome_template(title="新客立减10元") -> int:
    return add_template(TemplateInput(title=title, kind="amount", value=1000,
                                      valid_days=30)).id


def entry_dialog(qtbot, page_or_none=None, entry=None) -> EntryDialog:
    templates = page_or_none.data.templates if page_or_none is not None else []
    dialog = EntryDialog(templates, entry)
    qtbot.addWidget(dialog)
    return dialog


def test_empty_state_says_what_entry_points_are_for(page):
    assert page.stack.currentIndex() == PAGE_EMPTY
    assert page.empty_new_button.isVisibleTo(page)
    assert page.empty_new_button.text() == "New entry point"


def test_creating_a_form_entry_through_the_dialog_shows_it_in_the_list(qtbot, page):
    welcome = welcome_template()
    refreshed(qtbot, page)
    dialog = entry_dialog(qtbot, page)
    assert not dialog.url_box.isVisibleTo(dialog)  # a sign-up page has no link of its own
    dialog.name_edit.setText("问卷星表单")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("form"))
    assert dialog.url_box.isVisibleTo(dialog) and dialog.param_box.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.url_edit, "https://www.wjx.cn/vm/abcd.aspx")
    assert dialog.param_edit.placeholderText() == "sojumpparm"  # the preset the domain uses
    dialog.tags_edit.setText("问卷，新客")
    dialog.welcome_combo.setCurrentIndex(dialog.welcome_combo.findData(welcome))
    dialog.location_edit.setText("朋友圈")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == EntryDialog.DialogCode.Accepted
    row = EntryPointRow.get(EntryPointRow.name == "问卷星表单")
    assert (row.kind, row.target_url, row.url_param, row.welcome_template_id, row.location) == (
        "form", "https://www.wjx.cn/vm/abcd.aspx", "sojumpparm", welcome, "朋友圈")
    assert set(get_entry_point(row.id).tags) == {"问卷", "新客"}

    refreshed(qtbot, page)
    assert page.stack.currentIndex() == PAGE_LIST
    assert page.table.column_texts(COLUMN_NAME) == ["问卷星表单"]
    assert page.table.column_texts(COLUMN_KIND) == ["External form"]
    assert page.table.column_texts(COLUMN_WELCOME) == ["新客立减10元"]
    assert page.detail.link.text().endswith(f"sojumpparm={row.channel_code}")
    assert page.count_label.text() == "1 entry point"


def test_an_invalid_url_is_shown_under_its_field_and_nothing_is_saved(qtbot, db):
    dialog = entry_dialog(qtbot)
    dialog.show()
    dialog.name_edit.setText("群链接")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("url"))
    qtbot.keyClicks(dialog.url_edit, "weixin group")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.errors["url"].isVisible()
    assert "http://" in dialog.errors["url"].text()
    assert dialog.url_edit.property("invalid") is True
    assert not dialog.errors["name"].isVisible()
    assert dialog.saved is None and dialog.result() != EntryDialog.DialogCode.Accepted
    assert EntryPointRow.select().count() == 0


def test_editing_keeps_the_entry_and_changes_its_fields(qtbot, page):
    entry = add_entry_point(EntryPointInput(name="门口", kind="page", tags=["扫码"]))
    refreshed(qtbot, page)
    dialog = entry_dialog(qtbot, page, page.selected_entry())
    assert dialog.name_edit.text() == "门口" and dialog.tags_edit.text() == "扫码"
    dialog.name_edit.setText("门口海报")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert get_entry_point(entry.id).name == "门口海报"
    assert get_entry_point(entry.id).token == entry.token


def test_figures_and_daily_chart_follow_sign_ups(qtbot, page):
    door = add_entry_point(EntryPointInput(name="门口", kind="page")).id
    add_entry_point(EntryPointInput(name="前台", kind="counter"))
    now = utcnow()
    for _ in range(4):
        SignupEvent.create(entry_point=door, kind="opened", at=now)
    members = []
    for phone in ("13800000001", "13800000002"):
        member = add_member(MemberInput(name="客", phone=phone), entry_point_id=door)
        SignupEvent.create(entry_point=door, kind="signed_up", member=member.id,
                           at=now - dt.timedelta(minutes=5))
        members.append(member.id)
    Purchase.create(member=members[0], store=current_store(), amount_cents=3000, at=now)

    refreshed(qtbot, page)
    assert page.table.column_texts(COLUMN_NAME) == ["门口", "前台"]
    assert page.table.column_texts(COLUMN_OPENS) == ["4", "–"]
    assert page.table.column_texts(COLUMN_SIGNUPS) == ["2", "0"]
    assert page.table.column_texts(COLUMN_CONVERTED) == ["1", "0"]
    assert page.table.column_texts(COLUMN_RATE) == ["50%", "–"]
    assert page.selected_entry().id == door
    assert (page.detail.opens.text(), page.detail.signups.text(),
            page.detail.converted.text()) == ("4", "2", "1 (50%)")
    assert page.detail.chart.series.counts[-1] == 2 and page.detail.chart.series.total == 2
    assert page.detail.link.text().endswith(get_entry_point(door).token)


def test_archive_asks_first_and_only_archives_when_confirmed(qtbot, page, recorded_dialogs):
    entry = add_entry_point(EntryPointInput(name="旧海报", kind="page"))
    refreshed(qtbot, page)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert len(recorded_dialogs.named("confirm")) == 1
    assert "旧海报" in recorded_dialogs.named("confirm")[0][1]
    qtbot.waitUntil(lambda: not page.loading)
    assert get_entry_point(entry.id).archived_at is None

    recorded_dialogs.confirmations.append(True)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.notices == ["Archived “旧海报”"], timeout=5000)
    qtbot.waitUntil(lambda: not page.loading)
    assert get_entry_point(entry.id).archived_at is not None
    assert page.stack.currentIndex() == PAGE_EMPTY


def test_counter_sign_up_adds_an_attributed_member_and_shows_the_coupon(
        qtbot, page, recorded_dialogs, monkeypatch):
    welcome = welcome_template()
    add_entry_point(EntryPointInput(name="海报", kind="page"))
    desk = add_entry_point(EntryPointInput(name="收银台", kind="counter", tags=["到店"],
                                           welcome_template_id=welcome))
    refreshed(qtbot, page)
    assert not page.counter_button.isVisibleTo(page)  # a poster has no counter sign-up
    page.table.select_id(desk.id)
    qtbot.waitUntil(lambda: not page.loading)
    assert page.counter_button.isVisibleTo(page) and page.counter_button.isEnabled()

    def fill_and_save(dialog: CounterSignupDialog) -> int:
        assert dialog.entry.id == desk.id
        dialog.name_edit.setText("王芳")
        qtbot.keyClicks(dialog.phone_edit, "13912345678")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(CounterSignupDialog, "exec", fill_and_save)
    qtbot.mouseClick(page.counter_button, Qt.MouseButton.LeftButton)

    member = Member.get(Member.phone == "13912345678")
    assert member.source_entry_id == desk.id and member.name == "王芳"
    assert SignupEvent.get(SignupEvent.member == member.id).entry_point_id == desk.id
    [(title, text)] = recorded_dialogs.named("show_info")
    code = member.coupons.get().code
    assert title == "Welcome coupon" and code in text
    qtbot.waitUntil(lambda: not page.loading)
    assert page.table.column_texts(COLUMN_SIGNUPS) == ["0", "1"]


def test_counter_sign_up_shows_a_known_phone_under_its_field(qtbot, db):
    desk = add_entry_point(EntryPointInput(name="收银台", kind="counter"))
    add_member(MemberInput(name="老客", phone="13912345678"))
    dialog = CounterSignupDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("王芳")
    qtbot.keyClicks(dialog.phone_edit, "13912345678")
    dialog.save()
    assert dialog.errors["phone"].isVisible()
    assert Member.select().count() == 1 and SignupEvent.select().count() == 0
