"""Qt start-up pieces for run_gui: the application object, --smoke-test and --screenshot."""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from desktop.views import icons

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
        app = QApplication(sys.argv[:1])
    app.setApplicationName("ShopCircle")
    app.setOrganizationName("ShopCircle")
    app.setWindowIcon(icons.app_icon())
    return app


class FirstPaintWatcher(QObject):
    """Quits the event loop once `window` has painted for the first time (--smoke-test)."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(app)
        self._app = app
        self._window = window
        self.painted_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.painted_at is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self.painted_at = time.time()
            if os.environ.get(FIRST_PAINT_ENV) == "1":
                # The start-up benchmark parses exactly this line.
                print(f"FIRST_PAINT {self.painted_at}", flush=True)
            # Let this paint finish before the loop ends.
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def run_smoke_test(app: QApplication, window: QWidget) -> int:
    """Show the window, wait for its first paint, return 0 (1 if it never painted)."""
    watcher = FirstPaintWatcher(app, window)
    app.installEventFilter(watcher)
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
    # Rendered into an image of exactly the requested pixels: grab() on a 150 % screen would
    # return 1.5 x the size, and the command-line contract promises W x H.
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    image.fill(Qt.GlobalColor.white)
    window.render(image)
    window.close()
    return image
