"""The import preview: what the import will do (counts), the duplicate policy, every issue.

Issues are a Qt table model over a plain list, so a file with 100,000 problem rows shows as
quickly as one with three: the view paints only the rows on screen.
"""

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.imports.columns import FIELDS, field_label
from desktop.domain.member_import import ImportPlan
from desktop.domain.member_import_review import REJECTED, SKIPPED, WARNING, ImportIssue
from desktop.i18n import tr, tr_noop
from desktop.views import theme
from desktop.views.home.page import StatCard
from desktop.views.members.action_dialog import plain_label
from desktop.views.widgets import label

COLUMN_ROW, COLUMN_FIELD, COLUMN_OUTCOME, COLUMN_PROBLEM = range(4)
HEADERS = (
    tr_noop("ImportWizard", "Row"),
    tr_noop("ImportWizard", "Field"),
    tr_noop("ImportWizard", "Outcome"),
    tr_noop("ImportWizard", "Problem"),
)
ATTENTION = "#B54708"  # amber text, 5:1 on white: a warning, not a refusal
OUTCOMES = {
    REJECTED: (tr_noop("ImportWizard", "Not imported"), theme.DANGER),
    WARNING: (tr_noop("ImportWizard", "Warning"), ATTENTION),
    SKIPPED: (tr_noop("ImportWizard", "Skipped"), theme.MUTED),
}
POLICIES = (
    ("skip", tr_noop("ImportWizard", "Skip"),
     tr_noop("ImportWizard", "A phone that is already a member, or that appears again further "
                             "down the file, is skipped: the member stays exactly as it is.")),
    ("fill", tr_noop("ImportWizard", "Fill empty fields"),
     tr_noop("ImportWizard", "A phone that is already a member only fills in what the member "
                             "lacks (a birthday, a WeChat ID…); nothing already filled in "
                             "changes. New tags are added.")),
    ("overwrite", tr_noop("ImportWizard", "Overwrite"),
     tr_noop("ImportWizard", "A phone that is already a member takes the file's values: every "
                             "non-empty cell replaces what the member had, points included. "
                             "New tags are added; no tag is taken away.")),
)
TABLE_STYLE = f"""
QTableView#IssueTable {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER};
    border-radius: 8px; gridline-color: transparent; outline: none;
    selection-background-color: {theme.HOVER}; selection-color: {theme.TEXT}; }}
QTableView#IssueTable::item {{ padding: 0 6px; border-bottom: 1px solid {theme.BORDER}; }}
QTableView#IssueTable::item:selected {{ background: {theme.HOVER}; color: {theme.TEXT}; }}
QTableView#IssueTable QHeaderView {{ background: {theme.SURFACE}; border: none;
    border-top-right-radius: 8px; }}
QTableView#IssueTable QHeaderView::section {{ background: {theme.SURFACE}; color: {theme.MUTED};
    border: none; border-bottom: 1px solid {theme.BORDER}; padding: 4px 8px; font-weight: 600; }}
"""


class IssueTableModel(QAbstractTableModel):
    """Every issue of an import preview, one per line: row, field, outcome, problem."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.issues: list[ImportIssue] = []

    def set_issues(self, issues: list[ImportIssue]) -> None:
        self.beginResetModel()
        self.issues = list(issues)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr("ImportWizard", HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.issues):
            return None
        issue = self.issues[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(issue, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COLUMN_PROBLEM:
            return f"<p>{html.escape(issue.message)}</p>"  # a name like <b>x</b> stays literal
        if role == Qt.ItemDataRole.ForegroundRole and column == COLUMN_OUTCOME:
            return QColor(OUTCOMES[issue.kind][1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(issue: ImportIssue, column: int) -> str:
        if column == COLUMN_ROW:
            return "" if issue.row is None else str(issue.row)
        if column == COLUMN_FIELD:
            return field_label(issue.field) if issue.field else ""
        if column == COLUMN_OUTCOME:
            return tr("ImportWizard", OUTCOMES[issue.kind][0])
        return issue.message


class CountCards(QWidget):
    """What an import does (or did): new, updated, skipped and rejected, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        # Short captions: one line each, so the four figures stand level.
        self.cards = (StatCard(tr("ImportWizard", "New members")),
                      StatCard(tr("ImportWizard", "Updated")),
                      StatCard(tr("ImportWizard", "Skipped")),
                      StatCard(tr("ImportWizard", "Not imported")))
        for column, card in enumerate(self.cards):
            card.body.setContentsMargins(14, 10, 14, 10)
            grid.addWidget(card, 0, column)
            grid.setColumnStretch(column, 1)

    def set_counts(self, imported: int | None, updated: int | None, skipped: int | None,
                   rejected: int | None) -> None:
        """The four figures; None shows a dash (not known yet)."""
        for card, value in zip(self.cards, (imported, updated, skipped, rejected), strict=True):
            card.value.setText("—" if value is None else f"{value:,}")

    def figures(self) -> tuple[str, ...]:
        """The four figures as shown."""
        return tuple(card.value.text() for card in self.cards)


class PreviewPanel(QWidget):
    """Counts of what the import will do, the duplicate policy, and the list of issues."""

    policy_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        self.counts = CountCards()
        layout.addWidget(self.counts)

        layout.addWidget(label(tr("ImportWizard", "When a phone is already a member"),
                               "heading"))
        choices = QHBoxLayout()
        choices.setSpacing(18)
        self.policy_group = QButtonGroup(self)
        self.policy_buttons: dict[str, QRadioButton] = {}
        for key, title, _ in POLICIES:
            button = QRadioButton(tr("ImportWizard", title))
            button.toggled.connect(lambda on, k=key: on and self._policy_chosen(k))
            self.policy_group.addButton(button)
            self.policy_buttons[key] = button
            choices.addWidget(button)
        choices.addStretch(1)
        layout.addLayout(choices)
        self.policy_text = label("", "muted", wrap=True)
        layout.addWidget(self.policy_text)

        self.note_label = plain_label("", "error", wrap=True)  # the file's own problems
        self.note_label.hide()
        layout.addWidget(self.note_label)
        self.already_label = label(tr("ImportWizard", "This file was imported before. With "
                                                      "\"Skip\", importing it again changes "
                                                      "nothing."), "muted", wrap=True)
        self.already_label.hide()
        layout.addWidget(self.already_label)
        self.issues_title = label("", "heading")
        layout.addWidget(self.issues_title)
        self.issues = IssueTableModel(self)
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.policy_buttons["skip"].setChecked(True)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("IssueTable")
        table.setStyleSheet(TABLE_STYLE)
        table.setModel(self.issues)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows to lay them out.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        metrics = table.fontMetrics()
        widest = {
            COLUMN_ROW: ["200000"],
            COLUMN_FIELD: [field_label(name) for name in FIELDS],
            COLUMN_OUTCOME: [tr("ImportWizard", text) for text, _ in OUTCOMES.values()],
        }
        for column, texts in widest.items():
            texts.append(tr("ImportWizard", HEADERS[column]))
            table.setColumnWidth(column, max(map(metrics.horizontalAdvance, texts)) + 24)
        return table

    def policy(self) -> str:
        """The chosen duplicate policy: skip, fill or overwrite."""
        return next(key for key, button in self.policy_buttons.items() if button.isChecked())

    def _policy_chosen(self, key: str) -> None:
        text = next(explanation for k, _, explanation in POLICIES if k == key)
        self.policy_text.setText(tr("ImportWizard", text))
        self.policy_changed.emit(key)

    def set_policy_enabled(self, enabled: bool) -> None:
        for button in self.policy_buttons.values():
            button.setEnabled(enabled)

    def show_plan(self, plan: ImportPlan | None, issues: list[ImportIssue],
                  file_problems: list[str]) -> None:
        """The counts of `plan` (None: it cannot be planned), and every issue."""
        if plan is None:
            self.counts.set_counts(None, None, None, None)
        else:
            self.counts.set_counts(plan.imported, plan.updated, plan.skipped,
                                   len(plan.rejected))
        self.note_label.setText("\n".join(file_problems))
        self.note_label.setVisible(bool(file_problems))
        self.already_label.setVisible(plan is not None and plan.already_imported)
        self.issues.set_issues(issues)
        if issues:
            self.issues_title.setText(tr("ImportWizard", "Problems and duplicates, by row "
                                                         "({n})").format(n=f"{len(issues):,}"))
        else:
            self.issues_title.setText(tr("ImportWizard", "No problems found"))
