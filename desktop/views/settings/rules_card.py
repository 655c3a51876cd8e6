"""The settings card for membership rules: points per yuan, points expiry, sleeping, tiers."""

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QProgressBar, QPushButton, QWidget

from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.membership_rules import (
    MembershipRules,
    RulesAndTiers,
    SavedRules,
    load_rules,
    parse_rules,
    save_rules,
)
from desktop.domain.tiers import TierSpec, validate_tiers
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs, theme
from desktop.views.page import PageContext
from desktop.views.settings.tier_editor import TierEditor
from desktop.views.widgets import Card, FieldError, label, primary_button, set_invalid

if TYPE_CHECKING:
    from desktop.views.settings.page import FormGrid

log = logging.getLogger(__name__)

DEFAULT_EXPIRE_DAYS = 365  # offered when expiry is switched on: "points last a year"
# The application sheet has no disabled look for inputs, links and the primary button; a busy
# card must look busy. (A candidate for theme.stylesheet.)
BUSY_STYLE = f"""
QLineEdit:disabled, QComboBox:disabled {{
    color: {theme.DISABLED}; background: {theme.BACKGROUND}; border-color: {theme.BORDER};
}}
QPushButton[primary="true"]:disabled {{
    background: {theme.HOVER}; color: {theme.DISABLED}; border-color: {theme.BORDER};
}}
QPushButton[link="true"]:disabled {{ color: {theme.DISABLED}; }}
"""
NEVER, AFTER = range(2)  # the expiry combo's rows


class RulesCard(Card):
    """Edit the membership rules; Save validates, then stores them on the database thread.

    Saving changed tiers re-tiers every member in the same job: the card shows that it is
    busy while the rest of the window stays usable.
    """

    def __init__(self, context: PageContext, form: "FormGrid",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(BUSY_STYLE)
        self.context = context
        self._loaded: RulesAndTiers | None = None
        self._loaded_state: tuple | None = None
        self._loading = False
        self._saving = False
        self.body.addWidget(label(tr("RulesCard", "Membership rules"), "heading"))
        self.body.addWidget(label(tr(
            "RulesCard", "How members earn points and reach tiers. Tier changes apply to every "
            "member as soon as you save. Points per yuan and expiry apply to purchases from "
            "then on; points already earned keep their amount and expiry date."),
            "muted", wrap=True))
        self._build_form(form)
        self.body.addLayout(form)
        self.body.addWidget(label(tr("RulesCard", "Tiers"), "heading"))
        self.body.addWidget(label(tr(
            "RulesCard", "Lowest tier first; the last one is the top tier (VIP). A member holds "
            "the highest tier they reach, by total spend or by points balance."),
            "muted", wrap=True))
        self.tier_editor = TierEditor()
        self.tier_editor.changed.connect(self._update_state)
        self.tier_editor.submitted.connect(self.save)
        self.body.addWidget(self.tier_editor)
        self.tiers_error = FieldError()
        self.body.addWidget(self.tiers_error)
        self.body.addLayout(self._build_actions())
        self._set_enabled(False)
        self.load()

    def _build_form(self, form: "FormGrid") -> None:
        self.per_yuan_edit = self._number_edit()
        self.per_yuan_error = form.add_row(
            tr("RulesCard", "Points per yuan"),
            field_row(self.per_yuan_edit, label(tr("RulesCard", "points for each whole yuan"))),
            tr("RulesCard", "At 1, a ¥38.50 purchase earns 38 points. 0 turns points off."))
        self.expiry_combo = QComboBox()
        self.expiry_combo.addItem(tr("RulesCard", "Never expire"))
        self.expiry_combo.addItem(tr("RulesCard", "Expire after"))
        self.expiry_combo.setAccessibleName(tr("RulesCard", "Points expiry"))
        self.expiry_days_edit = self._number_edit()
        self.expiry_days_label = label(tr("RulesCard", "days"))
        self.expiry_error = form.add_row(
            tr("RulesCard", "Points expiry"),
            field_row(self.expiry_combo, self.expiry_days_edit, self.expiry_days_label),
            tr("RulesCard", "Counted from each purchase; 365 days is one year. Expired points "
                            "are taken off once a day while ShopCircle is open."))
        self.expiry_combo.currentIndexChanged.connect(self._expiry_mode_changed)
        self.sleeping_edit = self._number_edit()
        self.sleeping_error = form.add_row(
            tr("RulesCard", "Sleeping after"),
            field_row(self.sleeping_edit, label(tr("RulesCard", "days without a visit"))),
            tr("RulesCard", "Members who bought before but have not come back for this long "
                            "are in the Sleeping list, ready for a win-back coupon."))

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # how long re-tiering takes is unknown: a busy bar
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(120)
        self.progress.hide()
        row.addWidget(self.progress)
        self.status_label = label("", "muted", wrap=True)
        row.addWidget(self.status_label, 1)
        self.discard_button = QPushButton(tr("RulesCard", "Discard changes"))
        self.discard_button.clicked.connect(self.discard)
        self.save_button = primary_button(tr("RulesCard", "Save rules"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        return row

    def _number_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(7)
        edit.setFixedWidth(max(90, edit.fontMetrics().horizontalAdvance("000000") + 28))
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.textChanged.connect(self._update_state)
        edit.returnPressed.connect(self.save)
        return edit

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the rules and tiers on the database thread, then show them."""
        if self._loading or self._saving:
            return
        self._loading = True
        run_database_task(load_rules, self._show_loaded, self._load_failed, owner=self)

    def discard(self) -> None:
        """Back to what is stored."""
        if self._loaded is not None:
            self._show(self._loaded)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Back on the page: pick up changes made elsewhere unless the user has edits here.
        if not event.spontaneous() and self._loaded is not None and not self.is_edited():
            self.load()

    def _show_loaded(self, loaded: RulesAndTiers) -> None:
        self._loading = False
        first = self._loaded is None
        if first or not self.is_edited():  # typing during a reload wins over the reload
            self._show(loaded)
        if first:
            self._set_enabled(True)

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self.status_label.setText(tr("RulesCard", "The rules could not be read: {reason}").format(
            reason=reason_of(error)))

    def _show(self, loaded: RulesAndTiers) -> None:
        self._loaded = loaded
        rules = loaded.rules
        self.per_yuan_edit.setText(str(rules.points_per_yuan))
        self.expiry_combo.setCurrentIndex(AFTER if rules.points_expire_days else NEVER)
        self.expiry_days_edit.setText(str(rules.points_expire_days or DEFAULT_EXPIRE_DAYS))
        self._expiry_mode_changed()
        self.sleeping_edit.setText(str(rules.sleeping_after_days))
        self.tier_editor.set_tiers(loaded.tiers)
        self._clear_problems()
        self._loaded_state = self._state()
        self._update_state()

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        """Check the form; if it is right, store it on the database thread. True if started."""
        if self._loaded is None or self._saving:
            return False
        self._clear_problems()
        problems = []  # the rules' and the tiers' first problems, shown together
        try:
            rules = self.edited_rules()
        except InvalidInput as problem:
            problems.append(problem)
        try:
            tiers = validate_tiers(self.tier_editor.specs())
        except InvalidInput as problem:
            problems.append(problem)
        if problems:
            for problem in reversed(problems):  # the first one ends up with the focus
                self._show_problem(problem)
            return False
        changed_tiers = tiers if self._tiers_changed(tiers) else None
        self._busy(True, changed_tiers is not None)
        run_database_task(lambda: save_rules(rules, changed_tiers), self._saved,
                          self._save_failed, owner=self)
        return True

    def edited_rules(self) -> MembershipRules:
        """The rules as the form shows them; InvalidInput naming the field at fault."""
        days = self.expiry_days_edit.text() if self.expiry_combo.currentIndex() == AFTER else None
        return parse_rules(self.per_yuan_edit.text(), days, self.sleeping_edit.text())

    def is_edited(self) -> bool:
        """The form differs from what was last loaded or saved."""
        return self._loaded_state is not None and self._state() != self._loaded_state

    def _tiers_changed(self, tiers: list[TierSpec]) -> bool:
        stored = self._loaded.tiers
        # Ranks are positions here; the stored ones may be any rising numbers.
        return [(t.id, t.name, t.basis, t.threshold) for t in tiers] != \
            [(t.id, t.name, t.basis, t.threshold) for t in stored]

    def _saved(self, saved: SavedRules) -> None:
        self._busy(False)
        log.info("Membership rules saved (tiers recomputed: %s)", saved.retiered)
        self._show(RulesAndTiers(saved.rules, saved.tiers))
        self.context.notify(
            tr("RulesCard", "Membership rules saved. Every member's tier is up to date.")
            if saved.retiered else tr("RulesCard", "Membership rules saved."))

    def _save_failed(self, error: Exception) -> None:
        self._busy(False)
        if isinstance(error, InvalidInput):
            self._show_problem(error)
            return
        dialogs.show_error(self, tr("RulesCard", "The membership rules were not saved"),
                           reason_of(error))

    # -- state and problems -----------------------------------------------------------------

    def _state(self) -> tuple:
        days = self.expiry_days_edit.text().strip() \
            if self.expiry_combo.currentIndex() == AFTER else None
        return (self.per_yuan_edit.text().strip(), days, self.sleeping_edit.text().strip(),
                self.tier_editor.state())

    def _update_state(self) -> None:
        if not self._saving:
            self.status_label.setText(
                tr("RulesCard", "Unsaved changes") if self.is_edited() else "")

    def _busy(self, busy: bool, retiering: bool = False) -> None:
        self._saving = busy
        self._set_enabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.status_label.setText(
                tr("RulesCard", "Saving and updating every member's tier. You can keep working "
                                "meanwhile.") if retiering else tr("RulesCard", "Saving…"))
        self._update_state()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.per_yuan_edit, self.expiry_combo, self.expiry_days_edit,
                       self.sleeping_edit, self.tier_editor, self.save_button,
                       self.discard_button):
            widget.setEnabled(enabled)

    def _expiry_mode_changed(self) -> None:
        after = self.expiry_combo.currentIndex() == AFTER
        self.expiry_days_edit.setVisible(after)
        self.expiry_days_label.setVisible(after)
        self._update_state()

    def _fields(self) -> dict[str, tuple[QWidget, FieldError]]:
        # Keys are the field names the domain puts into InvalidInput, in the same language.
        return {tr("rules", "Points per yuan"): (self.per_yuan_edit, self.per_yuan_error),
                tr("rules", "Points expiry"): (self.expiry_days_edit, self.expiry_error),
                tr("rules", "Sleeping after"): (self.sleeping_edit, self.sleeping_error)}

    def _show_problem(self, problem: InvalidInput) -> None:
        found = self._fields().get(str(problem.details.get("field", "")))
        if found is not None:
            widget, error = found
            error.show_problem(str(problem.details.get("problem", problem.user_message())))
            set_invalid(widget, True)
        else:
            widget = self.tier_editor.show_problem(problem)
            if widget is None:
                self.tiers_error.show_problem(problem.user_message())
                widget = self.tier_editor
        self.status_label.setText(tr("RulesCard", "Not saved: correct the field marked in red."))
        widget.setFocus()

    def _clear_problems(self) -> None:
        for widget, error in self._fields().values():
            error.clear_problem()
            set_invalid(widget, False)
        self.tier_editor.clear_problems()
        self.tiers_error.clear_problem()


def field_row(*widgets: QWidget) -> QHBoxLayout:
    """The widgets side by side, left-aligned: one form field with its unit text."""
    row = QHBoxLayout()
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def reason_of(error: Exception) -> str:
    """Why a load or save failed, in words for the card."""
    return error.user_message() if isinstance(error, DomainError) else str(error)
