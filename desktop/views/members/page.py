"""The members page: the member book as a windowed table, searched as the cashier types."""

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.member_search import count_members
from desktop.domain.members import MemberRecord, get_member
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import theme
from desktop.views.members import model as columns
from desktop.views.members.member_dialog import MemberDialog
from desktop.views.members.model import MemberTableModel
from desktop.views.page import Page, PageContext
from desktop.views.widgets import Card, label, primary_button

SEARCH_DELAY_MS = 200  # long enough to skip the keystrokes in between, short enough to feel live

# Widths as sample texts, so they follow the font and the screen scaling.
COLUMN_SAMPLES = {
    columns.COLUMN_NAME: "欧阳娜娜娜娜",
    columns.COLUMN_PHONE: "+8613812345678",
    columns.COLUMN_TIER: "Platinum",
    columns.COLUMN_POINTS: "1,000,000",
    columns.COLUMN_TAGS: "老客户, 爱喝咖啡, 周末",
    columns.COLUMN_LAST_VISIT: "2026-11-23",
    columns.COLUMN_SOURCE: "门口海报 A5",
    columns.COLUMN_JOINED: "2026-11-23",
}

TABLE_STYLE = f"""
QTableView#MembersTable {{
    background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 10px;
    gridline-color: transparent; selection-background-color: {theme.HOVER};
    selection-color: {theme.TEXT}; outline: none;
}}
QTableView#MembersTable::corner {{ background: transparent; border: none; }}
QTableView#MembersTable::item {{ padding: 0 8px; border-bottom: 1px solid {theme.BORDER}; }}
QTableView#MembersTable::item:selected {{ background: {theme.HOVER}; color: {theme.TEXT}; }}
QHeaderView::section {{
    background: {theme.SURFACE}; color: {theme.MUTED}; border: none;
    border-bottom: 1px solid {theme.BORDER}; padding: 6px 11px; font-weight: 600;
}}
"""

PAGE_EMPTY, PAGE_TABLE, PAGE_NO_MATCH = range(3)


class MembersPage(Page):
    """Find a member by phone, name or pinyin initials; add and edit members."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.total: int | None = None  # counted on the database thread
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(label(tr("MembersPage", "Members"), "title"))
        self.count_label = label("", "muted")
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.add_button = primary_button(tr("MembersPage", "Add member"))
        self.add_button.clicked.connect(self.add_member)
        top.addWidget(self.add_button)
        layout.addLayout(top)

        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            tr("MembersPage", "Search by phone, name or pinyin initials (zs finds 张三)"))
        self.search_edit.setAccessibleName(tr("MembersPage", "Search members"))
        self.search_edit.setMaximumWidth(520)
        layout.addWidget(self.search_edit)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.run_search)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        self.model = MemberTableModel(self)
        self.table = self._build_table()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_empty_state())
        self.stack.addWidget(self.table)
        self.no_match_label = label("", "muted", wrap=True)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.no_match_label)
        layout.addWidget(self.stack, 1)
        self.model.modelReset.connect(self._update_state)
        self.model.rowsInserted.connect(self._update_state)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("MembersTable")
        table.setStyleSheet(TABLE_STYLE)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Sorting stays off: the model holds a window of rows (see model.py).
        table.setSortingEnabled(False)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 16)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = table.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 8)
            table.setColumnWidth(column, width + 28)
        table.doubleClicked.connect(self.edit_member_at)
        table.activated.connect(self.edit_member_at)
        return table

    def _build_empty_state(self) -> QWidget:
        holder = QWidget()
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 24, 0, 0)
        card = Card(spacing=10)
        card.setFixedWidth(640)  # a wrapped label needs a known width to get its height
        card.body.addWidget(label(tr("MembersPage", "No members yet"), "heading"))
        card.body.addWidget(label(tr(
            "MembersPage",
            "This is your member book: every customer who joins, with their phone, points, "
            "tier, tags and last visit. Find anyone by phone, name or pinyin initials while "
            "they wait at the counter. Add your first member now; importing an Excel list "
            "comes later.",
        ), wrap=True))
        row = QHBoxLayout()
        self.empty_add_button = primary_button(tr("MembersPage", "Add member"))
        self.empty_add_button.clicked.connect(self.add_member)
        row.addWidget(self.empty_add_button)
        row.addStretch(1)
        card.body.addLayout(row)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(1)
        return holder

    # -- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_query(self.search_edit.text())
        self._count_members()

    def _count_members(self) -> None:
        # A full count reads every row (a big store's takes a while): on the database thread,
        # so the first page of members shows at once and the total follows.
        run_database_task(count_members, self._counted, owner=self)

    def _counted(self, total: int) -> None:
        self.total = total
        self._update_state()

    def run_search(self) -> None:
        """Search now for what the box holds (the timer calls this after a typing pause)."""
        self._search_timer.stop()
        if self.search_edit.text().strip() != self.model.query:
            self.model.set_query(self.search_edit.text())

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _update_state(self, *_args) -> None:
        loaded = self.model.rowCount()
        if loaded == 0 and not self.model.query:  # the first page is empty: no members at all
            self.stack.setCurrentIndex(PAGE_EMPTY)
        elif loaded == 0:
            self.no_match_label.setText(tr(
                "MembersPage", "No member matches “{query}”. Check the phone or name, or add "
                "them as a new member.").format(query=self.model.query))
            self.stack.setCurrentIndex(PAGE_NO_MATCH)
        else:
            self.stack.setCurrentIndex(PAGE_TABLE)
        # An empty member book has nothing to search: its card offers the one first action.
        has_members = loaded > 0 or bool(self.model.query)
        self.search_edit.setVisible(has_members)
        self.add_button.setVisible(has_members)
        self.count_label.setText(self._count_text(loaded))

    def _count_text(self, loaded: int) -> str:
        if self.total is None:  # still counting
            return ""
        if self.total == 1:
            total = tr("MembersPage", "1 member")
        else:
            total = tr("MembersPage", "{n} members").format(n=f"{self.total:,}")
        if not self.model.query:
            return total
        if self.model.canFetchMore():
            found = tr("MembersPage", "{n}+ found").format(n=f"{loaded:,}")
        else:
            found = tr("MembersPage", "{n} found").format(n=f"{loaded:,}")
        return f"{found} · {total}"

    # -- add and edit ---------------------------------------------------------------------

    def add_member(self) -> None:
        """Open the add dialog; after a save, show the list again with the new member."""
        dialog = MemberDialog(parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(dialog.saved, tr("MembersPage", "Added {name}"))

    def edit_member_at(self, index: QModelIndex) -> None:
        """Open the edit dialog for the member on the index's row."""
        member = self.model.member_at(index.row())
        if member is None:
            return
        dialog = MemberDialog(get_member(member.id), parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(dialog.saved, tr("MembersPage", "Saved {name}"))

    def _after_save(self, record: MemberRecord, message: str) -> None:
        self.model.reload()
        self._count_members()
        self.context.notify(message.format(name=record.name))
