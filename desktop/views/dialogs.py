"""The one module that opens message boxes and file, colour and folder choosers.

Views call these through the module (`dialogs.show_error(...)`, never `from ... import`)
so tests can replace any of them with monkeypatch and nothing modal blocks a test run.
"""

from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices

from desktop.i18n import tr

# The dialog classes are looked up in QtWidgets inside each function on purpose: PySide6
# builds a class and its many enums on first use (~30 ms) and start-up should not pay that.


def _message_box(parent, icon_name: str, title: str, text: str, details: str = ""):
    box_class = QtWidgets.QMessageBox
    box = box_class(parent)
    box.setIcon(getattr(box_class.Icon, icon_name))
    box.setWindowTitle(title)
    # Store names and paths are data, not markup.
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    return box


def show_error(parent: QtWidgets.QWidget | None, title: str, text: str, details: str = "") -> None:
    """A problem the user can do something about (file locked, database too new …)."""
    box = _message_box(parent, "Warning", title, text, details)
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    box.exec()


def show_info(parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
    """A plain piece of information with an OK button."""
    box = _message_box(parent, "Information", title, text)
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(parent: QtWidgets.QWidget | None, title: str, text: str, confirm_text: str) -> bool:
    """Ask before a destructive action; True when the user chose `confirm_text`."""
    buttons = QtWidgets.QMessageBox.StandardButton
    box = _message_box(parent, "Question", title, text)
    yes = box.addButton(confirm_text, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(buttons.Cancel)
    box.setDefaultButton(buttons.Cancel)
    box.exec()
    return box.clickedButton() is yes


def show_crash(parent: QtWidgets.QWidget | None, log_path: Path, summary: str) -> None:
    """A bug: say so plainly, point at the log file, offer to open its folder."""
    box = _message_box(
        parent,
        "Critical",
        tr("Crash", "ShopCircle ran into a problem"),
        tr(
            "Crash",
            "Something went wrong inside ShopCircle. Your data is safe: everything saved "
            "before this message is still in the database. If it happens again, send the "
            "log file to whoever supports your ShopCircle.",
        ),
        tr("Crash", "Log file: {path}\nProblem: {summary}").format(path=log_path, summary=summary),
    )
    open_folder = box.addButton(
        tr("Crash", "Open log folder"), QtWidgets.QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
    box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_folder:
        open_folder_in_explorer(log_path.parent)


def choose_open_file(
    parent: QtWidgets.QWidget | None, title: str, name_filter: str, directory: str = ""
) -> Path | None:
    """A file to read, or None when cancelled."""
    chosen, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, directory, name_filter)
    return Path(chosen) if chosen else None


def choose_save_file(
    parent: QtWidgets.QWidget | None, title: str, suggested: str, name_filter: str
) -> Path | None:
    """A file to write (the dialog asks before overwriting), or None when cancelled."""
    chosen, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    return Path(chosen) if chosen else None


def choose_directory(
    parent: QtWidgets.QWidget | None, title: str, directory: str = ""
) -> Path | None:
    """A folder, or None when cancelled."""
    chosen = QtWidgets.QFileDialog.getExistingDirectory(parent, title, directory)
    return Path(chosen) if chosen else None


def choose_color(parent: QtWidgets.QWidget | None, title: str, initial: str) -> str | None:
    """A colour as #RRGGBB, or None when cancelled."""
    color = QtWidgets.QColorDialog.getColor(QColor(initial), parent, title)
    return color.name().upper() if color.isValid() else None


def open_folder_in_explorer(folder: Path) -> bool:
    """Show a folder in Explorer (Finder, the file manager); False if that failed."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
