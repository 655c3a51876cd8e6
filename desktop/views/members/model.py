"""MemberTableModel: a member list as a windowed (keyset) Qt table model, read off the UI thread.

The model holds only the rows fetched so far: the view asks for more (canFetchMore /
fetchMore) as the user scrolls, and each fetch reads one keyset page of `list_page` after
the last cursor on the database thread. A shop with 1,000,000 members therefore costs one
page at first paint, and a slow filter never freezes the window.

Header clicks sort in the database (name, phone, points, last visit, joined), never the
rows fetched so far, which would show a misleading partial order. Tier, tags and source
do not sort: there is no index to read them in order.
"""

import datetime as dt
import html
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.domain.member_listing import EVERYONE, ListingPage, MemberLine, list_page
from desktop.domain.member_query import MemberFilter, MemberSort
from desktop.i18n import tr, tr_noop
from desktop.tasks.background import run_database_task

PAGE_SIZE = 100

COLUMN_NAME = 0
COLUMN_PHONE = 1
COLUMN_TIER = 2
COLUMN_POINTS = 3
COLUMN_TAGS = 4
COLUMN_LAST_VISIT = 5
COLUMN_SOURCE = 6
COLUMN_JOINED = 7

HEADERS = (
    tr_noop("MemberTableModel", "Name"),
    tr_noop("MemberTableModel", "Phone"),
    tr_noop("MemberTableModel", "Tier"),
    tr_noop("MemberTableModel", "Points"),
    tr_noop("MemberTableModel", "Tags"),
    tr_noop("MemberTableModel", "Last visit"),
    tr_noop("MemberTableModel", "Source"),
    tr_noop("MemberTableModel", "Joined"),
)

# Column -> the domain's sort key; columns not here do not sort.
SORT_KEYS = {COLUMN_NAME: "name", COLUMN_PHONE: "phone", COLUMN_POINTS: "points",
             COLUMN_LAST_VISIT: "last_visit", COLUMN_JOINED: "joined"}

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the table's (invalid) parent index


def local_date(moment: dt.datetime | None) -> dt.date | None:
    """A stored naive-UTC time as the shop's local calendar date."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC).astimezone().date()


def relative_hint(day: dt.date, today: dt.date | None = None) -> str:
    """How long ago `day` was, in words (今天, 3 天前 …)."""
    days = ((today or dt.date.today()) - day).days
    if days <= 0:
        return tr("MemberTableModel", "today")
    if days == 1:
        return tr("MemberTableModel", "yesterday")
    if days < 60:
        return tr("MemberTableModel", "{n} days ago").format(n=days)
    if days < 730:
        return tr("MemberTableModel", "{n} months ago").format(n=days // 30)
    return tr("MemberTableModel", "{n} years ago").format(n=days // 365)


class MemberTableModel(QAbstractTableModel):
    """Live members of a filter, in a sort order, fetched one keyset page at a time."""

    page_loaded = Signal()  # after every page arrives, an empty one too
    load_failed = Signal(object)  # the exception a page read raised

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._filter = EVERYONE
        self._sort: MemberSort | None = None  # None: the filter's own default order
        self._rows: list[MemberLine] = []
        self._after: tuple | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0  # pages of an older filter or sort are dropped on arrival

    @property
    def member_filter(self) -> MemberFilter:
        return self._filter

    @property
    def query(self) -> str:
        return self._filter.search

    @property
    def effective_sort(self) -> MemberSort:
        """The order rows are shown in: the chosen sort or the filter's default."""
        return self._sort or self._filter.default_sort()

    @property
    def is_loading(self) -> bool:
        """True while a page is being read."""
        return self._loading

    def set_filter(self, member_filter: MemberFilter) -> None:
        """Forget the rows and load the first page of the filter's members."""
        self._restart(member_filter, self._sort)

    def set_query(self, text: str) -> None:
        """The current filter with a new search text."""
        self.set_filter(replace(self._filter, search=text.strip()))

    def set_sort(self, sort: MemberSort | None) -> None:
        """Order by `sort` (None: the filter's default) from the first page again."""
        self._restart(self._filter, sort)

    def reload(self) -> None:
        """Read the current list again from its first page (after an add or edit)."""
        self._restart(self._filter, self._sort)

    def member_at(self, row: int) -> MemberLine | None:
        """The member shown on `row`, if that row is loaded."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, member_id: int) -> int | None:
        """The row showing `member_id`, if it is loaded."""
        for row, member in enumerate(self._rows):
            if member.id == member_id:
                return row
        return None

    def replace_line(self, line: MemberLine | None) -> None:
        """Show a member's fresh line in its row (a member no longer live keeps its old one)."""
        row = None if line is None else self.row_of(line.id)
        if row is not None:
            self._rows[row] = line
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: sort in the database by the column's key; other columns are ignored."""
        key = SORT_KEYS.get(column)
        if key is not None:
            self.set_sort(MemberSort(key, order == Qt.SortOrder.DescendingOrder))

    def _restart(self, member_filter: MemberFilter, sort: MemberSort | None) -> None:
        self.beginResetModel()
        self._filter = member_filter
        self._sort = sort
        self._rows = []
        self._after = None
        self._exhausted = False
        self._loading = False
        self._generation += 1
        self.endResetModel()
        self.fetchMore(QModelIndex())

    # -- lazy loading ---------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation = self._generation
        member_filter, sort, size, after = self._filter, self._sort, self._page_size, self._after
        run_database_task(lambda: list_page(member_filter, sort, size, after),
                          lambda page: self._arrived(generation, page),
                          lambda error: self._failed(generation, error), owner=self)

    def has_more(self) -> bool:
        """True while rows beyond those loaded may exist (loading or not yet asked for)."""
        return not self._exhausted

    def _arrived(self, generation: int, page: ListingPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._after = page.next_after
        self._exhausted = page.next_after is None
        if page.lines:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.lines) - 1)
            self._rows.extend(page.lines)
            self.endInsertRows()
        self.page_loaded.emit()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = True
        self.load_failed.emit(error)

    # -- the table ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("MemberTableModel", HEADERS[section])
        # Header titles stay left-aligned, even over numbers: the sort arrow sits on the right.
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid():
            return None
        member = self.member_at(index.row())
        if member is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(member, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(member, column)
        if role == Qt.ItemDataRole.UserRole:
            return member.id
        return None

    def _display(self, member: MemberLine, column: int) -> str:
        if column == COLUMN_NAME:
            return member.name
        if column == COLUMN_PHONE:
            return member.phone or ""
        if column == COLUMN_TIER:
            return member.tier
        if column == COLUMN_POINTS:
            return f"{member.points:,}"
        if column == COLUMN_TAGS:
            return member.tags_text
        if column == COLUMN_LAST_VISIT:
            return member.last_visit.date().isoformat() if member.last_visit else ""
        if column == COLUMN_SOURCE:
            return member.source
        if column == COLUMN_JOINED:
            return member.joined.date().isoformat()
        return ""

    def _tooltip(self, member: MemberLine, column: int) -> str | None:
        if column == COLUMN_LAST_VISIT:
            if member.last_visit is None:
                return tr("MemberTableModel", "No visit yet")
            return relative_hint(member.last_visit.date())
        if column == COLUMN_JOINED:
            return relative_hint(member.joined.date())
        if column == COLUMN_TAGS and member.tags:
            # Tooltips guess rich text; wrapping escaped text keeps a tag like <b> literal.
            return f"<p>{html.escape(member.tags_text)}</p>"
        return None
