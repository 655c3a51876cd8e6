"""The coupons page: designer with live preview, printed batches, issuing to a segment, stats."""

import re
import threading
import time

import pytest
from PySide6.QtCore import QPoint, Qt

from db.models import Coupon, CouponBatch, CouponTemplate, Member, utcnow
from desktop.domain.coupon_issuing import generate_batch
from desktop.domain.coupons import TemplateInput, add_template, get_template
from desktop.domain.members import MemberInput, add_member
from desktop.domain.store import get_store_profile
from desktop.printing import coupon_sheets
from desktop.tasks.background import file_pool, wait_for_file_tasks
from desktop.views import dialogs
from desktop.views.coupons.batch_dialog import PAGE_DONE, PAGE_FORM, PAGE_PROGRESS, BatchDialog
from desktop.views.coupons.designer import DesignerDialog
from desktop.views.coupons.issue_dialog import IssueDialog
from desktop.views.coupons.page import PAGE_EMPTY, PAGE_LIST, CouponsPage
from desktop.views.page import PageContext

COLUMN_TITLE, COLUMN_GIVES, COLUMN_VALID, COLUMN_ISSUED, COLUMN_REDEEMED, COLUMN_RATE, \
    COLUMN_REVENUE = range(7)


@pytest.fixture
def page(qtbot, db, recorded_dialogs):
    notices: list[str] = []
    context = PageContext(database=db, notify=notices.append,
                          show_page=lambda key: None, profile_saved=lambda a, b: None)
    widget = CouponsPage(context)
    widget.notices = notices
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return refreshed(qtbot, widget)


def refreshed(qtbot, coupons_page: CouponsPage) -> CouponsPage:
    coupons_page.refresh()
    qtbot.waitUntil(lambda: not coupons_page.loading, timeout=5000)
    return coupons_page


def weekend(**changes) -> TemplateInput:
    values = {"title": "周末券", "kind": "amount", "value": 2000, "min_spend_cents": 10000,
              "valid_days": 30}
    return TemplateInput(**(values | changes))


def designer(qtbot, template=None) -> DesignerDialog:
    dialog = DesignerDialog(get_store_profile(), template)
    qtbot.addWidget(dialog)
    return dialog


def out_folder(tmp_path):
    """A folder of its own for what a test writes (the database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def test_empty_state_says_what_coupons_are_for_and_offers_new(page):
    assert page.stack.currentIndex() == PAGE_EMPTY
    assert page.empty_new_button.isVisibleTo(page)
    assert page.empty_new_button.text() == "New coupon"


def test_the_preview_follows_typing_and_save_stores_the_template(qtbot, db):
    dialog = designer(qtbot)
    assert dialog.preview.card().store_name == get_store_profile().name
    qtbot.keyClicks(dialog.title_edit, "Weekend treat")
    assert dialog.preview.card().title == "Weekend treat"
    qtbot.keyClicks(dialog.value_edit, "20")
    assert dialog.preview.card().value_text == "¥20 off"
    qtbot.keyClicks(dialog.min_spend_edit, "100")
    assert dialog.preview.card().condition_text == "Min. spend ¥100"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("percent"))
    dialog.value_edit.setText("15")
    assert dialog.preview.card().value_text == "15% off"
    dialog.dates_radio.setChecked(True)
    assert dialog.preview.card().validity_text.startswith("Valid 20")
    dialog.days_radio.setChecked(True)
    dialog.days_spin.setValue(45)
    assert dialog.preview.card().validity_text == "Valid 45 days from issue"
    dialog.primary_field.set_value("#1E63B5")
    assert dialog.preview.card().primary_color == "#1E63B5"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == DesignerDialog.DialogCode.Accepted
    stored = get_template(dialog.saved.id)
    assert (stored.title, stored.kind, stored.value, stored.min_spend_cents,
            stored.valid_days) == ("Weekend treat", "percent", 15, 10000, 45)
    assert stored.style["primary_color"] == "#1E63B5"


def test_editing_shows_the_stored_fields_and_saves_the_change(qtbot, db):
    template = add_template(weekend(terms="每单限用一张", style={"primary_color": "#2E7D32"}))
    dialog = designer(qtbot, get_template(template.id))
    assert (dialog.title_edit.text(), dialog.value_edit.text(), dialog.min_spend_edit.text(),
            dialog.days_spin.value()) == ("周末券", "20", "100", 30)
    assert dialog.preview.card().terms == "每单限用一张"
    assert dialog.preview.card().primary_color == "#2E7D32"
    dialog.value_edit.setText("25.5")
    assert dialog.preview.card().value_text == "¥25.50 off"
    dialog.no_expiry_radio.setChecked(True)
    dialog.save()
    stored = get_template(template.id)
    assert (stored.value, stored.valid_days, stored.valid_to) == (2550, None, None)
    assert CouponTemplate.select().count() == 1


@pytest.mark.parametrize(("kind", "typed", "problem"), [
    ("percent", "150", "A percentage off must be 1 to 99"),
    ("amount", "0", "An amount off must be more than 0"),
    ("amount", "abc", "Enter an amount in yuan, like 38.5"),
])
def test_an_invalid_value_is_shown_beside_it_and_nothing_is_saved(qtbot, db, kind, typed,
                                                                  problem):
    dialog = designer(qtbot)
    dialog.title_edit.setText("Too much")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.value_edit.setText(typed)
    dialog.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_texts() == {"value": problem}
    assert dialog.value_edit.property("invalid") is True
    assert dialog.isVisible() and dialog.saved is None
    assert CouponTemplate.select().count() == 0


def test_new_coupon_on_the_page_lists_it_selected_with_its_texts(qtbot, page, monkeypatch):
    def fill_and_save(dialog):
        dialog.title_edit.setText("周末券")
        dialog.value_edit.setText("20")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(DesignerDialog, "exec", fill_and_save)
    qtbot.mouseClick(page.empty_new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_LIST, timeout=5000)
    table = page.templates_table
    assert table.column_texts(COLUMN_TITLE) == ["周末券"]
    assert table.column_texts(COLUMN_GIVES) == ["¥20 off"]
    assert table.column_texts(COLUMN_VALID) == ["Valid 30 days from issue"]
    assert page.selected_template().title == "周末券"
    assert page.notices == ["Saved “周末券”"]


def test_stats_show_issued_redeemed_rate_and_revenue(qtbot, page):
    template = add_template(weekend())
    batch = generate_batch(template.id, 4)
    Coupon.update(redeemed_at=utcnow(), redeemed_amount_cents=12800).where(
        Coupon.code == batch.codes[0]).execute()
    refreshed(qtbot, page)
    table = page.templates_table
    row = [table.column_texts(column)[0] for column in range(COLUMN_ISSUED, 7)]
    assert row == ["4", "1", "25%", "¥128.00"]
    assert table.column_texts(COLUMN_GIVES) == ["¥20 off · Min. spend ¥100"]
    qtbot.waitUntil(lambda: page.batches_table.rowCount() == 1, timeout=5000)
    batches = page.batches_table
    assert batches.column_texts(0) == [f"#{batch.batch_id}"]
    assert batches.column_texts(1) == ["Printed"]
    assert [batches.column_texts(column)[0] for column in range(3, 7)] == \
        ["4", "1", "25%", "¥128.00"]


def test_newest_first_until_a_header_click_sorts_by_the_numbers(qtbot, page):
    for title, count in (("少", 9), ("多", 1000), ("中", 220)):
        generate_batch(add_template(weekend(title=title)).id, count)
    refreshed(qtbot, page)
    table = page.templates_table
    assert table.column_texts(COLUMN_TITLE) == ["中", "多", "少"]
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(COLUMN_ISSUED) + 10, 10))
    assert table.column_texts(COLUMN_ISSUED) == ["9", "220", "1,000"]
    refreshed(qtbot, page)  # a reload keeps the person's order and choice
    assert table.column_texts(COLUMN_ISSUED) == ["9", "220", "1,000"]
    assert page.selected_template().title == "中"


def test_archive_asks_first_then_hides_the_template(qtbot, page, recorded_dialogs):
    template = add_template(weekend())
    refreshed(qtbot, page)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)  # answered Cancel
    assert get_template(template.id).archived is False
    recorded_dialogs.confirmations.append(True)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_EMPTY, timeout=5000)
    assert get_template(template.id).archived is True
    assert [call[0] for call in recorded_dialogs.named("confirm")] == ["Archive coupon"] * 2


# -- printing ------------------------------------------------------------------------------


def batch_dialog(qtbot, template, monkeypatch, path) -> BatchDialog:
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args: path)
    dialog = BatchDialog(template)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_batch_of_12_at_10_per_page_is_a_2_page_pdf(qtbot, db, tmp_path, monkeypatch):
    template = add_template(weekend())
    path = out_folder(tmp_path) / "coupons.pdf"
    dialog = batch_dialog(qtbot, template, monkeypatch, path)
    dialog.count_spin.setValue(12)
    dialog.per_page_group.button(10).setChecked(True)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_DONE, timeout=20000)
    assert path.exists() and pdf_pages(path) == 2
    assert not path.with_name("coupons.pdf.partial").exists()
    assert dialog.done_label.text() == f"2 pages were saved to {path}"
    batch = CouponBatch.get_by_id(dialog.batch_id)
    assert (batch.purpose, batch.count) == ("print", 12)
    assert Coupon.select().where((Coupon.batch == batch.id) & Coupon.member.is_null()).count() \
        == 12


def test_cancel_while_writing_leaves_no_file(qtbot, db, tmp_path, monkeypatch):
    template = add_template(weekend())
    path = out_folder(tmp_path) / "coupons.pdf"
    real_write_pdf = coupon_sheets.write_pdf

    def slow_write_pdf(cards, target, per_page, progress, cancel):
        def progress_then_wait(done, total):  # hold after each page until Cancel is clicked
            progress(done, total)
            deadline = time.monotonic() + 5
            while not cancel() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real_write_pdf(cards, target, per_page, progress_then_wait, cancel)

    monkeypatch.setattr(coupon_sheets, "write_pdf", slow_write_pdf)
    dialog = batch_dialog(qtbot, template, monkeypatch, path)
    dialog.count_spin.setValue(20)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_panel.bar.value() >= 1, timeout=10000)
    assert dialog.stack.currentIndex() == PAGE_PROGRESS
    assert path.with_name("coupons.pdf.partial").exists()
    qtbot.mouseClick(dialog.progress_panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_FORM, timeout=10000)
    wait_for_file_tasks()
    assert list(path.parent.iterdir()) == []
    assert dialog.notice_label.isVisibleTo(dialog)
    assert "no file was written" in dialog.notice_label.text()
    # The coupons stay stored; the same batch is printed when the person tries again.
    assert CouponBatch.select().count() == 1


def test_cancel_before_writing_began_leaves_no_file(qtbot, db, tmp_path, monkeypatch):
    template = add_template(weekend())
    path = out_folder(tmp_path) / "coupons.pdf"
    release = threading.Event()
    file_pool().start(lambda: release.wait(5))  # the file pool is busy with something else
    dialog = batch_dialog(qtbot, template, monkeypatch, path)
    dialog.count_spin.setValue(3)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_PROGRESS, timeout=5000)
    qtbot.mouseClick(dialog.progress_panel.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_FORM, timeout=10000)
    wait_for_file_tasks()
    assert list(path.parent.iterdir()) == []


def test_save_pngs_writes_one_picture_per_coupon_of_an_existing_batch(qtbot, db, tmp_path,
                                                                      monkeypatch):
    template = add_template(weekend())
    batch = generate_batch(template.id, 3)
    folder = out_folder(tmp_path)
    monkeypatch.setattr(dialogs, "choose_directory", lambda *args: folder)
    dialog = BatchDialog(template, batch.batch_id, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.png_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_DONE, timeout=20000)
    assert sorted(path.stem for path in folder.iterdir()) == sorted(
        f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in batch.codes)
    assert CouponBatch.select().count() == 1  # the same batch, no new codes


def test_print_opens_the_system_preview_with_the_batch(qtbot, db, monkeypatch):
    template = add_template(weekend())
    printed = []
    monkeypatch.setattr(coupon_sheets, "print_with_preview",
                        lambda parent, cards, per_page: printed.append((len(cards), per_page)))
    dialog = BatchDialog(template)
    qtbot.addWidget(dialog)
    dialog.count_spin.setValue(5)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: printed == [(5, 8)], timeout=5000)


# -- issuing -------------------------------------------------------------------------------


def test_issue_to_a_segment_gives_each_member_a_coupon(qtbot, page, recorded_dialogs,
                                                       monkeypatch):
    for number in range(3):
        add_member(MemberInput(name=f"会员{number}", phone=f"1380013800{number}"))
    template = add_template(weekend())
    refreshed(qtbot, page)

    def choose_and_issue(dialog: IssueDialog):
        qtbot.waitUntil(lambda: dialog.counts is not None, timeout=5000)
        dialog.segment_combo.setCurrentIndex(dialog.segment_combo.findData("prospects"))
        assert dialog.segment_combo.currentText() == "Prospects (no purchase yet) (3 members)"
        recorded_dialogs.confirmations.append(True)
        qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=5000)
        return 1

    monkeypatch.setattr(IssueDialog, "exec", choose_and_issue)
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    assert page.notices == ["3 coupons were issued"]
    held = {coupon.member.name for coupon in Coupon.select().join(Member)
            .where(Coupon.template == template.id)}
    assert held == {"会员0", "会员1", "会员2"}
    assert CouponBatch.get().purpose == "members"
    assert "3 members" in recorded_dialogs.named("confirm")[0][1]
    qtbot.waitUntil(lambda: page.templates_table.column_texts(COLUMN_ISSUED) == ["3"],
                    timeout=5000)


def test_issue_is_not_offered_for_an_empty_segment(qtbot, db, recorded_dialogs):
    dialog = IssueDialog(add_template(weekend()))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.counts is not None, timeout=5000)
    assert not dialog.action_button.isEnabled()
    assert Coupon.select().count() == 0



def test_the_store_logo_can_be_left_off_a_coupon(qtbot, db):
    from dataclasses import replace

    from PySide6.QtCore import QBuffer
    from PySide6.QtGui import QImage

    from desktop.domain.store import save_store_profile
    from desktop.printing.batch_cards import batch_cards

    image, buffer = QImage(64, 64, QImage.Format.Format_ARGB32), QBuffer()
    image.fill(Qt.GlobalColor.darkGreen)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    save_store_profile(replace(get_store_profile(), logo_png=bytes(buffer.data())))
    dialog = designer(qtbot)
    dialog.title_edit.setText("无标志券")
    dialog.value_edit.setText("5")
    assert dialog.logo_check.isEnabled() and dialog.card().logo_png is not None
    dialog.logo_check.setChecked(False)
    assert dialog.card().logo_png is None  # the preview follows
    dialog.save()
    assert dialog.saved.style["show_logo"] is False
    batch = generate_batch(dialog.saved.id, 2)
    assert [card.logo_png for card in batch_cards(str(batch.batch_id))] == [None, None]
    kept = generate_batch(add_template(weekend()).id, 1)
    assert batch_cards(str(kept.batch_id))[0].logo_png is not None  # the default prints it
