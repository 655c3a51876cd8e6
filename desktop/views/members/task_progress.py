"""A long job in a dialog: ProgressPanel (bar, count, Cancel), DonePanel (what was written
and where), and their error texts."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from desktop.i18n import tr
from desktop.views.members.action_dialog import plain_label
from desktop.views.widgets import label, link_button, primary_button


class ProgressPanel(QWidget):
    """What is being done, how far it is (a bar and 'n of total'), and a Cancel button.

    `cancel_requested` fires once per click; the owner asks the task to stop and calls
    `cancelling()` so the person sees that the request was heard.
    """

    cancel_requested = Signal()

    def __init__(self, title: str, note: str, cancel_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.title_label = label(title, "heading")
        layout.addWidget(self.title_label)
        self.status_label = plain_label("", wrap=True)
        layout.addWidget(self.status_label)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(12)
        layout.addWidget(self.bar)
        self.count_label = label("", "muted")
        layout.addWidget(self.count_label)
        self.note_label = label(note, "muted", wrap=True)
        layout.addWidget(self.note_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(cancel_text)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def start(self, status: str) -> None:
        """A job began whose size is not known yet: a moving bar and no count."""
        self.status_label.setText(status)
        self.bar.setRange(0, 0)
        self.count_label.clear()
        self.cancel_button.setEnabled(True)

    def show_progress(self, done: int, total: int, count_text: str) -> None:
        """`done` of `total`; `count_text` like 'Written {done} of {total} members'."""
        if total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        self.count_label.setText(count_text.format(done=f"{done:,}", total=f"{total:,}"))

    def set_status(self, status: str) -> None:
        self.status_label.setText(status)

    def cancelling(self, status: str) -> None:
        """Cancel was asked for: say what happens now; the button cannot be clicked again."""
        self.status_label.setText(status)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(False)


class DonePanel(QWidget):
    """A finished job: a heading, what was written where, "Open its folder" and Done.

    `extra` buttons (e.g. "Another format…") sit on the left of the button row.
    """

    def __init__(self, heading: str, done_text: str, extra: tuple[QPushButton, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(label(heading, "heading"))
        self.text_label = plain_label("", wrap=True)
        column.addWidget(self.text_label)
        self.open_folder_button = link_button(tr("DonePanel", "Open its folder"))
        column.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        buttons = QHBoxLayout()
        for button in extra:
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.done_button = primary_button(done_text)
        buttons.addWidget(self.done_button)
        column.addLayout(buttons)


def error_text(error: Exception) -> str:
    """A refusal's message for the person; anything else is a bug and is raised again."""
    if isinstance(error, DomainError):
        return error.user_message()
    if isinstance(error, OSError):  # disk full, folder read-only, file locked by Excel
        return tr("TaskProgress", "the file cannot be written there ({problem}).").format(
            problem=error.strerror or type(error).__name__)
    raise error


def show_notice(widget: QLabel, text: str, problem: bool = True) -> None:
    """A line saying why a job failed (red) or that it was cancelled (grey); '' hides it."""
    widget.setProperty("role", "error" if problem else "muted")
    widget.style().unpolish(widget)  # dynamic properties only restyle after a re-polish
    widget.style().polish(widget)
    widget.setText(text)
    widget.setVisible(bool(text))
