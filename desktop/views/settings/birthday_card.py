"""The Birthday coupons card of Settings: which coupon members get, and how many days before."""

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.domain.birthday_coupons import (
    BirthdayChoices,
    BirthdaySettings,
    load_birthday_settings,
    parse_days_before,
    save_birthday_settings,
)
from desktop.domain.coupons import describe
from desktop.domain.errors import InvalidInput
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs
from desktop.views.page import PageContext
from desktop.views.settings.rules_card import BUSY_STYLE, field_row, reason_of
from desktop.views.widgets import Card, label, primary_button, set_invalid

if TYPE_CHECKING:
    from desktop.views.settings.page import FormGrid

log = logging.getLogger(__name__)

COMBO_WIDTH = 400  # a long template title is cut (its tooltip is whole), not the card widened


class BirthdayCard(Card):
    """Choose the birthday coupon (or off) and the days before; saved on the database thread."""

    def __init__(self, context: PageContext, form: "FormGrid",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(BUSY_STYLE)
        self.context = context
        self._loaded: BirthdaySettings | None = None
        self._loading = False
        self._saving = False
        self.body.addWidget(label(tr("BirthdayCard", "Birthday coupons"), "heading"))
        self.body.addWidget(label(tr(
            "BirthdayCard", "Each member with a birthday on file gets this coupon once a year, "
            "a few days before the birthday. ShopCircle issues them once a day while it is "
            "open; they appear in the member's Coupons tab."), "muted", wrap=True))
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName(tr("BirthdayCard", "Birthday coupon"))
        self.template_combo.setFixedWidth(COMBO_WIDTH)
        self.template_combo.currentIndexChanged.connect(self._update_state)
        self.template_error = form.add_row(
            tr("BirthdayCard", "Birthday coupon"), field_row(self.template_combo),
            tr("BirthdayCard", "Off: no birthday coupons. Design coupons on the Coupons page."))
        self.days_edit = QLineEdit()
        self.days_edit.setMaxLength(3)
        self.days_edit.setFixedWidth(max(90, self.days_edit.fontMetrics().horizontalAdvance(
            "000000") + 28))
        self.days_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.days_edit.textChanged.connect(self._update_state)
        self.days_edit.returnPressed.connect(self.save)
        self.days_error = form.add_row(
            tr("BirthdayCard", "Days before"),
            field_row(self.days_edit, label(tr("BirthdayCard", "days before the birthday"))),
            tr("BirthdayCard", "1 to 60. At 7, a member born on 20 May gets the coupon on "
                               "13 May."))
        self.body.addLayout(form)
        self.body.addLayout(self._build_actions())
        self._set_enabled(False)
        self.load()

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.status_label = label("", "muted", wrap=True)
        row.addWidget(self.status_label, 1)
        self.discard_button = QPushButton(tr("BirthdayCard", "Discard changes"))
        self.discard_button.clicked.connect(self.discard)
        self.save_button = primary_button(tr("BirthdayCard", "Save birthday coupons"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        return row

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the settings and the templates on the database thread, then show them."""
        if self._loading or self._saving:
            return
        self._loading = True
        run_database_task(load_birthday_settings, self._show_loaded, self._load_failed,
                          owner=self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Back on the page: new templates may have been designed meanwhile.
        if not event.spontaneous() and self._loaded is not None and not self.is_edited():
            self.load()

    def _show_loaded(self, choices: BirthdayChoices) -> None:
        self._loading = False
        first = self._loaded is None
        if first or not self.is_edited():  # typing during a reload wins over the reload
            self._fill(choices)
        if first:
            self._set_enabled(True)

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self.status_label.setText(tr("BirthdayCard", "The birthday settings could not be read: "
                                                     "{reason}").format(reason=reason_of(error)))

    def _fill(self, choices: BirthdayChoices) -> None:
        blocked = self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.addItem(tr("BirthdayCard", "Off"), None)
        for template in choices.templates:
            text = f"{template.title} · {describe(template).value}"
            if template.archived:
                text += " " + tr("BirthdayCard", "(archived)")
            self.template_combo.addItem(text, template.id)
            self.template_combo.setItemData(self.template_combo.count() - 1, text,
                                            Qt.ItemDataRole.ToolTipRole)
        self.template_combo.blockSignals(blocked)
        self._show(choices.settings)

    def _show(self, settings: BirthdaySettings) -> None:
        self._loaded = settings
        index = self.template_combo.findData(settings.template_id) \
            if settings.template_id is not None else 0
        self.template_combo.setCurrentIndex(max(index, 0))
        self.days_edit.setText(str(settings.days_before))
        self._clear_problems()
        self._update_state()

    def discard(self) -> None:
        """Back to what is stored."""
        if self._loaded is not None:
            self._show(self._loaded)

    # -- saving -----------------------------------------------------------------------------

    def is_edited(self) -> bool:
        """The card differs from what was last loaded or saved."""
        return self._loaded is not None and self._state() != (
            self._loaded.template_id, str(self._loaded.days_before))

    def save(self) -> bool:
        """Check the days; if right, store the settings on the database thread. True if started."""
        if self._loaded is None or self._saving:
            return False
        self._clear_problems()
        try:
            days = parse_days_before(self.days_edit.text())
        except InvalidInput as problem:
            self._show_problem(problem)
            return False
        settings = BirthdaySettings(self.template_combo.currentData(), days)
        self._busy(True)
        run_database_task(lambda: save_birthday_settings(settings), self._saved,
                          self._save_failed, owner=self)
        return True

    def _saved(self, settings: BirthdaySettings) -> None:
        self._busy(False)
        log.info("Birthday coupon settings saved (on: %s)", settings.template_id is not None)
        self._show(settings)
        self.context.notify(
            tr("BirthdayCard", "Birthday coupons saved.") if settings.template_id is not None
            else tr("BirthdayCard", "Birthday coupons are off."))

    def _save_failed(self, error: Exception) -> None:
        self._busy(False)
        if isinstance(error, InvalidInput):
            self._show_problem(error)
            return
        dialogs.show_error(self, tr("BirthdayCard", "The birthday settings were not saved"),
                           reason_of(error))

    # -- state and problems -----------------------------------------------------------------

    def _state(self) -> tuple:
        return self.template_combo.currentData(), self.days_edit.text().strip()

    def _update_state(self) -> None:
        if not self._saving:
            self.status_label.setText(
                tr("BirthdayCard", "Unsaved changes") if self.is_edited() else "")

    def _busy(self, busy: bool) -> None:
        self._saving = busy
        self._set_enabled(not busy)
        if busy:
            self.status_label.setText(tr("BirthdayCard", "Saving…"))
        self._update_state()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.template_combo, self.days_edit, self.save_button,
                       self.discard_button):
            widget.setEnabled(enabled)

    def _show_problem(self, problem: InvalidInput) -> None:
        days = str(problem.details.get("field", "")) == tr("birthdays", "Days before")
        widget, error = ((self.days_edit, self.days_error) if days
                         else (self.template_combo, self.template_error))
        error.show_problem(str(problem.details.get("problem", problem.user_message())))
        set_invalid(widget, True)
        self.status_label.setText(tr("BirthdayCard", "Not saved: correct the field marked "
                                                     "in red."))
        widget.setFocus()

    def _clear_problems(self) -> None:
        for widget, error in ((self.days_edit, self.days_error),
                              (self.template_combo, self.template_error)):
            error.clear_problem()
            set_invalid(widget, False)
