"""Run the real window on a store until its background database work is done, then close it."""

from PySide6.QtCore import QTimer

from desktop.app import GuiOptions, run_gui


def run_window_until_its_database_work_is_done(qapp, path) -> None:
    """Start the window, let its background work finish, then close it as a user would."""
    from desktop.tasks.background import database_pool
    from desktop.views.main_window import MainWindow

    def close_when_done():
        # A second start paints first and opens the database behind the window: the daily
        # work is queued only once it is ready, so wait for that before waiting for the work.
        windows = [w for w in qapp.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible() and w.is_ready]
        if not windows:
            QTimer.singleShot(20, close_when_done)
            return
        assert database_pool().waitForDone(30_000)
        # After the task's own signal has reached the window.
        QTimer.singleShot(0, windows[0].close)

    QTimer.singleShot(0, close_when_done)
    assert run_gui(GuiOptions(db=str(path))) == 0
