"""The baseline for the start-up benchmark: the least a PySide6 window costs.

QApplication + QMainWindow + QLabel at ShopCircle's window size; at its first paint it prints
`FIRST_PAINT <time.time()>` and quits, exactly as `python -m desktop --smoke-test` does with
SHOPCIRCLE_REPORT_FIRST_PAINT=1 (desktop/views/startup.py). Imports nothing of ShopCircle.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget


class FirstPaintWatcher(QObject):
    """Prints FIRST_PAINT and quits at the first paint of any widget of `window`."""

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
            print(f"FIRST_PAINT {self.painted_at}", flush=True)
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare PySide6 window")
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1280, 800)
    watcher = FirstPaintWatcher(app, window)
    app.installEventFilter(watcher)
    window.show()
    code = app.exec()
    return code if watcher.painted_at is not None else 1


if __name__ == "__main__":
    sys.exit(main())
