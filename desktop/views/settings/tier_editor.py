"""The tier list of the membership rules card: one row per tier, added, removed and reordered."""

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidInput
from desktop.domain.membership_rules import parse_threshold, threshold_text
from desktop.domain.tiers import MAX_TIERS, TierSpec
from desktop.i18n import tr
from desktop.views import icons
from desktop.views.widgets import FieldError, label, link_button, set_invalid

ICON_BUTTON = QSize(32, 32)
ICON_STYLE = "QPushButton#TierIconButton { padding: 0; min-height: 0; }"


def basis_choices() -> list[tuple[str, str]]:
    """(basis, label) for the "reached by" combo."""
    return [("spend", tr("RulesCard", "Total spend (yuan)")),
            ("points", tr("RulesCard", "Points balance"))]


class TierRow(QWidget):
    """One tier's inputs: level, name, basis, threshold, move up/down, remove, its problem."""

    def __init__(self, editor: "TierEditor", spec: TierSpec | None) -> None:
        super().__init__()
        self.tier_id = spec.id if spec else None  # kept so a renamed tier keeps its members
        self.benefits = spec.benefits if spec else ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        fields = QHBoxLayout()
        fields.setSpacing(8)
        self.level_label = label("", "muted")
        self.level_label.setFixedWidth(editor.level_width)
        self.level_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name_edit = QLineEdit(spec.name if spec else "")
        self.name_edit.setMaxLength(40)
        self.name_edit.setMinimumWidth(140)
        self.name_edit.setPlaceholderText(tr("RulesCard", "e.g. Gold"))
        self.name_edit.setAccessibleName(tr("RulesCard", "Tier name"))
        self.basis_combo = QComboBox()
        for basis, text in basis_choices():
            self.basis_combo.addItem(text, basis)
        self.basis_combo.setFixedWidth(editor.basis_width)
        self.basis_combo.setAccessibleName(tr("RulesCard", "Reached by"))
        if spec:
            self.basis_combo.setCurrentIndex(max(0, self.basis_combo.findData(spec.basis)))
        self.threshold_edit = QLineEdit(threshold_text(spec.basis, spec.threshold) if spec else "")
        self.threshold_edit.setFixedWidth(editor.threshold_width)
        self.threshold_edit.setPlaceholderText(tr("RulesCard", "e.g. 1000"))
        self.threshold_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.threshold_edit.setAccessibleName(tr("RulesCard", "Reached at"))
        self.up_button = _icon_button("arrow-up", tr("RulesCard", "Move up (a lower tier)"))
        self.down_button = _icon_button("arrow-down",
                                        tr("RulesCard", "Move down (a higher tier)"))
        self.remove_button = _icon_button("trash", tr("RulesCard", "Remove this tier"))
        for widget in (self.level_label, self.name_edit, self.basis_combo, self.threshold_edit,
                       self.up_button, self.down_button, self.remove_button):
            fields.addWidget(widget)
        layout.addLayout(fields)
        self.error = FieldError()
        self.error.setIndent(editor.level_width + fields.spacing())
        layout.addWidget(self.error)
        self.name_edit.textChanged.connect(editor.changed)
        self.threshold_edit.textChanged.connect(editor.changed)
        self.basis_combo.currentIndexChanged.connect(editor.changed)
        self.name_edit.returnPressed.connect(editor.submitted)
        self.threshold_edit.returnPressed.connect(editor.submitted)
        self.up_button.clicked.connect(lambda: editor.move_tier(self, -1))
        self.down_button.clicked.connect(lambda: editor.move_tier(self, 1))
        self.remove_button.clicked.connect(lambda: editor.remove_tier(self))

    @property
    def basis(self) -> str:
        return self.basis_combo.currentData()

    def state(self) -> tuple:
        """What the row shows, to tell an edited list from the stored one."""
        return (self.tier_id, self.name_edit.text().strip(), self.basis,
                self.threshold_edit.text().strip())

    def field_widget(self, field: str) -> QWidget | None:
        """The input a tiers InvalidInput names (field names as the domain translates them)."""
        return {tr("tiers", "Tier name"): self.name_edit,
                tr("tiers", "Basis"): self.basis_combo,
                tr("tiers", "Threshold"): self.threshold_edit}.get(field)


class TierEditor(QWidget):
    """The tiers, lowest first: the last row is the top tier (VIP)."""

    changed = Signal()
    submitted = Signal()  # Enter in one of the fields

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ICON_STYLE)
        metrics = self.fontMetrics()
        self.level_width = max(metrics.horizontalAdvance("20"),
                               metrics.horizontalAdvance(tr("RulesCard", "Level"))) + 12
        probe = QComboBox()
        for _basis, text in basis_choices():
            probe.addItem(text)
        self.basis_width = probe.sizeHint().width() + 12
        self.threshold_width = max(110, metrics.horizontalAdvance("20,000,000") + 28)
        self.rows: list[TierRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.header = self._build_header()
        layout.addWidget(self.header)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(6)
        layout.addLayout(self.rows_layout)
        self.empty_label = label(tr(
            "RulesCard", "No tiers yet: every member is simply a member. Add a tier to reward "
            "your best customers."), "muted", wrap=True)
        layout.addWidget(self.empty_label)
        self.add_button = link_button(tr("RulesCard", "+ Add a tier"))
        self.add_button.clicked.connect(self._add_and_focus)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        self._update_rows()

    def _build_header(self) -> QWidget:
        header = QWidget()
        row = QHBoxLayout(header)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        captions = ((tr("RulesCard", "Level"), self.level_width),
                    (tr("RulesCard", "Tier name"), None),
                    (tr("RulesCard", "Reached by"), self.basis_width),
                    (tr("RulesCard", "Reached at"), self.threshold_width))
        for text, width in captions:
            caption = label(text, "muted")
            if width is None:
                caption.setMinimumWidth(140)
                caption.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            else:
                caption.setFixedWidth(width)
            if text == captions[0][0]:
                caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(caption)
        row.addSpacing(3 * ICON_BUTTON.width() + 2 * row.spacing())
        return header

    # -- the list ---------------------------------------------------------------------------

    def set_tiers(self, tiers: Sequence[TierSpec]) -> None:
        """Show `tiers` (lowest rank first), dropping unsaved rows."""
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for spec in tiers:
            self._insert(TierRow(self, spec))
        self._update_rows()

    def add_tier(self) -> TierRow:
        """A new empty row at the end (the new top tier), on the basis of the row before it."""
        row = TierRow(self, None)
        if self.rows:
            row.basis_combo.setCurrentIndex(self.rows[-1].basis_combo.currentIndex())
        self._insert(row)
        self._update_rows()
        self.changed.emit()
        return row

    def remove_tier(self, row: TierRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.deleteLater()
        self._update_rows()
        following = self.rows[min(index, len(self.rows) - 1)] if self.rows else None
        (following.name_edit if following else self.add_button).setFocus()
        self.changed.emit()

    def move_tier(self, row: TierRow, step: int) -> None:
        """Move `row` up (-1, a lower tier) or down (+1, a higher tier)."""
        index = self.rows.index(row)
        target = index + step
        if not 0 <= target < len(self.rows):
            return
        self.rows.insert(target, self.rows.pop(index))
        self.rows_layout.removeWidget(row)
        self.rows_layout.insertWidget(target, row)
        self._update_rows()
        button = row.up_button if step < 0 else row.down_button
        (button if button.isEnabled() else row.name_edit).setFocus()
        self.changed.emit()

    def state(self) -> tuple:
        return tuple(row.state() for row in self.rows)

    def specs(self) -> list[TierSpec]:
        """The rows as tier specs, ranked by position; InvalidInput with `row` for a bad one."""
        specs = []
        for index, row in enumerate(self.rows):
            try:
                threshold = parse_threshold(row.basis, row.threshold_edit.text())
            except InvalidInput as problem:
                raise InvalidInput(**{**problem.details, "row": index}) from None
            specs.append(TierSpec(row.name_edit.text(), row.basis, threshold, index,
                                  row.benefits, row.tier_id))
        return specs

    # -- problems ---------------------------------------------------------------------------

    def show_problem(self, problem: InvalidInput) -> QWidget | None:
        """Show a problem under its row; the input at fault, or None if no row fits."""
        index = problem.details.get("row")
        if not isinstance(index, int) or not 0 <= index < len(self.rows):
            return None
        row = self.rows[index]
        widget = row.field_widget(str(problem.details.get("field", ""))) or row.name_edit
        row.error.show_problem(str(problem.details.get("problem", problem.user_message())))
        set_invalid(widget, True)
        return widget

    def clear_problems(self) -> None:
        for row in self.rows:
            row.error.clear_problem()
            for widget in (row.name_edit, row.basis_combo, row.threshold_edit):
                set_invalid(widget, False)

    # -- inside -----------------------------------------------------------------------------

    def _add_and_focus(self) -> None:
        self.add_tier().name_edit.setFocus()

    def _insert(self, row: TierRow) -> None:
        self.rows.append(row)
        self.rows_layout.addWidget(row)

    def _update_rows(self) -> None:
        count = len(self.rows)
        for index, row in enumerate(self.rows):
            row.level_label.setText(str(index + 1))
            row.up_button.setEnabled(index > 0)
            row.down_button.setEnabled(index < count - 1)
        self.header.setVisible(count > 0)
        self.empty_label.setVisible(count == 0)
        self.add_button.setEnabled(count < MAX_TIERS)
        # Tab follows the rows as shown, not the order they were created in.
        chain = [widget for row in self.rows
                 for widget in (row.name_edit, row.basis_combo, row.threshold_edit,
                                row.up_button, row.down_button, row.remove_button)]
        chain.append(self.add_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)


def _icon_button(icon_name: str, tip: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName("TierIconButton")
    button.setIcon(icons.icon(icon_name))
    button.setIconSize(QSize(16, 16))
    button.setFixedSize(ICON_BUTTON)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button

