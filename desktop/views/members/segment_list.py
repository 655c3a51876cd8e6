"""The members page's list navigation: all members and each segment, with its count."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from desktop.domain.segments import SEGMENTS, SegmentCounts
from desktop.i18n import tr
from desktop.views import theme

ALL_MEMBERS = ""  # the key of the first line: no segment

STYLE = f"""
QTreeWidget#SegmentList {{
    background: transparent; border: none; outline: none;
}}
QTreeWidget#SegmentList::item {{ padding: 7px 6px; color: {theme.TEXT}; }}
QTreeWidget#SegmentList::item:hover {{ background: {theme.HOVER}; }}
QTreeWidget#SegmentList::item:selected {{ background: {theme.HOVER}; font-weight: 600; }}
"""


class SegmentList(QTreeWidget):
    """Lines 'All members' and one per segment; choosing one emits its key ('' for all)."""

    segment_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("SegmentList")
        self.setStyleSheet(STYLE)
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("SegmentList", "Member lists"))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._add(ALL_MEMBERS, tr("SegmentList", "All members"),
                  tr("SegmentList", "Every member of the shop"))
        for segment in SEGMENTS:
            self._add(segment.key, segment.translated_title(),
                      segment.translated_description())
        self.setCurrentItem(self._items[ALL_MEMBERS])
        self.currentItemChanged.connect(self._changed)
        width = max(self.fontMetrics().horizontalAdvance(item.text(0))
                    for item in self._items.values())
        self.setFixedWidth(width + self.fontMetrics().horizontalAdvance("1,000,000") + 40)

    def _add(self, key: str, title: str, description: str) -> None:
        item = QTreeWidgetItem([title, ""])
        item.setData(0, Qt.ItemDataRole.UserRole, key)
        item.setToolTip(0, description)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, self.palette().placeholderText())
        self.addTopLevelItem(item)
        self._items[key] = item

    @property
    def current_key(self) -> str:
        """The chosen line's key: '' for all members, else a segment key."""
        item = self.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else ALL_MEMBERS

    def title_of(self, key: str) -> str:
        """The line's title in the current language."""
        return self._items[key].text(0)

    def choose(self, key: str) -> None:
        """Select the line of `key` (emits segment_chosen when it changes)."""
        self.setCurrentItem(self._items[key])

    def show_counts(self, counts: SegmentCounts) -> None:
        """Put each line's count beside its title."""
        self._items[ALL_MEMBERS].setText(1, f"{counts.total:,}")
        for key, count in counts.by_key.items():
            if key in self._items:
                self._items[key].setText(1, f"{count:,}")

    def _changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None:
            self.segment_chosen.emit(current.data(0, Qt.ItemDataRole.UserRole))
