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
from dataclasses import replace

from PySide6.QtCore import Qt

from desktop.domain.member_listing import EVERYONE, MemberLine, list_page
from desktop.domain.member_query import MemberFilter, MemberSort
from desktop.i18n import tr, tr_noop
from desktop.views.paged_model import PagedTableModel

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


class MemberTableModel(PagedTableModel):
    """Live members of a filter, in a sort order, fetched one keyset page at a time."""

    header_context = "MemberTableModel"
    headers = HEADERS
    right_aligned = frozenset({COLUMN_POINTS})
    align_headers = False  # the sort arrow sits at a title's right

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._filter = EVERYONE
        self._sort: MemberSort | None = None  # None: the filter's own default order

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

    def set_filter(self, member_filter: MemberFilter, wait_ms: int = 0) -> None:
        """Forget the rows and load the first page of the filter's members (see restart)."""
        self._filter = member_filter
        self.restart(wait_ms)

    def set_query(self, text: str) -> None:
        """The current filter with a new search text."""
        self.set_filter(replace(self._filter, search=text.strip()))

    def set_sort(self, sort: MemberSort | None) -> None:
        """Order by `sort` (None: the filter's default) from the first page again."""
        self._sort = sort
        self.restart()

    def reload(self) -> None:
        """Read the current list again from its first page (after an add or edit)."""
        self.restart()

    def member_at(self, row: int) -> MemberLine | None:
        """The member shown on `row`, if that row is loaded."""
        return self.line_at(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: sort in the database by the column's key; other columns are ignored."""
        key = SORT_KEYS.get(column)
        if key is not None:
            self.set_sort(MemberSort(key, order == Qt.SortOrder.DescendingOrder))

    def page_reader(self, cursor):
        member_filter, sort, size = self._filter, self._sort, self._page_size

        def read():
            page = list_page(member_filter, sort, size, cursor)
            return page.lines, page.next_after
        return read

    def display(self, member: MemberLine, column: int) -> str:
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

    def tooltip(self, member: MemberLine, column: int) -> str:
        if column == COLUMN_LAST_VISIT:
            if member.last_visit is None:
                return tr("MemberTableModel", "No visit yet")
            return relative_hint(member.last_visit.date())
        if column == COLUMN_JOINED:
            return relative_hint(member.joined.date())
        if column == COLUMN_TAGS:
            return member.tags_text
        return ""
