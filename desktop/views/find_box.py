"""The window's find-a-member box: matches listed under it as the cashier types a phone or name.

The box is built with the window, before peewee and the domain are loaded (start-up speed):
the domain is imported by the search itself, on the database thread, and the list of matches
(desktop.views.find_matches) is loaded and built the first time there is something to show.
"""

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import icons, theme

if TYPE_CHECKING:
    from desktop.domain.member_search import MemberRow
    from desktop.views.find_matches import MatchPopup

log = logging.getLogger(__name__)

MAX_MATCHES = 8
SEARCH_DELAY_MS = 150  # skips the keystrokes in between; a phone typed fast is one search
BOX_WIDTH = 320


def find_members(query: str) -> list["MemberRow"]:
    """Up to MAX_MATCHES live members matching `query`: runs on the database thread."""
    # Imported here, not at the top: the window and this box exist before peewee is loaded.
    from desktop.domain.member_search import search_members

    return search_members(query, MAX_MATCHES).members


class FindBox(QLineEdit):
    """The header's find-a-member field: matches listed as the cashier types; Enter opens one.

    It only finds; the window decides what choosing means (`member_chosen`, `search_requested`).
    """

    member_chosen = Signal(int, str)  # (member id, the text it was found by)
    search_requested = Signal(str)  # Enter with no match highlighted: look the text up in full

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindBox")
        self.setPlaceholderText(tr("FindBox", "Find a member: phone or name   Ctrl+F"))
        self.setAccessibleName(tr("FindBox", "Find a member"))
        self.setToolTip(tr("FindBox", "Find a member by phone, name or pinyin initials (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.addAction(icons.icon("search", theme.MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.setFixedWidth(BOX_WIDTH)
        self._popup: MatchPopup | None = None  # built on first use
        self._generation = 0  # bumped by every edit: an answer for older text is dropped
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(self._text_changed)

    @property
    def popup(self) -> "MatchPopup | None":
        """The list of matches, once it has been needed."""
        return self._popup

    def popup_is_open(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def focus_and_select(self) -> None:
        """Ctrl+F: the cursor in the box, what it holds selected to be typed over."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    # -- searching ------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self._generation += 1
        if self._popup is not None:
            self._popup.set_highlight(-1)  # the list is about to change under the highlight
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.close_popup()

    def search_now(self) -> None:
        """Look up what the box holds on the database thread; the latest answer is listed."""
        self._timer.stop()
        query = self.text().strip()
        if not query:
            return
        generation = self._generation
        run_database_task(lambda: find_members(query),
                          lambda members: self._found(generation, members),
                          lambda error: self._failed(generation, error), owner=self)

    def _found(self, generation: int, members: list["MemberRow"]) -> None:
        if self._is_current(generation):
            self._ensure_popup().show_members(members)

    def _failed(self, generation: int, error: Exception) -> None:
        log.warning("Find a member failed: %s", type(error).__name__)
        if self._is_current(generation):
            self._ensure_popup().show_message(
                tr("FindBox", "The search failed: {error}").format(error=error))

    def _is_current(self, generation: int) -> bool:
        # Also dropped: an answer arriving after the cashier has left the box.
        return generation == self._generation and self.hasFocus() and bool(self.text().strip())

    def _ensure_popup(self) -> "MatchPopup":
        if self._popup is None:
            from desktop.views.find_matches import MatchPopup

            self._popup = MatchPopup(self)
            self._popup.clicked.connect(self._clicked)
        return self._popup

    def close_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    # -- choosing -------------------------------------------------------------------------

    def activate(self) -> None:
        """Enter: open the highlighted match, or else look the text up on the Members page."""
        text = self.text().strip()
        if not text:
            return  # nothing asked yet: Enter in an empty box leaves the page as it is
        member_id = self._popup.highlighted_id() if self.popup_is_open() else None
        self._timer.stop()
        self.clear()  # the lookup is done; the next one starts from an empty box
        if member_id is not None:
            self.member_chosen.emit(member_id, text)
        else:
            self.search_requested.emit(text)

    def _clicked(self, row: int) -> None:
        if self._popup is not None and 0 <= row < len(self._popup.member_ids()):
            self._popup.set_highlight(row)
            self.activate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self.popup_is_open():
                self._popup.move_highlight(1 if key == Qt.Key.Key_Down else -1)
            elif key == Qt.Key.Key_Down and self.text().strip():
                self.search_now()  # the list was closed: bring it back
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate()
            event.accept()
        elif key == Qt.Key.Key_Escape:
            self.clear()
            self.clearFocus()  # the lookup is abandoned; Ctrl+F comes back
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.close_popup()
        super().focusOutEvent(event)
