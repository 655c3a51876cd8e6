"""The redemption desk (核销台): one big input a scanner types into, the verdict below it."""

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.purchases import parse_amount
from desktop.domain.redemption import UNDO_WINDOW, UndoOutcome, Verdict, redeem, this_desk, undo
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs, theme
from desktop.views.page import Page, PageContext
from desktop.views.redeem.verdict_panel import VerdictPanel
from desktop.views.widgets import Card, FieldError, label, link_button, primary_button, set_invalid

INPUT_POINTS = 26
UNDO_SECONDS = int(UNDO_WINDOW.total_seconds())


class RedeemPage(Page):
    """Scan or type a code and press Enter; the answer fills the page, focus stays in the input."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.desk = this_desk()
        self._undo_attempt: int | None = None
        self._undo_deadline = 0.0  # time.monotonic() after which undo is gone
        self._throttle_deadline = 0.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 28)
        layout.setSpacing(16)
        layout.addWidget(label(tr("Redeem", "Redeem"), "title"))
        layout.addWidget(self._build_entry())
        self.verdict = VerdictPanel()
        layout.addWidget(self.verdict, 1)
        layout.addLayout(self._build_undo_row())
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

    def _build_entry(self) -> Card:
        card = Card(spacing=8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self.code_input = QLineEdit()
        self.code_input.setObjectName("RedeemInput")
        font = QFont(self.code_input.font())
        font.setPointSize(INPUT_POINTS)
        self.code_input.setFont(font)
        self._input_style = f"font-size: {INPUT_POINTS}pt; padding: 6px 12px;"
        self.code_input.setStyleSheet(self._input_style)
        self.code_input.setMinimumWidth(420)
        self.code_input.setPlaceholderText("K7QM-3XHP-9TRD")
        self.code_input.setAccessibleName(tr("Redeem", "Coupon code"))
        self.code_input.returnPressed.connect(self.submit)
        self.redeem_button = primary_button(tr("Redeem", "Redeem"))
        self.redeem_button.setMinimumHeight(48)
        self.redeem_button.clicked.connect(self.submit)
        grid.addWidget(label(tr("Redeem", "Coupon code"), "heading"), 0, 0, 1, 2)
        grid.addWidget(self.code_input, 1, 0)
        grid.addWidget(self.redeem_button, 1, 1)
        self.amount_input = QLineEdit()
        self.amount_input.setPlaceholderText(tr("Redeem", "e.g. 128.50"))
        self.amount_input.setAccessibleName(tr("Redeem", "Bill amount"))
        self.amount_input.setMaximumWidth(200)
        self.amount_input.returnPressed.connect(self.submit)
        amount_row = QHBoxLayout()
        amount_row.setSpacing(10)
        amount_row.addWidget(label(tr("Redeem", "Bill (optional, yuan)")))
        amount_row.addWidget(self.amount_input)
        amount_row.addWidget(label(tr("Redeem", "checked against the minimum spend"), "muted"))
        amount_row.addStretch(1)
        grid.addLayout(amount_row, 2, 0, 1, 2)
        self.amount_error = FieldError()
        grid.addWidget(self.amount_error, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        card.body.addLayout(grid)
        self.wait_label = label("", "heading")
        self.wait_label.hide()
        card.body.addWidget(self.wait_label)
        return card

    def _build_undo_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.undo_button = link_button("")
        self.undo_button.clicked.connect(self.undo_last)
        self.undo_hint = label("", "muted")
        row.addWidget(self.undo_button)
        row.addWidget(self.undo_hint)
        row.addStretch(1)
        self.undo_button.hide()
        self.undo_hint.hide()
        return row

    # -- entering a code ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.focus_input()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_input)

    def focus_input(self) -> None:
        """Focus back in the code input, its text selected so the next scan replaces it."""
        self.code_input.setFocus(Qt.FocusReason.OtherFocusReason)
        self.code_input.selectAll()

    def taking_codes(self) -> bool:
        """False while the desk is slowed down after too many unknown codes."""
        return not self.code_input.isReadOnly()

    def _set_taking_codes(self, taking: bool) -> None:
        # Read-only rather than disabled: a disabled input would hand the focus to the bill
        # field, and the scanner's next code would land there.
        self.code_input.setReadOnly(not taking)
        self.code_input.setStyleSheet(self._input_style + ("" if taking else (
            f" color: {theme.DISABLED}; background: {theme.HOVER};")))
        self.redeem_button.setEnabled(taking)
        self.amount_input.setEnabled(taking)

    def submit(self) -> None:
        """Judge what is in the input (a scanner's Enter or the Redeem button)."""
        entered = self.code_input.text().strip()
        if not entered or not self.taking_codes():
            self.focus_input()
            return
        try:
            amount = parse_amount(self.amount_input.text()) \
                if self.amount_input.text().strip() else None
        except InvalidInput as problem:
            self.amount_error.show_problem(str(problem.details.get("problem",
                                                                   problem.user_message())))
            set_invalid(self.amount_input, True)
            self.focus_input()
            return
        self.amount_error.clear_problem()
        set_invalid(self.amount_input, False)
        desk = self.desk
        run_database_task(lambda: redeem(entered, desk, amount_cents=amount),
                          self._judged, self._failed, owner=self)
        self.focus_input()

    def _judged(self, verdict: Verdict) -> None:
        self.verdict.show_verdict(verdict)
        if verdict.reason == "redeemed":
            self._undo_attempt = verdict.attempt_id
            self.undo_button.setText(tr("Redeem", "Undo the redemption of {code}").format(
                code=verdict.code))
            self._undo_deadline = time.monotonic() + UNDO_SECONDS
            self.amount_input.clear()
        elif verdict.reason == "throttled":
            self._throttle_deadline = time.monotonic() + verdict.wait_seconds
            self._set_taking_codes(False)
        self._tick()
        self.focus_input()

    def _failed(self, error: Exception) -> None:
        message = error.user_message() if isinstance(error, DomainError) else str(error)
        dialogs.show_error(self, tr("Redeem", "Redeem"), message)
        self.focus_input()

    # -- undo and the countdowns ------------------------------------------------------------

    def undo_last(self) -> None:
        """Undo the last redemption made here, if it is still within 5 minutes."""
        attempt = self._undo_attempt
        if attempt is None:
            return
        self._undo_attempt = None
        desk = self.desk
        run_database_task(lambda: undo(attempt, desk), self._undone, self._failed, owner=self)
        self._tick()
        self.focus_input()

    def _undone(self, outcome: UndoOutcome) -> None:
        if outcome.ok:
            self.verdict.show_undone(outcome.message, outcome.code)
        else:
            self.context.notify(outcome.message)
        self.focus_input()

    def _tick(self) -> None:
        now = time.monotonic()
        undo_left = int(self._undo_deadline - now) if self._undo_attempt is not None else 0
        if undo_left <= 0:
            self._undo_attempt = None
        self.undo_button.setVisible(undo_left > 0)
        self.undo_hint.setVisible(undo_left > 0)
        if undo_left > 0:
            self.undo_hint.setText(tr("Redeem", "possible for {time} more").format(
                time=f"{undo_left // 60}:{undo_left % 60:02d}"))
        wait_left = int(self._throttle_deadline - now + 0.999)
        throttled = wait_left > 0
        self.wait_label.setVisible(throttled)
        if throttled:
            self.wait_label.setText(tr("Redeem", "Too many unknown codes: the desk takes codes "
                                                 "again in {seconds} s.").format(
                seconds=wait_left))
        elif not self.taking_codes():
            self._set_taking_codes(True)
            self.focus_input()
        if undo_left > 0 or throttled:
            if not self._ticker.isActive():
                self._ticker.start()
        else:
            self._ticker.stop()
