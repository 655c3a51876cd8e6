"""Window fixtures: a main window on a fresh database, and dialogs that record instead of block."""

from pathlib import Path

import pytest

# The offscreen platform (no real window system) warns when a shown window's minimum size
# changes or it is raised; Windows and X11 do not. Every other Qt warning still fails a test.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",
                   "This plugin does not support raise")
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


class RecordedDialogs:
    """Stands in for desktop.views.dialogs: records each call, answers from a queue."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.files: list[Path | None] = []  # answers for choose_open_file, in order
        self.colors: list[str | None] = []  # answers for choose_color
        self.confirmations: list[bool] = []  # answers for confirm (none queued: Cancel)

    def named(self, name: str) -> list[tuple]:
        return [call[1:] for call in self.calls if call[0] == name]

    def show_error(self, parent, title, text, details=""):
        self.calls.append(("show_error", title, text))

    def show_info(self, parent, title, text):
        self.calls.append(("show_info", title, text))

    def show_crash(self, parent, log_path, summary):
        self.calls.append(("show_crash", log_path, summary))

    def choose_open_file(self, parent, title, name_filter, directory=""):
        self.calls.append(("choose_open_file", title))
        return self.files.pop(0) if self.files else None

    def confirm(self, parent, title, text, confirm_text):
        self.calls.append(("confirm", title, text))
        return self.confirmations.pop(0) if self.confirmations else False

    def choose_color(self, parent, title, initial):
        self.calls.append(("choose_color", initial))
        return self.colors.pop(0) if self.colors else None

    def open_folder_in_explorer(self, folder):
        self.calls.append(("open_folder_in_explorer", folder))
        return True


@pytest.fixture
def recorded_dialogs(monkeypatch):
    """Every message box and chooser replaced by a recorder (nothing modal in a test)."""
    from desktop.views import dialogs

    recorder = RecordedDialogs()
    for name in ("show_error", "show_info", "show_crash", "choose_open_file", "choose_color",
                 "confirm", "open_folder_in_explorer"):
        monkeypatch.setattr(dialogs, name, getattr(recorder, name))
    return recorder


@pytest.fixture(autouse=True)
def english_window(qapp):
    """Each test starts in English with the default theme, and leaves no translator behind."""
    from desktop.views import theme, translation

    translation.apply_language("en")
    theme.apply_theme(qapp, theme.DEFAULT_BRAND)
    yield
    translation.reset()


@pytest.fixture
def main_window(qtbot, sqlite_db, recorded_dialogs):
    """The main window on a fresh database, shown (offscreen)."""
    from desktop.domain.store import get_store_profile
    from desktop.views.main_window import MainWindow
    from desktop.views.remembered_look import WindowLook

    window = MainWindow(WindowLook.from_profile(get_store_profile()), database=sqlite_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
