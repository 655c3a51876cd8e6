"""The list of matches under the window's find box, built the first time there is one to show.

A module of its own so that the window's start-up does not pay for the list's Qt classes.
"""

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import tr
from desktop.views import theme

if TYPE_CHECKING:
    from desktop.domain.member_search import MemberRow

POPUP_MIN_WIDTH = 360  # name and "phone · tier · points" on a line each, without eliding much
POPUP_GAP = 4
ROW_PADDING = QSize(12, 7)  # horizontal, vertical

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole
DETAILS_ROLE = Qt.ItemDataRole.UserRole + 1


def member_details(member: "MemberRow") -> str:
    """The line under a match's name: phone, tier and points, as plain text."""
    points = tr("FindBox", "{n} points").format(n=f"{member.points:,}")
    return " · ".join(part for part in (member.phone, member.tier, points) if part)


class MatchDelegate(QStyledItemDelegate):
    """Draws a match as its name over its details, or a status line; always as plain text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        name, details = self._lines(index)
        bold, plain = self._fonts(option)
        width = max(QFontMetrics(bold).horizontalAdvance(name),
                    QFontMetrics(plain).horizontalAdvance(details))
        height = QFontMetrics(bold).height()
        if self._is_member(index):
            height += QFontMetrics(plain).height()
        return QSize(width + 2 * ROW_PADDING.width(), height + 2 * ROW_PADDING.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            brand = option.palette.color(QPalette.ColorRole.Highlight).name()
            painter.fillRect(option.rect, QColor(theme.mix(brand, "#FFFFFF", 0.9)))
        inner = option.rect.adjusted(ROW_PADDING.width(), ROW_PADDING.height(),
                                     -ROW_PADDING.width(), -ROW_PADDING.height())
        name, details = self._lines(index)
        bold, plain = self._fonts(option)
        if self._is_member(index):
            top = QRect(inner.x(), inner.y(), inner.width(), QFontMetrics(bold).height())
            bottom = inner.adjusted(0, top.height(), 0, 0)
            self._draw(painter, top, bold, theme.TEXT, name)
            self._draw(painter, bottom, plain, theme.MUTED, details)
        else:
            self._draw(painter, inner, plain, theme.MUTED, name)
        painter.restore()

    @staticmethod
    def _draw(painter: QPainter, rect: QRect, font: QFont, color: str, text: str) -> None:
        painter.setFont(font)
        painter.setPen(QColor(color))
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        # drawText(rect, flags, text) never reads markup: "<b>x</b>" shows as typed.
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)

    @staticmethod
    def _lines(index: QModelIndex) -> tuple[str, str]:
        return index.data() or "", index.data(DETAILS_ROLE) or ""

    @staticmethod
    def _is_member(index: QModelIndex) -> bool:
        return index.data(MEMBER_ID_ROLE) is not None

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        return bold, QFont(option.font)


class MatchPopup(QFrame):
    """The matches under the box, drawn over the window; it never takes the keyboard focus.

    Focus stays in the box, so typing (and a Chinese input method) works as usual, and the box
    moves the highlight. A click anywhere else closes the list.
    """

    clicked = Signal(int)  # the row clicked

    def __init__(self, anchor: QWidget) -> None:
        super().__init__(anchor.window())
        self.anchor = anchor
        self.setObjectName("FindPopup")
        self.setStyleSheet(
            f"QFrame#FindPopup {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER};"
            " border-radius: 8px; }"
            " QFrame#FindPopup QListWidget { border: none; background: transparent; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 4, 1, 4)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setMouseTracking(True)
        self.list.setItemDelegate(MatchDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName(tr("FindBox", "Members found"))
        self.list.itemEntered.connect(self._hovered)
        self.list.itemClicked.connect(lambda item: self.clicked.emit(self.list.row(item)))
        layout.addWidget(self.list)
        self.hide()
        self.anchor.window().installEventFilter(self)  # follow the box when the window resizes
        # The window rebuilds its header on a language change: the list goes with its box.
        self.anchor.destroyed.connect(self.deleteLater)

    # -- content --------------------------------------------------------------------------

    def show_members(self, members: list["MemberRow"]) -> None:
        """List `members`, none highlighted; "No member found" when there are none."""
        if not members:
            self.show_message(tr("FindBox", "No member found"))
            return
        self.list.clear()
        for member in members:
            details = member_details(member)
            item = QListWidgetItem(member.name)
            item.setData(MEMBER_ID_ROLE, member.id)
            item.setData(DETAILS_ROLE, details)
            # Tooltips guess rich text; escaped and wrapped, a name like <b> stays literal.
            item.setToolTip(f"<p>{html.escape(member.name)}<br>{html.escape(details)}</p>")
            self.list.addItem(item)
        self._open()

    def show_message(self, text: str) -> None:
        """One line that is not a member (nothing found, the search failed)."""
        self.list.clear()
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.list.addItem(item)
        self._open()

    def member_ids(self) -> list[int]:
        """The ids listed, top to bottom (empty when a message is shown)."""
        rows = (self.list.item(row).data(MEMBER_ID_ROLE) for row in range(self.list.count()))
        return [member_id for member_id in rows if member_id is not None]

    def row_texts(self) -> list[str]:
        """What each row says, name and details, as shown."""
        texts = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            details = item.data(DETAILS_ROLE)
            texts.append(f"{item.text()}\n{details}" if details else item.text())
        return texts

    # -- highlight ------------------------------------------------------------------------

    @property
    def highlighted_row(self) -> int:
        """The highlighted match's row, -1 when none."""
        return self.list.currentRow() if self.list.selectedItems() else -1

    def highlighted_id(self) -> int | None:
        row, ids = self.highlighted_row, self.member_ids()
        return ids[row] if 0 <= row < len(ids) else None

    def set_highlight(self, row: int) -> None:
        """Highlight match `row`; -1 (or a row that is not a match) highlights none."""
        if 0 <= row < len(self.member_ids()):
            self.list.setCurrentRow(row)
        else:
            self.list.clearSelection()
            self.list.setCurrentRow(-1)

    def move_highlight(self, step: int) -> None:
        """Up (-1) and Down (+1): from none to the first match, back up past it to none."""
        matches = len(self.member_ids())
        if matches:
            self.set_highlight(max(-1, min(matches - 1, self.highlighted_row + step)))

    def _hovered(self, item: QListWidgetItem) -> None:
        if item.data(MEMBER_ID_ROLE) is not None:
            self.list.setCurrentItem(item)

    # -- placement ------------------------------------------------------------------------

    def _open(self) -> None:
        self.set_highlight(-1)
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        """Under the box, right edges aligned (the box sits at the window's right)."""
        host = self.parentWidget()
        rows = self.list.count()
        row_height = self.list.sizeHintForRow(0) if rows else 0
        margins = self.layout().contentsMargins()
        height = rows * row_height + margins.top() + margins.bottom() + 2 * self.list.frameWidth()
        width = min(max(self.anchor.width(), POPUP_MIN_WIDTH), host.width())
        below = self.anchor.mapTo(host, QPoint(self.anchor.width(), self.anchor.height()))
        left = max(0, min(below.x() - width, host.width() - width))
        self.setGeometry(left, below.y() + POPUP_GAP, width, height)

    def showEvent(self, event) -> None:
        QApplication.instance().installEventFilter(self)  # only while open: a click elsewhere
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.parentWidget() and self.isVisible():
            self.place()
        elif kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            inside = any(watched is widget or widget.isAncestorOf(watched)
                         for widget in (self, self.anchor))  # the box's clear button too
            if not inside and self.anchor.window() is watched.window():
                self.hide()
        return False
