"""PagedTableModel: a Qt table of lines read a page at a time on the database thread.

The model holds only the lines fetched so far. When the view scrolls to the end it asks
for more (canFetchMore / fetchMore); the next page is read on the database thread after
the cursor the previous page ended with, one page at a time. A restart (new filter, new
member) forgets the page it was waiting for, so a page that arrives for an older one is
dropped. A restart may wait a few milliseconds for its first page (the UI thread asleep, so
the database thread runs freely): a quick page then shows with the first paint, not after
an empty one; a slow database is not waited for.
"""

import html
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import theme

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the table's (invalid) parent index
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
USER = int(Qt.ItemDataRole.UserRole)

# What a page read returns: its lines, and the cursor of the next page (None: the last one).
Page = tuple[list, object]


class PagedTableModel(QAbstractTableModel):
    """Lines with an `id`, shown by `display`; subclasses say how a page is read."""

    header_context = ""  # the translation context of `headers`
    headers: tuple[str, ...] = ()  # English sources (tr_noop)
    right_aligned: frozenset[int] = frozenset()  # number columns
    align_headers = True  # right-align number columns' titles too (not beside sort arrows)

    page_loaded = Signal()  # after every page arrives, an empty one too
    load_failed = Signal(object)  # the exception a page read raised

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list = []
        self._cursor: object = None
        self._exhausted = True
        self._loading = False
        self._fetches = 0  # fetches started, numbering them
        self._awaited: int | None = None  # the fetch whose page is wanted

    # -- what a subclass provides ---------------------------------------------------------

    def page_reader(self, cursor: object) -> Callable[[], Page]:
        """The work that reads the page after `cursor` (None: the first), for the database
        thread: it must not touch the model."""
        raise NotImplementedError

    def display(self, line, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, line, column: int) -> str:
        """Plain text; '' for none."""
        return ""

    def muted(self, line) -> bool:
        """True to grey the line out."""
        return False

    # -- loading --------------------------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        """True while a page is being read."""
        return self._loading

    def has_more(self) -> bool:
        """True while lines beyond those loaded may exist (loading or not yet asked for)."""
        return not self._exhausted

    def line_at(self, row: int):
        """The line shown on `row`, if it is loaded."""
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, line_id: int) -> int | None:
        """The row showing the line with this id, if it is loaded."""
        for row, line in enumerate(self._lines):
            if line.id == line_id:
                return row
        return None

    def replace_line(self, line) -> None:
        """Show a fresh copy of a loaded line in its row (None or an unloaded one: nothing)."""
        row = None if line is None else self.row_of(line.id)
        if row is not None:
            self._lines[row] = line
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def restart(self, wait_ms: int = 0) -> None:
        """Forget the lines and read the first page again, waiting up to `wait_ms` for it."""
        self._reset([], None, exhausted=False)
        self.fetchMore(ROOT, wait_ms)

    def show_page(self, lines: list, next_cursor: object) -> None:
        """Show a first page read elsewhere; None as the cursor when it is the only one."""
        self._reset(list(lines), next_cursor, exhausted=next_cursor is None)

    def _reset(self, lines: list, cursor: object, exhausted: bool) -> None:
        self.beginResetModel()
        self._awaited = None
        self._lines = lines
        self._cursor = cursor
        self._exhausted = exhausted
        self._loading = False
        self.endResetModel()

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = ROOT, wait_ms: int = 0) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        self._fetches += 1
        fetch = self._awaited = self._fetches
        reader = self.page_reader(self._cursor)
        ready, read = threading.Event(), {}

        def work() -> Page:
            read["page"] = reader()
            ready.set()
            return read["page"]

        run_database_task(work, lambda page: self._arrived(fetch, page),
                          lambda error: self._failed(fetch, error), owner=self)
        if wait_ms and ready.wait(wait_ms / 1000):
            self._arrived(fetch, read["page"])  # its queued delivery is then dropped

    def _arrived(self, fetch: int, page: Page) -> None:
        if fetch != self._awaited:
            return
        self._awaited = None
        lines, next_cursor = page
        self._loading = False
        self._cursor = next_cursor
        self._exhausted = next_cursor is None
        if lines:
            first = len(self._lines)
            self.beginInsertRows(QModelIndex(), first, first + len(lines) - 1)
            self._lines.extend(lines)
            self.endInsertRows()
        self.page_loaded.emit()

    def _failed(self, fetch: int, error: Exception) -> None:
        if fetch != self._awaited:
            return
        self._awaited = None
        # Stop paging (the view would ask again at once); the next restart starts over.
        log.warning("Reading a page failed: %s", type(error).__name__)
        self._loading = False
        self._exhausted = True
        self.load_failed.emit(error)

    # -- the table ------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self.header_context, self.headers[section])
        if (role == Qt.ItemDataRole.TextAlignmentRole and self.align_headers
                and section in self.right_aligned):
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = DISPLAY):
        # Called for every visible cell and role at each paint: plain int roles, no extra
        # QModelIndex objects (a table's cells all have the root as parent).
        row = index.row()
        if not 0 <= row < len(self._lines):
            return None
        line = self._lines[row]
        if role == DISPLAY:
            return self.display(line, index.column())
        if role == ALIGNMENT:
            return RIGHT if index.column() in self.right_aligned else None
        if role == FOREGROUND:
            return QColor(theme.MUTED) if self.muted(line) else None
        if role == TOOLTIP:
            tip = self.tooltip(line, index.column())
            # Tooltips guess rich text; escaped and wrapped, a name like <b> stays literal.
            return f"<p>{html.escape(tip)}</p>" if tip else None
        if role == USER:
            return line.id
        return None
