"""Issuing a coupon to the members selected in the list: the dialog, the bar and the menu."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMenu

from db.models import Coupon, CouponBatch
from desktop.domain.coupons import TemplateInput, add_template, archive_template
from desktop.domain.members import MemberInput, add_member
from desktop.views import translation
from desktop.views.members.detail_panel import TAB_COUPONS
from desktop.views.members.issue_dialog import IssueCouponDialog, issue_coupon_dialog
from tests.views.test_members_page import page, refreshed  # noqa: F401


@pytest.fixture
def shop(sqlite_db):
    """Three members and four templates, of which two can issue: 满100减20 and 免费咖啡."""
    return make_shop()


@pytest.fixture
def page_shop(db):
    """The same shop on each backend (the members page runs on both)."""
    return make_shop()


def make_shop() -> tuple[list[int], dict[str, int]]:
    members = [add_member(MemberInput(name=name, phone=phone)).id
               for name, phone in (("张三", "13800138000"), ("李四", "13900139000"),
                                   ("<b>x</b>", "13700137000"))]
    money = add_template(TemplateInput("满100减20", "amount", 2000, min_spend_cents=10000,
                                       valid_days=30)).id
    coffee = add_template(TemplateInput("免费咖啡", "gift")).id
    archive_template(add_template(TemplateInput("旧券", "amount", 500)).id)
    add_template(TemplateInput("去年的券", "amount", 500, valid_from=dt.date(2020, 1, 1),
                               valid_to=dt.date(2020, 1, 31)))
    return members, {"money": money, "coffee": coffee}


def opened(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def holders(template_id: int) -> list[int]:
    return sorted(member_id for (member_id,) in
                  Coupon.select(Coupon.member).where(Coupon.template == template_id).tuples())


def test_the_dialog_offers_usable_templates_and_issues_one_coupon_each(qtbot, shop):
    members, templates = shop
    dialog = opened(qtbot, IssueCouponDialog([*members, members[0]]))
    rows = [dialog.template_list.item(row).text()
            for row in range(dialog.template_list.count())]
    assert rows == ["免费咖啡\nFree item · No expiry",
                    "满100减20\n¥20 off · Min. spend ¥100 · Valid 30 days from issue"]
    assert dialog.summary_label.text() == "Issue “免费咖啡” to 3 members"
    dialog.template_list.setCurrentRow(1)
    assert dialog.summary_label.text() == "Issue “满100减20” to 3 members"
    assert dialog.action_button.isEnabled()
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert holders(templates["money"]) == sorted(members)
    assert holders(templates["coffee"]) == []
    assert CouponBatch.get().purpose == "members"
    assert dialog.issued.notice() == "Issued 3 coupons: 满100减20"
    assert sorted(dialog.issued.member_ids) == sorted(members)


def test_without_a_usable_template_the_dialog_says_where_to_make_one(qtbot, sqlite_db):
    member = add_member(MemberInput(name="张三", phone="13800138000")).id
    dialog = opened(qtbot, IssueCouponDialog([member]))
    assert dialog.template_list.isHidden()
    assert dialog.status_label.text().startswith("There is no coupon to issue yet")
    assert not dialog.action_button.isEnabled()
    dialog.apply()  # Enter with nothing to issue does nothing
    assert Coupon.select().count() == 0


def test_a_refusal_keeps_the_dialog_open_and_says_why(qtbot, shop, recorded_dialogs):
    members, templates = shop
    dialog = opened(qtbot, IssueCouponDialog(members[:1]))
    archive_template(templates["coffee"])  # archived elsewhere while the dialog was open
    dialog.action_button.click()
    qtbot.waitUntil(lambda: bool(recorded_dialogs.named("show_error")), timeout=5000)
    (title, text), = recorded_dialogs.named("show_error")
    assert title == "The coupons were not issued" and "it is archived" in text
    assert dialog.isVisible() and dialog.issued is None and dialog.action_button.isEnabled()
    assert Coupon.select().count() == 0


def test_the_function_asks_for_a_selection_and_returns_none_when_cancelled(
        qtbot, shop, recorded_dialogs, monkeypatch):
    members, _ = shop
    assert issue_coupon_dialog(None, []) is None
    assert recorded_dialogs.named("show_info") == [
        ("Issue coupon", "Select one or more members in the list first.")]
    monkeypatch.setattr(IssueCouponDialog, "exec",
                        lambda dialog: dialog.reject() or dialog.result())
    assert issue_coupon_dialog(None, members) is None
    assert Coupon.select().count() == 0


def _issue_first_template(qtbot):
    def exec_(dialog: IssueCouponDialog) -> int:
        qtbot.waitUntil(lambda: dialog.loaded)
        dialog.action_button.click()
        qtbot.waitUntil(lambda: dialog.issued is not None, timeout=5000)
        return dialog.result()
    return exec_


def test_the_bar_issues_to_the_selection_and_the_panel_shows_the_coupon(
        page, qtbot, page_shop, monkeypatch):  # noqa: F811
    _members, templates = page_shop
    refreshed(qtbot, page)
    page.table.selectRow(0)
    shown_id = page.model.member_at(0).id
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    page.detail.tabs.setCurrentIndex(TAB_COUPONS)
    assert page.detail.coupons.lines == []
    page.table.selectionModel().select(
        page.model.index(1, 0), page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows)
    selected = [page.model.member_at(0).id, page.model.member_at(1).id]
    assert page.selection_bar.issue_button.isVisible()
    monkeypatch.setattr(IssueCouponDialog, "exec", _issue_first_template(qtbot))
    qtbot.mouseClick(page.selection_bar.issue_button, Qt.MouseButton.LeftButton)
    assert holders(templates["coffee"]) == sorted(selected)
    assert page.notices == ["Issued 2 coupons: 免费咖啡"]
    assert page.detail.member_id == shown_id
    qtbot.waitUntil(lambda: [line[0] for line in page.detail.coupons.lines] == ["免费咖啡"],
                    timeout=5000)


def test_the_right_click_menu_offers_issue_coupon(page, qtbot, page_shop,  # noqa: F811
                                                  monkeypatch):
    _members, templates = page_shop
    refreshed(qtbot, page)
    page.table.selectRow(2)
    menus: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, _position: menus.append(menu))
    page._context_menu(QPoint(5, 5))
    (action,) = [a for a in menus[0].actions() if a.text() == "Issue coupon…"]
    monkeypatch.setattr(IssueCouponDialog, "exec", _issue_first_template(qtbot))
    action.trigger()
    assert holders(templates["coffee"]) == [page.model.member_at(2).id]
    assert page.notices == ["Issued 1 coupon: 免费咖啡"]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_dialog_fits_its_texts(qtbot, shop, language):
    translation.apply_language(language)
    members, _ = shop
    dialog = opened(qtbot, IssueCouponDialog(members))
    assert dialog.width() >= dialog.minimumSizeHint().width()
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    dialog.grab().save(f"/tmp/couponlinks-issue-{language}.png")


def test_the_count_moves_above_the_buttons_rather_than_widening_the_bar(qtbot):
    from desktop.views.members.selection_bar import SelectionBar

    bar = SelectionBar()
    qtbot.addWidget(bar)
    bar.show_selection(1234)
    bar.resize(1200, 80)
    bar.show()
    qtbot.waitExposed(bar)
    assert bar.row.indexOf(bar.count_label) == 0  # room enough: beside the buttons
    narrow = bar.minimumSizeHint().width()
    assert narrow < bar.count_label.sizeHint().width() + bar.row.sizeHint().width()
    bar.resize(narrow, 80)
    qtbot.waitUntil(lambda: bar.row.indexOf(bar.count_label) == -1)
    bar.layout().activate()
    assert bar.count_label.text() == "1,234 members selected"
    assert bar.count_label.width() >= bar.count_label.sizeHint().width()  # not cut
    assert bar.count_label.geometry().bottom() < bar.issue_button.geometry().top()
    bar.resize(1200, 80)
    qtbot.waitUntil(lambda: bar.row.indexOf(bar.count_label) == 0)
