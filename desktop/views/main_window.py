"""The main window: navigation rail on the left, store name on top, the page on the right."""

import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import tr
from desktop.views import icons, pages, theme, translation
from desktop.views.find_box import FindBox
from desktop.views.page import Page, PageContext
from desktop.views.remembered_look import WindowLook, remember_look
from desktop.views.widgets import Toast

if TYPE_CHECKING:  # the window is built before the database (and peewee) is loaded
    from db import DatabaseInfo
    from desktop.domain.store import StoreProfile

log = logging.getLogger(__name__)

MINIMUM_SIZE = QSize(960, 600)
RAIL_MIN_WIDTH = 184
# A database that takes longer than this to open (a PostgreSQL server far away) gets a word.
OPENING_NOTICE_DELAY_MS = 400


class StoreNameLabel(QLabel):
    """The store name on one line, ending in "…" when the header is too narrow for all of it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)  # text() stays the whole name; only the painting is shortened
        self.setObjectName("StoreName")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def shown_text(self) -> str:
        """The name as painted at the current width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        shortened = self.shown_text() != self.text()
        # Tooltips guess rich text; escaped and wrapped, a name like <b> stays literal.
        self.setToolTip(f"<p>{html.escape(self.text())}</p>" if shortened else "")

    def paintEvent(self, event) -> None:
        # QPainter, not style().drawItemText: QStyle's Python type costs ~5 ms to load, and
        # this paints before the first frame.
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())


class MainWindow(QMainWindow):
    """The frame every page lives in: pages built on first use, all rebuilt on a new language.

    It can be shown before the database is open (from the look remembered at the last
    start); `attach_database` then brings in the pages, and `ready` says so.
    """

    ready = Signal()

    def __init__(
        self,
        look: WindowLook,
        initial_page: str = pages.HOME_PAGE,
        database: "DatabaseInfo | None" = None,
    ) -> None:
        super().__init__()
        self.database = database
        self._look = look
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(1280, 800)
        self._pages: dict[str, Page] = {}
        self._nav_buttons: dict[str, QPushButton] = {}
        self._current = initial_page if pages.find_page(initial_page) else pages.HOME_PAGE
        self.toast = Toast(self)  # a child of the window, so it survives a rebuild
        self._shortcuts: list[QShortcut] = []
        self._build()
        self.show_page(self._current)
        # Ctrl+F belongs to a page's own search box while the focus is in that page.
        QApplication.instance().focusChanged.connect(self._step_aside_for_page_find)

    @property
    def is_ready(self) -> bool:
        """The database is open and the pages can show its data."""
        return self.database is not None

    def attach_database(self, database: "DatabaseInfo", profile: "StoreProfile") -> None:
        """The database is open: show the store as it is now, and the current page's data."""
        self.database = database
        look = WindowLook.from_profile(profile)
        if look != self._look:  # changed since the look was remembered (another PC, a restore)
            self._look = look
            self._build()
        self.find_box.setEnabled(True)
        self.show_page(self._current)
        self.ready.emit()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self._pages.clear()  # a new central widget replaces the old one and its pages
        look = self._look
        self._brand = theme.valid_color(look.primary_color)
        root = QWidget()
        root.setObjectName("Root")
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_rail())
        area = QWidget()
        area.setObjectName("PageArea")
        area_layout = QVBoxLayout(area)
        area_layout.setContentsMargins(0, 0, 0, 0)
        area_layout.setSpacing(0)
        area_layout.addWidget(self._build_header(look))
        self.stack = QStackedWidget()
        if self.database is None:
            self.stack.addWidget(self._opening_notice())
        area_layout.addWidget(self.stack, 1)
        self.toast.set_anchor(self.stack)
        layout.addWidget(area, 1)
        self.setCentralWidget(root)
        self.setWindowTitle(tr("MainWindow", "ShopCircle — {store}").format(store=look.store_name))
        self._install_shortcuts()
        self.toast.raise_()

    def _build_rail(self) -> QFrame:
        rail = QFrame()
        rail.setObjectName("NavRail")
        layout = QVBoxLayout(rail)
        layout.setContentsMargins(12, 16, 12, 16)
        layout.setSpacing(4)
        brand_row = QHBoxLayout()
        brand_row.setContentsMargins(8, 0, 0, 12)
        brand_row.setSpacing(10)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(QSize(30, 30), self.devicePixelRatioF()))
        app_name = QLabel(tr("MainWindow", "ShopCircle"))
        app_name.setObjectName("AppName")
        brand_row.addWidget(logo)
        brand_row.addWidget(app_name, 1)
        layout.addLayout(brand_row)
        self._group = QButtonGroup(rail)
        self._group.setExclusive(True)
        self._nav_buttons = {}
        accent = theme.readable_accent(self._brand, theme.mix(self._brand, "#FFFFFF", 0.9))
        for index, spec in enumerate(pages.PAGES, start=1):
            button = self._nav_button(pages.page_title(spec), spec.icon, accent)
            button.setCheckable(True)
            button.setToolTip(f"{pages.page_title(spec)}  (Ctrl+{index})")
            button.clicked.connect(lambda _checked=False, key=spec.key: self.show_page(key))
            self._group.addButton(button)
            self._nav_buttons[spec.key] = button
            layout.addWidget(button)
        layout.addStretch(1)
        about = self._nav_button(tr("MainWindow", "About"), "info", accent)
        about.setObjectName("NavButton")
        about.setToolTip(tr("MainWindow", "About ShopCircle (F1)"))
        about.clicked.connect(self.show_about)
        self.about_button = about
        layout.addWidget(about)
        widest = max(b.sizeHint().width() for b in [*self._nav_buttons.values(), about])
        rail.setFixedWidth(max(RAIL_MIN_WIDTH, widest + 24, app_name.sizeHint().width() + 72))
        return rail

    def _nav_button(self, text: str, icon_name: str, accent: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("NavButton")
        button.setIcon(icons.icon(icon_name, theme.MUTED, accent))
        button.setIconSize(QSize(20, 20))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.ensurePolished()
        return button

    def _opening_notice(self) -> QWidget:
        self._notice = QLabel(tr("MainWindow", "Opening the database…"))
        self._notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._notice.setVisible(False)  # only a slow database gets to show it
        QTimer.singleShot(OPENING_NOTICE_DELAY_MS, self._reveal_opening_notice)
        return self._notice

    def _reveal_opening_notice(self) -> None:
        if self.database is None:
            self._notice.setVisible(True)

    def _build_header(self, look: WindowLook) -> QFrame:
        header = QFrame()
        header.setObjectName("Header")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(28, 12, 28, 12)
        layout.setSpacing(12)
        if look.logo_png:
            pixmap = QPixmap()
            if pixmap.loadFromData(look.logo_png, "PNG"):
                logo = QLabel()
                scale = self.devicePixelRatioF()
                pixmap = pixmap.scaled(
                    QSize(32, 32) * scale,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                pixmap.setDevicePixelRatio(scale)
                logo.setPixmap(pixmap)
                layout.addWidget(logo)
        self.store_name_label = StoreNameLabel(look.store_name)
        layout.addWidget(self.store_name_label, 1)
        self.find_box = FindBox()
        self.find_box.setEnabled(self.is_ready)  # nothing to find until the database is open
        self.find_box.member_chosen.connect(self._open_found_member)
        self.find_box.search_requested.connect(self._search_members)
        layout.addWidget(self.find_box)
        header.setMinimumHeight(60)
        return header

    def _install_shortcuts(self) -> None:
        for shortcut in self._shortcuts:
            shortcut.setParent(None)
            shortcut.deleteLater()
        self._shortcuts = []
        for index, spec in enumerate(pages.PAGES[:9], start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index}"), self)
            shortcut.activated.connect(lambda key=spec.key: self.show_page(key))
            self._shortcuts.append(shortcut)
        about = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        about.activated.connect(self.show_about)
        self._shortcuts.append(about)
        self._find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self._find_shortcut.activated.connect(self.find_member)
        self._shortcuts.append(self._find_shortcut)
        self._step_aside_for_page_find()

    def rebuild(self) -> None:
        """Build every widget again: after a language, name, logo or colour change."""
        self._build()
        self.show_page(self._current)

    # -- behaviour ------------------------------------------------------------------------

    @property
    def current_page_key(self) -> str:
        return self._current

    def page(self, key: str) -> Page | None:
        """The page `key` if it has been built."""
        return self._pages.get(key)

    def nav_labels(self) -> list[str]:
        """The rail's page labels, top to bottom."""
        return [button.text() for button in self._nav_buttons.values()]

    def show_page(self, key: str) -> Page | None:
        """Show page `key`, building it the first time; it refreshes its data.

        Before the database is open this only selects the page (None): it is built on attach.
        """
        spec = pages.find_page(key) or pages.find_page(pages.HOME_PAGE)
        self._current = spec.key
        self._nav_buttons[spec.key].setChecked(True)
        if self.database is None:
            return None
        page = self._pages.get(spec.key)
        if page is None:
            page_class = pages.load_page_class(spec)
            page = page_class(self._context())
            self._pages[spec.key] = page
            self.stack.addWidget(page)
        page.refresh()
        self.stack.setCurrentWidget(page)
        self._step_aside_for_page_find()
        return page

    def find_member(self) -> None:
        """Ctrl+F: the page's own search box where it has one, else the header's find box."""
        page = self._pages.get(self._current)
        if _has_own_find(page):
            page.focus_search()
        elif self.find_box.isEnabled():
            self.find_box.focus_and_select()

    @Slot()
    def _step_aside_for_page_find(self, *_focus) -> None:
        # Two enabled Ctrl+F shortcuts would be ambiguous and neither would fire: while the
        # focus is inside a page with its own (WidgetWithChildrenShortcut), the window's
        # waits. Elsewhere (rail, header) the window's sends Ctrl+F to that page's box.
        page = self._pages.get(self._current)
        focus = QApplication.focusWidget()
        inside = _has_own_find(page) and focus is not None and page.isAncestorOf(focus)
        self._find_shortcut.setEnabled(not inside)

    def _open_found_member(self, member_id: int, query: str) -> None:
        """A match chosen in the find box: the Members page lists the matches, that one open."""
        page = self.show_page("members")
        if page is not None:
            page.search_for(query)
            page.show_detail(member_id)

    def _search_members(self, query: str) -> None:
        """Enter in the find box with no match chosen: the Members page searches the text."""
        page = self.show_page("members")
        if page is not None:
            page.search_for(query)

    def notify(self, text: str) -> None:
        """A short notice that goes away by itself."""
        self.toast.show_message(text)

    def show_about(self) -> None:
        if self.database is None:
            return  # the About box describes the database; it opens in a moment
        from desktop.views.about import AboutDialog

        AboutDialog(self.database, self).exec()

    def _context(self) -> PageContext:
        return PageContext(
            database=self.database,
            notify=self.notify,
            show_page=self.show_page,
            profile_saved=self._profile_saved,
        )

    def _profile_saved(self, before: "StoreProfile", after: "StoreProfile") -> None:
        if before.language != after.language:
            language = translation.apply_language(after.language)
            log.info("Language switched to %s", language)
        theme.apply_theme(QApplication.instance(), after.primary_color)
        self._look = WindowLook.from_profile(after)
        remember_look(self.database.target, self._look)
        # Later: the page that saved is still running its click handler.
        QTimer.singleShot(0, self.rebuild)


def _has_own_find(page: Page | None) -> bool:
    """Whether a page has its own search box for Ctrl+F (the Members page)."""
    return page is not None and callable(getattr(page, "focus_search", None))
