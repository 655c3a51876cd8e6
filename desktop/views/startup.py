"""Qt start-up pieces for run_gui: the application object, --smoke-test and --screenshot."""

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from desktop.tasks.background import wait_for_all_tasks
from desktop.views import icons, theme

FIRST_PAINT_ENV = "SHOPCIRCLE_REPORT_FIRST_PAINT"
SMOKE_TEST_TIMEOUT_MS = 30_000
APP_USER_MODEL_ID = "ShopCircle.Desktop"


def create_application() -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt), named and with its icon."""
    app = QApplication.instance()
    if app is None:
        # Fractional Windows scaling (125 %, 150 %) without rounding to 100 % or 200 %.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        if os.name == "nt":
            # Our own taskbar group and icon rather than python.exe's.
            import ctypes

            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
        # Fusion from the start: choosing it later through app.style()/setStyle() builds the
        # Python QStyle class and its many enums (~10 ms of every start).
        app = QApplication([*sys.argv[:1], "-style", "fusion"])
        app.setProperty(theme.FUSION_PROPERTY, True)
    app.setApplicationName("ShopCircle")
    app.setOrganizationName("ShopCircle")
    app.setWindowIcon(icons.app_icon())
    return app


class FirstPaintWatcher(QObject):
    """Calls `then` once, just after `window` has painted for the first time."""

    def __init__(self, app: QApplication, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(app)
        self._app = app
        self._window = window
        self._then = then
        self.painted_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.painted_at is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self.painted_at = time.time()
            # After this paint has finished; an application-wide filter costs every event
            # something, so it goes as soon as it has served.
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        self._app.removeEventFilter(self)
        self._then()


def after_first_paint(app: QApplication, window: QWidget, then: Callable[[], None]):
    """Run `then` right after `window` first paints; returns the watcher."""
    watcher = FirstPaintWatcher(app, window, then)
    app.installEventFilter(watcher)
    return watcher


def run_smoke_test(app: QApplication, window) -> int:
    """Show the window; return 0 once it has painted and its database is open.

    With SHOPCIRCLE_REPORT_FIRST_PAINT=1 it prints `FIRST_PAINT <time>` at the first paint
    and `WINDOW_READY <time>` when the pages show their data (the start-up benchmark).
    """
    report = os.environ.get(FIRST_PAINT_ENV) == "1"

    def finish_when_ready() -> None:
        if watcher.painted_at is None or not window.is_ready:
            return
        if report:
            print(f"WINDOW_READY {time.time()}", flush=True)
        app.exit(0)

    def painted() -> None:
        if report:
            print(f"FIRST_PAINT {watcher.painted_at}", flush=True)
        finish_when_ready()

    watcher = after_first_paint(app, window, painted)
    window.ready.connect(finish_when_ready)
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(lambda: app.exit(1))
    timeout.start(SMOKE_TEST_TIMEOUT_MS)
    try:
        window.show()
        code = app.exec()
    finally:
        timeout.stop()
        app.removeEventFilter(watcher)
        window.close()
    if watcher.painted_at is None:
        print("The window did not paint within 30 seconds.", file=sys.stderr)
        return 1
    return code


def render_window(app: QApplication, window: QWidget, size: tuple[int, int]) -> QImage:
    """The window drawn at exactly `size` pixels, without ever appearing on screen."""
    width, height = size
    minimum = window.minimumSize()
    window.setMinimumSize(QSize(min(width, minimum.width()), min(height, minimum.height())))
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(width, height)
    window.show()
    for _ in range(3):  # polish, layout, then the deferred layout of nested pages
        app.processEvents()
        # A page reads its data on the database thread: show it as the user would see it.
        wait_for_all_tasks()
        app.processEvents()
    # Rendered into an image of exactly the requested pixels: grab() on a 150 % screen would
    # return 1.5 x the size, and the command-line contract promises W x H.
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    image.fill(Qt.GlobalColor.white)
    window.render(image)
    window.close()
    return image
