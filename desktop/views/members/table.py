"""The members table: columns sized for Chinese names, sorted in the database by header click."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.domain.member_query import MemberSort
from desktop.views import theme
from desktop.views.members import model as columns
from desktop.views.members.model import SORT_KEYS, MemberTableModel

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
# A first click on these starts with the largest or latest: what a shop looks for first.
DESCENDING_FIRST = {"points", "last_visit", "joined"}

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
    border-bottom: 1px solid {theme.BORDER}; padding: 6px 24px 6px 11px; font-weight: 600;
}}
QHeaderView::up-arrow, QHeaderView::down-arrow {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 9px; height: 9px;
    right: 8px;
}}
"""


class MembersTable(QTableView):
    """A QTableView over MemberTableModel whose header clicks sort the whole list."""

    def __init__(self, model: MemberTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("MembersTable")
        self.setStyleSheet(TABLE_STYLE)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # The view's own sorting stays off: it would sort only the rows fetched so far.
        self.setSortingEnabled(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._header_clicked)
        model.modelReset.connect(self.show_sort)
        metrics = self.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            # Room for the title, its sort arrow and the padding.
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 24)
            self.setColumnWidth(column, width + 28)
        self.show_sort()

    def members_model(self) -> MemberTableModel:
        return self.model()

    def sort_by_column(self, column: int) -> None:
        """What a click on the column's header does: sort by it, or flip it if already so."""
        key = SORT_KEYS.get(column)
        if key is not None:
            current = self.members_model().effective_sort
            flip = current.key == key
            descending = not current.descending if flip else key in DESCENDING_FIRST
            self.members_model().set_sort(MemberSort(key, descending))
        self.show_sort()

    def show_sort(self) -> None:
        """Put the header's arrow on the column the rows are really sorted by."""
        sort = self.members_model().effective_sort
        column = next(c for c, key in SORT_KEYS.items() if key == sort.key)
        order = Qt.SortOrder.DescendingOrder if sort.descending else Qt.SortOrder.AscendingOrder
        header = self.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(blocked)

    def _header_clicked(self, column: int) -> None:
        # The header has already flipped its arrow by itself; the model decides what is true.
        self.sort_by_column(column)
