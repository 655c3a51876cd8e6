"""Unexpected exceptions: log the traceback, then show the crash dialog instead of vanishing."""

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.views import dialogs

log = logging.getLogger("shopcircle.crash")


class CrashHandler:
    """The sys.excepthook of the window: environment errors never get here, bugs do."""

    def __init__(self, log_path: Path, interactive: bool = True) -> None:
        self.log_path = log_path
        self.interactive = interactive  # --smoke-test/--screenshot: no modal dialog, exit 1
        self._showing = False

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("Unhandled exception", exc_info=(exc_type, exc, tb))
        summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
        if not self.interactive:
            print(summary, file=sys.stderr)
            app = QApplication.instance()
            if app is not None:
                app.exit(1)
            return
        # A bug inside the dialog itself must not open dialogs without end.
        if self._showing:
            return
        self._showing = True
        try:
            dialogs.show_crash(QApplication.activeWindow(), self.log_path, summary)
        finally:
            self._showing = False

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """Worker threads: log only; the UI thread shows the result of the job."""
        log.critical(
            "Unhandled exception in thread %s",
            getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )


def install_crash_handler(log_path: Path, interactive: bool = True) -> Callable[[], None]:
    """Route uncaught exceptions to a CrashHandler; returns a function that undoes it."""
    handler = CrashHandler(log_path, interactive)
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook

    def restore() -> None:
        sys.excepthook = previous_hook
        threading.excepthook = previous_thread_hook

    return restore
