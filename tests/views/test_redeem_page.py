"""The redemption desk: a scanner types a code and Enter, the verdict fills the page, undo."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db.models import Coupon, CouponTemplate, RedemptionAttempt, utcnow
from desktop.domain import coupon_codes
from desktop.domain.store import current_store
from desktop.tasks.background import wait_for_database_tasks
from desktop.views import translation


def make_coupon(**fields) -> Coupon:
    store = current_store()
    template = CouponTemplate.create(issuer_store=store, title="Latte treat", kind="amount",
                                     value=1000, min_spend_cents=fields.pop("min_spend", 0))
    return Coupon.create(code=coupon_codes.new_code(), issuer_uuid=store.uuid,
                         template=template, **fields)


@pytest.fixture
def desk(main_window, qtbot):
    page = main_window.show_page("redeem")
    qtbot.waitUntil(page.code_input.hasFocus)
    return page


def scan(qtbot, page, text: str) -> None:
    """What a USB scanner does: type the characters into the focused input, then Enter."""
    before = RedemptionAttempt.select().count()
    qtbot.keyClicks(page.code_input, text)
    qtbot.keyClick(page.code_input, Qt.Key.Key_Return)
    wait_for_database_tasks()
    qtbot.waitUntil(lambda: RedemptionAttempt.select().count() > before)
    qtbot.waitUntil(lambda: page.verdict.reason == RedemptionAttempt.select().order_by(
        RedemptionAttempt.id.desc()).first().verdict)


def test_the_page_opens_ready_with_focus_in_a_large_input(desk):
    assert desk.code_input.hasFocus()
    assert desk.code_input.font().pointSize() >= 24
    assert desk.verdict.headline_text() == "Ready to scan"
    assert desk.verdict.headline.font().pointSize() >= 32 or "34pt" in \
        desk.verdict.headline.styleSheet()
    assert not desk.undo_button.isVisible()


def test_a_scanned_code_is_redeemed_and_shown_in_green_words(desk, qtbot):
    coupon = make_coupon()
    scan(qtbot, desk, coupon_codes.display(coupon.code))

    assert desk.verdict.headline_text() == "Redeemed"
    assert "#067647" in desk.verdict.headline.styleSheet().lower()
    assert desk.verdict.message.text() == "Redeemed."
    details = [desk.verdict.details.itemAt(i).widget().text()
               for i in range(desk.verdict.details.count())]
    assert coupon_codes.display(coupon.code) in details
    assert "Latte treat · ¥10 off" in details
    assert Coupon.get_by_id(coupon.id).redeemed_at is not None
    assert desk.code_input.hasFocus()
    assert desk.code_input.selectedText() == coupon_codes.display(coupon.code)
    assert desk.undo_button.isVisible()
    assert "4:5" in desk.undo_hint.text() or "5:00" in desk.undo_hint.text()


def test_the_next_scan_replaces_the_last_code(desk, qtbot):
    first, second = make_coupon(), make_coupon()
    scan(qtbot, desk, first.code)
    scan(qtbot, desk, second.code.lower())
    assert desk.code_input.text() == second.code.lower()
    assert Coupon.get_by_id(second.id).redeemed_at is not None


@pytest.mark.parametrize(("setup", "headline", "colour"), [
    ("redeemed_elsewhere", "Already used", "#b42318"),
    ("expired", "Expired", "#b42318"),
    ("not_yet_valid", "Not valid yet", "#b42318"),
    ("voided", "Voided", "#b42318"),
    ("unknown", "Unknown code", "#b42318"),
    ("typo", "Typo?", "#b54708"),
])
def test_each_refusal_has_its_word_colour_and_reason(desk, qtbot, setup, headline, colour):
    now = utcnow()
    fields = {"expired": {"expires_at": now - dt.timedelta(days=2)},
              "not_yet_valid": {"valid_from": now + dt.timedelta(days=2)},
              "voided": {"voided_at": now},
              "redeemed_elsewhere": {"redeemed_at": now - dt.timedelta(minutes=10),
                                     "redeemed_desk": "till-9"}}.get(setup, {})
    coupon = make_coupon(**fields)
    entered = {"unknown": "NOPE-NOPE", "typo": coupon.code[:-2] + coupon.code[-1] +
               coupon.code[-2]}.get(setup, coupon.code)
    if setup == "typo" and entered == coupon.code:
        entered = coupon.code[1:]

    scan(qtbot, desk, entered)

    assert desk.verdict.headline_text() == headline
    assert colour in desk.verdict.headline.styleSheet().lower()
    assert desk.verdict.message.text()
    assert desk.code_input.hasFocus()
    assert not desk.undo_button.isVisible()
    if setup == "typo":
        assert coupon_codes.display(coupon.code) in desk.verdict.message.text()
    if setup == "redeemed_elsewhere":
        assert "till-9" in desk.verdict.message.text()
    if setup != "redeemed_elsewhere":
        assert Coupon.get_by_id(coupon.id).redeemed_at is None


def test_a_bill_below_the_minimum_spend_is_refused_and_a_bad_amount_shown_inline(desk, qtbot):
    coupon = make_coupon(min_spend=5_000)
    desk.amount_input.setText("lots")
    qtbot.keyClicks(desk.code_input, coupon.code)
    qtbot.keyClick(desk.code_input, Qt.Key.Key_Return)
    assert desk.amount_error.isVisible()
    assert RedemptionAttempt.select().count() == 0
    assert desk.code_input.hasFocus()

    desk.amount_input.setText("30")
    qtbot.keyClick(desk.code_input, Qt.Key.Key_Return)
    wait_for_database_tasks()
    qtbot.waitUntil(lambda: desk.verdict.reason == "below_min_spend")
    assert desk.verdict.headline_text() == "Below minimum spend"
    assert "¥50.00" in desk.verdict.message.text()
    assert not desk.amount_error.isVisible()


def test_a_double_scan_is_calm_and_amber(desk, qtbot):
    coupon = make_coupon()
    scan(qtbot, desk, coupon.code)
    scan(qtbot, desk, coupon.code)
    assert desk.verdict.headline_text() == "Already done"
    assert "#b54708" in desk.verdict.headline.styleSheet().lower()
    assert Coupon.get_by_id(coupon.id).redeemed_at is not None


def test_undo_puts_the_coupon_back_and_focus_stays_in_the_input(desk, qtbot):
    coupon = make_coupon()
    scan(qtbot, desk, coupon.code)
    qtbot.mouseClick(desk.undo_button, Qt.MouseButton.LeftButton)
    wait_for_database_tasks()
    qtbot.waitUntil(lambda: desk.verdict.reason == "undone")

    assert desk.verdict.headline_text() == "Undone"
    assert Coupon.get_by_id(coupon.id).redeemed_at is None
    assert RedemptionAttempt.get(RedemptionAttempt.verdict == "redeemed").undone_at is not None
    assert not desk.undo_button.isVisible()
    assert desk.code_input.hasFocus()


def test_throttling_disables_the_input_with_a_countdown(desk, qtbot):
    for _ in range(5):
        scan(qtbot, desk, "NOPE")
    coupon = make_coupon()
    scan(qtbot, desk, coupon.code)

    assert desk.verdict.headline_text() == "Please wait"
    assert not desk.taking_codes()
    assert not desk.redeem_button.isEnabled()
    assert desk.code_input.hasFocus()  # the scanner's next code must not land elsewhere
    assert desk.wait_label.isVisible()
    assert " s." in desk.wait_label.text()
    assert Coupon.get_by_id(coupon.id).redeemed_at is None
    attempts = RedemptionAttempt.select().count()
    qtbot.keyClicks(desk.code_input, "X")
    qtbot.keyClick(desk.code_input, Qt.Key.Key_Return)
    wait_for_database_tasks()
    assert RedemptionAttempt.select().count() == attempts  # nothing is sent meanwhile
    desk._throttle_deadline = 0  # the countdown runs out
    desk._tick()
    assert desk.taking_codes()
    assert desk.code_input.hasFocus()
    assert not desk.wait_label.isVisible()


def test_the_desk_speaks_chinese(desk, qtbot):
    translation.apply_language("zh_CN")
    coupon = make_coupon()
    scan(qtbot, desk, coupon.code)
    assert desk.verdict.headline_text() == "已核销"
