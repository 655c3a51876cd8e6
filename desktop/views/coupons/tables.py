"""The coupons page's two tables: templates and a template's batches, each with their stats."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.domain.coupon_stats import BatchStats, CouponStats
from desktop.domain.coupons import Template, describe
from desktop.domain.member_listing import local_time
from desktop.domain.money import format_yuan
from desktop.i18n import tr
from desktop.views.members.table import TABLE_STYLE

# The members table's look (rounded card, row lines, quiet header), under this table's name,
# without the header's room for a sort arrow: see StatsTable.
STYLE = TABLE_STYLE.replace("#MembersTable", "#CouponsTable") + """
QHeaderView::section { padding: 6px 10px 6px 11px; }
"""

ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY_STATS = (0, 0, 0)


@dataclass(frozen=True)
class Row:
    """One table line: its cells as shown, and the id it stands for."""

    id: int
    cells: tuple[str, ...]
    keys: tuple = ()  # what each column sorts by (the number behind "1,234"); text otherwise


def stats_cells(stats: CouponStats | None) -> tuple[tuple[str, ...], tuple]:
    """Issued, redeemed, rate and revenue as shown, and the numbers they sort by."""
    issued, redeemed, revenue = ((stats.issued, stats.redeemed, stats.revenue_cents)
                                 if stats is not None else EMPTY_STATS)
    rate = redeemed / issued if issued else 0.0
    return ((f"{issued:,}", f"{redeemed:,}", f"{rate:.0%}" if issued else "–",
             format_yuan(revenue)), (issued, redeemed, rate, revenue))


def template_row(template: Template, stats: CouponStats | None) -> Row:
    """A template's line: title, what it gives, validity, then its stats."""
    texts = describe(template)
    value = texts.value if not texts.min_spend else f"{texts.value} · {texts.min_spend}"
    cells, keys = stats_cells(stats)
    return Row(template.id, (template.title, value, texts.validity, *cells),
               (template.title, value, texts.validity, *keys))


def purpose_text(purpose: str) -> str:
    """What a batch was made for, in the current language."""
    names = {"members": tr("CouponsPage", "Issued to members"),
             "print": tr("CouponsPage", "Printed"),
             "welcome": tr("CouponsPage", "Welcome coupons"),
             "birthday": tr("CouponsPage", "Birthday coupons"),
             "referral": tr("CouponsPage", "Referral rewards"),
             "to_partner": tr("CouponsPage", "For a partner"),
             "from_partner": tr("CouponsPage", "From a partner")}
    return names.get(purpose, purpose)


def batch_row(stats: BatchStats) -> Row:
    """A batch's line: number, purpose, when it was made, then its stats."""
    made = local_time(stats.created_at).strftime("%Y-%m-%d %H:%M") if stats.created_at else ""
    cells, keys = stats_cells(stats)
    purpose = purpose_text(stats.purpose)
    return Row(stats.id, (f"#{stats.id}", purpose, made, *cells),
               (stats.id, purpose, made, *keys))


class _SortedItem(QTableWidgetItem):
    """A cell that sorts by its SORT_ROLE value, so "1,000" comes after "220"."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.data(SORT_ROLE) < other.data(SORT_ROLE)


class StatsTable(QTableWidget):
    """A read-only, single-selection table whose last four columns are right-aligned numbers."""

    def __init__(self, headers: list[str], accessible_name: str, stretch: int = 0,
                 parent=None) -> None:
        super().__init__(0, len(headers), parent)
        self.setObjectName("CouponsTable")
        self.setStyleSheet(STYLE)
        self.setShowGrid(False)
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(accessible_name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # Sortable by a header click, but shown newest first until someone clicks one. No
        # arrow: Qt would widen every column for one and the table overflows at 960 px.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._sort_by_header()

    def set_rows(self, rows: list[Row]) -> None:
        """Show `rows`, keeping the selected id selected when it is still there."""
        kept = self.current_id()
        self.setSortingEnabled(False)  # rows filled while sorting would move under our feet
        self.clearSelection()
        self.setRowCount(len(rows))
        numbers_from = self.columnCount() - 4
        for row_index, row in enumerate(rows):
            for column, text in enumerate(row.cells):
                item = _SortedItem(text)
                item.setData(ID_ROLE, row.id)
                item.setData(SORT_ROLE, row.keys[column] if row.keys else text)
                item.setToolTip(text)
                if column >= numbers_from:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row_index, column, item)
        self._sort_by_header()
        if kept is not None:
            self.select_id(kept)

    def _sort_by_header(self) -> None:
        self.setSortingEnabled(True)  # this shows the header's arrow again: hide it after
        self.horizontalHeader().setSortIndicatorShown(False)

    def current_id(self) -> int | None:
        """The id of the selected line, if one is selected."""
        selected = self.selectionModel().selectedRows() if self.selectionModel() else []
        return selected[0].data(ID_ROLE) if selected else None

    def select_id(self, row_id: int) -> None:
        for row in range(self.rowCount()):
            if self.item(row, 0).data(ID_ROLE) == row_id:
                self.selectRow(row)
                return

    def column_texts(self, column: int) -> list[str]:
        """The texts of one column, top to bottom (what a person reads down the table)."""
        return [self.item(row, column).text() for row in range(self.rowCount())]


def template_headers() -> list[str]:
    return [tr("CouponsPage", "Coupon"), tr("CouponsPage", "Gives"),
            tr("CouponsPage", "Valid"), *_stats_headers()]


def batch_headers() -> list[str]:
    return [tr("CouponsPage", "Batch"), tr("CouponsPage", "Purpose"),
            tr("CouponsPage", "Made"), *_stats_headers()]


def _stats_headers() -> list[str]:
    return [tr("CouponsPage", "Issued"), tr("CouponsPage", "Redeemed"),
            tr("CouponsPage", "Rate"), tr("CouponsPage", "Revenue")]

