"""The member detail panel: loading off the UI thread, purchases, refunds, stale results."""

import pytest
from PySide6.QtCore import Qt

from db.models import Member, Purchase, TierRule
from desktop.domain.member_detail import member_purchases, points_ledger
from desktop.domain.members import MemberInput, add_member, delete_on_request
from desktop.domain.money import format_yuan
from desktop.domain.purchases import record_purchase, refund_purchase
from desktop.tasks.background import run_database_task
from desktop.views import translation
from desktop.views.members.detail_panel import (
    CONTENT,
    PLACEHOLDER,
    TAB_PURCHASES,
    MemberDetailPanel,
)
from desktop.views.members.detail_sections import SHOW_EMPTY
from desktop.views.members.history_models import PAGE_SIZE, PointsLedgerModel, PurchaseTableModel
from desktop.views.page import Page, PageContext
from tests.support.member_story import regular_customer

PANEL_WIDTH = 380  # the narrowest the members page gives the panel


@pytest.fixture
def panel(qtbot, sqlite_db, recorded_dialogs):
    notices: list[str] = []
    widget = MemberDetailPanel(notify=notices.append)
    widget.notices = notices
    qtbot.addWidget(widget)
    widget.resize(420, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(qtbot, panel: MemberDetailPanel, member_id: int) -> MemberDetailPanel:
    panel.show_member(member_id)
    qtbot.waitUntil(lambda: panel.stack.currentIndex() == CONTENT
                    and panel.detail is not None and panel.detail.profile.id == member_id
                    and panel.card.isEnabled(), timeout=3000)
    return panel


def drain_database_queue(qtbot) -> None:
    """Wait until every result queued so far has reached the UI thread (the pool is serial)."""
    done = []
    run_database_task(lambda: None, lambda _: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=3000)


def cells(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_a_calm_placeholder_until_a_member_is_chosen(panel, qtbot):
    assert panel.stack.currentIndex() == PLACEHOLDER
    assert panel.placeholder_label.text() == "Select a member to see details"
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    shown(qtbot, panel, member.id)
    panel.show_member(None)
    assert panel.stack.currentIndex() == PLACEHOLDER
    assert panel.purchases_model.rowCount() == 0


def test_shows_profile_purchases_points_and_referrals(panel, qtbot):
    story = regular_customer(referrals=3)
    gold = TierRule.create(name="金卡", threshold=0, rank=1)
    Member.update(tier=gold).where(Member.id == story.member_id).execute()
    shown(qtbot, panel, story.member_id)
    member = Member.get_by_id(story.member_id)
    assert panel.header.name_label.text() == "欧阳娜娜·长名字测试会员"
    assert panel.header.tier_badge.text() == "金卡" and panel.header.tier_badge.isVisible()
    assert panel.header.phone_label.text() == "13812345678"
    assert panel.header.points_value.text() == f"{member.points:,}"
    assert panel.header.spent_value.text() == format_yuan(member.total_spent_cents) == "¥952.22"
    assert panel.header.visits_value.text() == "12"
    assert panel.header.last_visit_label.text().startswith("Last visit 2026-02-")
    values = {key: value.text() for key, value in panel.profile.values.items()}
    assert values["source"] == "桌贴 A5 · 靠窗 (sign-up page)"
    assert values["tags"] == "周末, 爱喝咖啡, 老客户"
    assert values["marketing"].startswith("Withdrawn · 2026-02-1")
    assert values["marketing"].endswith("at the counter")
    assert values["partner_sharing"].endswith("on the sign-up page · policy 2025-01")

    purchases = panel.purchases_model
    assert purchases.rowCount() == 13  # twelve purchases and the refund, newest first
    assert cells(purchases, PurchaseTableModel.REFUND)[:3] == ["Refund", "", "Refunded"]
    assert cells(purchases, PurchaseTableModel.AMOUNT)[0] == "-¥152.20"
    assert cells(purchases, PurchaseTableModel.NOTE)[0] == (
        f"Refund of purchase {story.refunded_id}")
    alignment = purchases.index(0, PurchaseTableModel.AMOUNT).data(
        Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    reasons = cells(panel.ledger_model, PointsLedgerModel.REASON)
    assert {"Purchase", "Expired", "Refund"} == set(reasons)
    changes = cells(panel.ledger_model, PointsLedgerModel.CHANGE)
    assert changes[0] == "-152" and "+18" in changes
    notes = cells(panel.ledger_model, PointsLedgerModel.NOTE)
    assert notes[-1].startswith("valid until 2026-02-0")  # the first purchase, 30 days on

    assert panel.referrals.referrals_heading.text() == "Referrals (3)"
    assert set(panel.referrals.links) == {story.referrer_id, *story.referral_ids}
    with qtbot.waitSignal(panel.open_member) as opened:
        qtbot.mouseClick(panel.referrals.links[story.referrer_id], Qt.MouseButton.LeftButton)
    assert opened.args == [story.referrer_id]
    with qtbot.waitSignal(panel.edit_requested) as edit:
        qtbot.mouseClick(panel.header.edit_button, Qt.MouseButton.LeftButton)
    assert edit.args == [story.member_id]


def test_record_a_purchase_through_the_dialog(panel, qtbot):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    shown(qtbot, panel, member.id)
    assert panel.purchases_stack.currentIndex() == SHOW_EMPTY
    panel.tabs.setCurrentIndex(TAB_PURCHASES)
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    dialog = panel.purchase_dialog
    assert dialog.isVisible() and dialog.member_label.text() == "王五"
    qtbot.keyClicks(dialog.amount_edit, "38.5")
    qtbot.waitUntil(lambda: dialog.points_label.text() == "Earns 38 points", timeout=3000)
    dialog.note_edit.insert("拿铁")  # QTest types ASCII only
    with qtbot.waitSignal(panel.member_changed, timeout=3000) as changed:
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)  # Enter saves
    assert changed.args == [member.id]
    assert dialog.result_purchase.points == 38
    stored = Member.get_by_id(member.id)
    assert (stored.points, stored.total_spent_cents) == (38, 3850)
    assert Purchase.get(Purchase.member == member.id).note == "拿铁"
    qtbot.waitUntil(lambda: panel.header.points_value.text() == "38", timeout=3000)
    assert panel.header.spent_value.text() == "¥38.50"
    assert cells(panel.purchases_model, PurchaseTableModel.NOTE) == ["拿铁"]
    assert panel.notices == ["王五: ¥38.50 recorded, 38 points earned"]


def test_a_bad_amount_is_shown_beside_the_field_and_esc_cancels(panel, qtbot):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    shown(qtbot, panel, member.id)
    panel.record_purchase()
    dialog = panel.purchase_dialog
    qtbot.keyClicks(dialog.amount_edit, "38.505")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.amount_error.text() == "At most two decimals (fen)"
    assert bool(dialog.amount_edit.property("invalid"))
    assert dialog.points_label.isHidden()
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    drain_database_queue(qtbot)
    assert Purchase.select().count() == 0


def test_saving_for_a_member_deleted_meanwhile_says_so_in_the_dialog(panel, qtbot):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    shown(qtbot, panel, member.id)
    panel.record_purchase()
    dialog = panel.purchase_dialog
    delete_on_request(member.id)  # at another till
    dialog.amount_edit.setText("12")
    dialog.save()
    assert not dialog.save_button.isEnabled()  # saving: no second purchase by a double Enter
    qtbot.waitUntil(lambda: not dialog.general_error.isHidden(), timeout=3000)
    assert "deleted or merged" in dialog.general_error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert Purchase.select().count() == 0


def test_history_models_pass_the_model_tester(qtmodeltester, sqlite_db):
    story = regular_customer(purchases=4, referrals=0)
    purchases = PurchaseTableModel()
    purchases.reset(story.member_id, member_purchases(story.member_id))
    qtmodeltester.check(purchases, force_py=True)
    ledger = PointsLedgerModel()
    ledger.reset(story.member_id, points_ledger(story.member_id))
    qtmodeltester.check(ledger, force_py=True)
    assert ledger.headerData(PointsLedgerModel.CHANGE, Qt.Orientation.Horizontal) == "Change"


def test_refund_after_confirming_takes_the_points_back(panel, qtbot, recorded_dialogs):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    bought = record_purchase(member.id, 3850, note="拿铁")
    record_purchase(member.id, 1000)
    shown(qtbot, panel, member.id)
    row = cells(panel.purchases_model, PurchaseTableModel.NOTE).index("拿铁")
    panel.purchases_table.selectRow(row)
    assert panel.refund_button.isEnabled()
    qtbot.mouseClick(panel.refund_button, Qt.MouseButton.LeftButton)  # no answer queued: Cancel
    assert Purchase.select().count() == 2
    recorded_dialogs.confirmations.append(True)
    with qtbot.waitSignal(panel.member_changed, timeout=3000):
        qtbot.mouseClick(panel.refund_button, Qt.MouseButton.LeftButton)
    questions = recorded_dialogs.named("confirm")
    assert len(questions) == 2
    assert "¥38.50" in questions[1][1] and "(38)" in questions[1][1]
    assert Member.get_by_id(member.id).points == 10
    assert Purchase.get(Purchase.refund_of == bought.id).amount_cents == -3850
    qtbot.waitUntil(lambda: panel.header.points_value.text() == "10", timeout=3000)
    refunds = cells(panel.purchases_model, PurchaseTableModel.REFUND)
    assert refunds == ["Refund", "", "Refunded"]
    panel.purchases_table.selectRow(2)
    assert not panel.refund_button.isEnabled()  # refunded once is refunded for good
    assert not panel.purchase_menu(panel.selected_purchase()).actions()[0].isEnabled()
    assert panel.notices == ["王五: ¥38.50 refunded, 38 points taken back"]


def test_notices_go_through_the_enclosing_page(qtbot, sqlite_db, recorded_dialogs):
    notices: list[str] = []
    page = Page(PageContext(database=sqlite_db, notify=notices.append,
                            show_page=lambda key: None, profile_saved=lambda a, b: None))
    qtbot.addWidget(page)
    panel = MemberDetailPanel(page)  # no notify of its own, as the members page makes it
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    record_purchase(member.id, 1000)
    shown(qtbot, panel, member.id)
    panel.purchases_table.selectRow(0)
    recorded_dialogs.confirmations.append(True)
    with qtbot.waitSignal(panel.member_changed, timeout=3000):
        panel.refund_selected()
    assert notices == ["王五: ¥10.00 refunded, 10 points taken back"]


def test_a_refund_refused_by_the_domain_is_said_and_shown(panel, qtbot, recorded_dialogs):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    bought = record_purchase(member.id, 3850)
    shown(qtbot, panel, member.id)
    panel.purchases_table.selectRow(0)
    refund_purchase(bought.id)  # at another till, after the panel was loaded
    recorded_dialogs.confirmations.append(True)
    panel.refund_selected()
    qtbot.waitUntil(lambda: bool(recorded_dialogs.named("show_error")), timeout=3000)
    title, text = recorded_dialogs.named("show_error")[0]
    assert title == "The purchase was not refunded" and "already refunded" in text
    qtbot.waitUntil(lambda: panel.purchases_model.rowCount() == 2, timeout=3000)
    assert Member.get_by_id(member.id).points == 0


def test_only_the_member_chosen_last_is_shown(panel, qtbot):
    first = add_member(MemberInput(name="甲", phone="13700137001"))
    second = add_member(MemberInput(name="乙", phone="13700137002"))
    record_purchase(first.id, 5000)
    panel.show_member(first.id)
    panel.show_member(second.id)  # before the first answer came back
    drain_database_queue(qtbot)
    assert panel.header.name_label.text() == "乙"
    assert panel.header.points_value.text() == "0"
    assert panel.purchases_model.rowCount() == 0
    panel.show_member(first.id)
    panel.show_member(None)
    drain_database_queue(qtbot)
    assert panel.stack.currentIndex() == PLACEHOLDER


def test_moving_to_another_member_greys_the_previous_one_until_loaded(panel, qtbot):
    first = add_member(MemberInput(name="甲", phone="13700137001"))
    second = add_member(MemberInput(name="乙", phone="13700137002"))
    shown(qtbot, panel, first.id)
    panel.show_member(second.id)
    assert not panel.card.isEnabled()  # no refund of the previous member's purchase meanwhile
    shown(qtbot, panel, second.id)


def test_a_deleted_member_shows_why_instead_of_details(panel, qtbot):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    delete_on_request(member.id)
    panel.show_member(member.id)
    qtbot.waitUntil(
        lambda: panel.placeholder_label.text() == "This member was deleted or merged.",
        timeout=3000)
    assert panel.stack.currentIndex() == PLACEHOLDER


def test_names_and_notes_are_plain_text(panel, qtbot):
    member = add_member(MemberInput(name="<b>x</b>", phone="13700137000", notes="<i>y</i>"))
    friend = add_member(MemberInput(name="A&B <u>z</u>", phone="13700137001"))
    Member.update(referrer=member.id).where(Member.id == friend.id).execute()
    record_purchase(member.id, 1000, note="<s>note</s>")
    shown(qtbot, panel, member.id)
    assert panel.header.name_label.text() == "<b>x</b>"
    assert panel.header.name_label.textFormat() == Qt.TextFormat.PlainText
    literal = panel.header.name_label.fontMetrics().horizontalAdvance("<b>x</b>")
    assert panel.header.name_label.sizeHint().width() >= literal  # laid out as text, not markup
    assert panel.profile.values["notes"].textFormat() == Qt.TextFormat.PlainText
    assert panel.referrals.links[friend.id].text() == "A&&B <u>z</u>"  # && shows one &
    note = panel.purchases_model.index(0, PurchaseTableModel.NOTE)
    assert note.data() == "<s>note</s>"
    assert note.data(Qt.ItemDataRole.ToolTipRole) == "<p>&lt;s&gt;note&lt;/s&gt;</p>"


def test_older_purchases_load_as_the_table_scrolls(panel, qtbot):
    member = add_member(MemberInput(name="王五", phone="13700137000"))
    for number in range(PAGE_SIZE + 5):
        record_purchase(member.id, 100 + number)
    shown(qtbot, panel, member.id)
    model = panel.purchases_model
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.is_loading and not model.canFetchMore()  # one page at a time
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + 5, timeout=3000)
    assert not model.canFetchMore()
    amounts = cells(model, PurchaseTableModel.AMOUNT)
    assert amounts[0] == "¥1.54" and amounts[-1] == "¥1.00"


def test_a_page_read_for_the_previous_member_is_dropped(panel, qtbot):
    first = add_member(MemberInput(name="甲", phone="13700137001"))
    second = add_member(MemberInput(name="乙", phone="13700137002"))
    for number in range(PAGE_SIZE + 5):
        record_purchase(first.id, 100 + number)
    shown(qtbot, panel, first.id)
    panel.purchases_model.fetchMore()
    panel.show_member(second.id)
    drain_database_queue(qtbot)
    assert panel.purchases_model.rowCount() == 0


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_fits_beside_the_members_table_in_both_languages(qtbot, sqlite_db, language):
    translation.apply_language(language)
    story = regular_customer(referrals=12)
    panel = MemberDetailPanel()
    qtbot.addWidget(panel)
    panel.resize(PANEL_WIDTH, 720)
    panel.show()
    shown(qtbot, panel, story.member_id)
    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        assert panel.minimumSizeHint().width() <= PANEL_WIDTH, panel.tabs.tabText(tab)
    tab_bar = panel.tabs.tabBar()
    assert tab_bar.sizeHint().width() <= panel.tabs.width()  # every tab title shows whole
    panel.tabs.setCurrentIndex(TAB_PURCHASES)
    qtbot.waitUntil(lambda: panel.purchases_table.isVisible())
    header = panel.purchases_table.horizontalHeader()
    assert header.length() <= panel.purchases_table.viewport().width()  # no sideways scroll
