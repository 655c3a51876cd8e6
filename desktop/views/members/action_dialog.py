"""ActionDialog: the shared frame of the members list's actions (tag, merge, delete on request).

Each loads what it shows and applies its change on the database thread; while a change runs
the controls are disabled and Esc is ignored, so the dialog never closes on a half-known
outcome.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.errors import DomainError
from desktop.domain.members import MemberNotFound, MemberRecord, get_member
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs, theme
from desktop.views.widgets import label

# The theme paints a dialog's default button in the brand colour even when disabled; an
# action that waits for a choice must look like it.
WAITING_STYLE = f"""
QPushButton:disabled {{ background: {theme.SURFACE}; color: {theme.DISABLED};
    border: 1px solid {theme.BORDER}; }}
"""
DANGER_STYLE = f"""
QPushButton {{ background: {theme.DANGER}; color: #FFFFFF; border: 1px solid {theme.DANGER};
    font-weight: 600; }}
QPushButton:hover {{ background: {theme.mix(theme.DANGER, "#000000", 0.1)}; }}
QPushButton:focus {{ border: 2px solid {theme.mix(theme.DANGER, "#000000", 0.35)}; }}
QPushButton:disabled {{ background: {theme.mix(theme.DANGER, "#FFFFFF", 0.88)};
    border-color: {theme.mix(theme.DANGER, "#FFFFFF", 0.7)};
    color: {theme.mix(theme.DANGER, "#FFFFFF", 0.45)}; }}
"""


def live_member(member_id: int) -> MemberRecord:
    """The member's record (database thread); MemberNotFound once merged away or deleted."""
    record = get_member(member_id)
    if record.anonymised_at is not None or record.merged_into_id is not None:
        raise MemberNotFound(id=member_id)
    return record


def who(record: MemberRecord) -> str:
    """A member named so that two records with one name can be told apart: 张三 (138…)."""
    return f"{record.name} ({record.phone})" if record.phone else record.name


def plain_label(text: str = "", role: str | None = None, wrap: bool = False) -> QLabel:
    """A label whose text is data (a member's name, a tag): `<b>x</b>` stays literal."""
    widget = label(text, role, wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class ActionDialog(QDialog):
    """A dialog with Cancel and one action button; its work runs on the database thread."""

    def __init__(self, title: str, action_text: str, parent: QWidget | None = None,
                 danger: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 16)
        outer.setSpacing(14)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(tr("MemberActions", "Cancel"))
        self.action_button: QPushButton = self.buttons.addButton(
            action_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setEnabled(False)  # until what it acts on has loaded
        self.action_button.setStyleSheet(DANGER_STYLE if danger else WAITING_STYLE)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        # Only once inside the dialog does it count as the dialog's default (for Enter);
        # set earlier, the dialog makes Cancel its default when shown.
        self.action_button.setDefault(True)

    def load(self, work: Callable[[], Any], on_loaded: Callable[[Any], None]) -> None:
        """Read what the dialog shows; a refusal (the member is gone) closes it."""
        def failed(error: Exception) -> None:
            try:
                self._report(error, tr("MemberActions", "This cannot be shown"))
            finally:
                self.reject()

        run_database_task(work, on_loaded, failed, owner=self)

    def fit_content(self) -> None:
        """Grow to show content that arrived after the dialog opened, wrapped text included.

        A layout's minimum size leaves out heights that depend on width (wrapped labels),
        and adjustSize caps a window at 2/3 of the screen: so the height is asked directly.
        """
        self.layout().activate()
        height = self.layout().totalHeightForWidth(self.width())
        self.setMinimumHeight(height)
        if height > self.height():
            self.resize(self.width(), height)

    def apply(self) -> None:
        """The action button: subclasses start their change with `run`."""

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None],
            error_title: str) -> None:
        """Apply a change; `on_done` gets its result, then the dialog closes as accepted."""
        self.set_busy(True)

        def done(result: Any) -> None:
            self.set_busy(False)
            on_done(result)
            self.accept()

        def failed(error: Exception) -> None:  # the dialog stays open: retry or cancel
            self.set_busy(False)
            self._report(error, error_title)

        run_database_task(work, done, failed, owner=self)

    def _report(self, error: Exception, title: str) -> None:
        if not isinstance(error, DomainError):
            raise error  # a bug, not a refusal: the crash handler logs it and says so
        dialogs.show_error(self, title, error.user_message())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.cancel_button.setEnabled(not busy)
        self.update_action()

    def ready(self) -> bool:
        """Whether the action can run now (loaded, and something chosen)."""
        return True

    def update_action(self) -> None:
        """Enable the action button when the dialog is ready and not busy."""
        enabled = not self.busy and self.ready()
        self.action_button.setEnabled(enabled)
        if enabled and not self.cancel_button.hasFocus():
            # Shown while the action was disabled, the dialog made Cancel its default.
            self.action_button.setDefault(True)

    def reject(self) -> None:
        if not self.busy:  # Esc or the window's close button while a change runs: wait
            super().reject()
