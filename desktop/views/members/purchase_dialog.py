"""PurchaseDialog: record one purchase for a member, with the points it earns, off the UI thread."""

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.purchases import (
    NOTE_LENGTH,
    PurchaseResult,
    parse_amount,
    points_for,
    record_purchase,
)
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views.widgets import FieldError, label, save_cancel_buttons, set_invalid

log = logging.getLogger(__name__)

FIELD_WIDTH = 260


class PurchaseDialog(QDialog):
    """Amount and note; Save (Enter) records the purchase on the database thread, Esc cancels.

    After a save `result_purchase` holds the domain's PurchaseResult and the dialog is accepted.
    """

    def __init__(self, member_id: int, member_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member_id = member_id
        self.result_purchase: PurchaseResult | None = None
        self.amount_cents: int | None = None  # what was saved, in fen
        self._saving = False
        self._points_token = 0  # the newest amount asked about; older answers are dropped
        self.setWindowTitle(tr("PurchaseDialog", "Record purchase"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        self.member_label = label(member_name, "heading", wrap=True)
        self.member_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.member_label)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(tr("PurchaseDialog", "e.g. 38.5"))
        self.amount_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.amount_edit.setMinimumWidth(FIELD_WIDTH)
        self.amount_edit.textChanged.connect(self._amount_changed)
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(NOTE_LENGTH)
        self.note_edit.setPlaceholderText(tr("PurchaseDialog", "optional, e.g. what they bought"))
        self.amount_error = FieldError()
        self.points_label = label("", "muted")
        self.points_label.hide()
        self.note_error = FieldError()
        self._add_field(grid, 0, tr("PurchaseDialog", "Amount (yuan)"), self.amount_edit)
        grid.addWidget(self.amount_error, 1, 1)
        grid.addWidget(self.points_label, 2, 1)
        grid.setRowMinimumHeight(3, 8)
        self._add_field(grid, 4, tr("PurchaseDialog", "Note"), self.note_edit)
        grid.addWidget(self.note_error, 5, 1)
        layout.addLayout(grid)
        self.general_error = FieldError()
        layout.addWidget(self.general_error)
        layout.addStretch(1)

        layout.addWidget(save_cancel_buttons(self))
        self.amount_edit.setFocus()

    @staticmethod
    def _add_field(grid: QGridLayout, row: int, caption: str, widget: QWidget) -> None:
        caption_label = label(caption)
        caption_label.setMinimumHeight(32)
        caption_label.setBuddy(widget)
        grid.addWidget(caption_label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(widget, row, 1)

    # -- the live points line -------------------------------------------------------------

    def _amount_changed(self, text: str) -> None:
        self._points_token += 1
        try:
            cents = parse_amount(text)
        except InvalidInput:
            self.points_label.hide()
            return
        token = self._points_token
        # The rule reads the points-per-yuan setting: a database read, so off the UI thread.
        run_database_task(lambda: points_for(cents),
                          lambda points: self._show_points(token, points), owner=self)

    def _show_points(self, token: int, points: int) -> None:
        if token == self._points_token:
            self.points_label.setText(tr("PurchaseDialog", "Earns {n} points").format(
                n=f"{points:,}"))
            self.points_label.show()

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Check the amount here, then record the purchase on the database thread."""
        if self._saving:
            return
        self._clear_problems()
        try:
            cents = parse_amount(self.amount_edit.text())
        except InvalidInput as problem:
            self._show_problem(self.amount_edit, self.amount_error, problem)
            return
        self._set_saving(True)
        self.amount_cents = cents
        note = self.note_edit.text()
        run_database_task(lambda: record_purchase(self.member_id, cents, note=note),
                          self._saved, self._save_failed, owner=self)

    def reject(self) -> None:
        # Closing while the purchase is being written would lose word of it: wait for it.
        if not self._saving:
            super().reject()

    def _saved(self, result: PurchaseResult) -> None:
        self._set_saving(False)
        self.result_purchase = result
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, InvalidInput):
            field = str(error.details.get("field", ""))
            if field == tr("purchases", "Amount"):
                self._show_problem(self.amount_edit, self.amount_error, error)
                return
            if field == tr("purchases", "Note"):
                self._show_problem(self.note_edit, self.note_error, error)
                return
        if isinstance(error, DomainError):
            self.general_error.show_problem(error.user_message())
            return
        log.warning("Recording a purchase failed: %s", type(error).__name__)
        self.general_error.show_problem(
            tr("PurchaseDialog", "The purchase could not be saved: {reason}").format(
                reason=error))

    def _show_problem(self, field: QLineEdit, error_label: FieldError,
                      problem: InvalidInput) -> None:
        text = str(problem.details.get("problem", problem.user_message()))
        error_label.show_problem(text[:1].upper() + text[1:])  # a sentence under the field
        set_invalid(field, True)
        field.setFocus()

    def _clear_problems(self) -> None:
        for field, error_label in ((self.amount_edit, self.amount_error),
                                   (self.note_edit, self.note_error)):
            error_label.clear_problem()
            set_invalid(field, False)
        self.general_error.clear_problem()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        self.amount_edit.setReadOnly(saving)
        self.note_edit.setReadOnly(saving)
