"""MemberTableModel: the members list as a windowed (keyset) Qt table model.

The model holds only the rows fetched so far: the view asks for more (canFetchMore /
fetchMore) as the user scrolls, and each fetch reads one page of `search_members` after the
last cursor. A shop with 1,000,000 members therefore costs one page at first paint.

Sorting by header click is off on purpose: the domain pages in one fixed order per kind of
query (phone order for a phone search, newest first otherwise), and sorting only the rows
fetched so far would show a misleading partial order.
"""

import datetime as dt
import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.domain.member_search import MemberRow, search_members
from desktop.i18n import tr, tr_noop

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
    """Live members matching a search, fetched one keyset page at a time."""

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._query = ""
        self._rows: list[MemberRow] = []
        self._after: int | str | None = None
        self._exhausted = True

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        """Forget the rows and load the first page of members matching `text`."""
        self.beginResetModel()
        self._query = text.strip()
        self._rows = []
        self._after = None
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def reload(self) -> None:
        """Read the current search again from its first page (after an add or edit)."""
        self.set_query(self._query)

    def member_at(self, row: int) -> MemberRow | None:
        """The member shown on `row`, if that row is loaded."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- lazy loading ---------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = search_members(self._query, limit=self._page_size, after=self._after)
        self._after = page.next_after
        self._exhausted = page.next_after is None
        if page.members:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.members) - 1)
            self._rows.extend(page.members)
            self.endInsertRows()

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
        if role == Qt.ItemDataRole.TextAlignmentRole and section == COLUMN_POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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

    def _display(self, member: MemberRow, column: int) -> str:
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
            day = local_date(member.last_visit_at)
            return day.isoformat() if day else ""
        if column == COLUMN_SOURCE:
            return member.source
        if column == COLUMN_JOINED:
            day = local_date(member.created_at)
            return day.isoformat() if day else ""
        return ""

    def _tooltip(self, member: MemberRow, column: int) -> str | None:
        if column == COLUMN_LAST_VISIT:
            day = local_date(member.last_visit_at)
            if day is None:
                return tr("MemberTableModel", "No visit yet")
            return relative_hint(day)
        if column == COLUMN_JOINED:
            day = local_date(member.created_at)
            return relative_hint(day) if day else None
        if column == COLUMN_TAGS and member.tags:
            # Tooltips guess rich text; wrapping escaped text keeps a tag like <b> literal.
            return f"<p>{html.escape(member.tags_text)}</p>"
        return None
