"""The import window's steps: the step bar, choosing a file, checking it, and the result."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.member_import import ImportResult
from desktop.domain.member_import_review import LoadedFile
from desktop.i18n import tr
from desktop.views import theme
from desktop.views.members.action_dialog import plain_label
from desktop.views.members.import_mapping import MappingEditor
from desktop.views.members.import_preview import CountCards, PreviewPanel
from desktop.views.members.task_progress import show_notice
from desktop.views.widgets import label, link_button, primary_button

STEP_STYLE = f"""
QLabel {{ color: {theme.MUTED}; }}
QLabel[current="true"] {{ color: {theme.TEXT}; font-weight: 600; }}
"""
DROP_STYLE = f"""
QFrame#DropZone {{ background: {theme.BACKGROUND}; border: 2px dashed {theme.INPUT_BORDER};
    border-radius: 12px; }}
QFrame#DropZone[dragging="true"] {{ border-color: {theme.TEXT}; }}
QFrame#DropZone QLabel {{ background: transparent; }}
"""


class StepBar(QWidget):
    """'1 Choose a file  2 Check  3 Import  4 Done', the current step in bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(22)
        self.setStyleSheet(STEP_STYLE)
        titles = (tr("ImportWizard", "Choose a file"), tr("ImportWizard", "Check"),
                  tr("ImportWizard", "Import"), tr("ImportWizard", "Done"))
        self.labels = [label(f"{number}  {title}") for number, title in enumerate(titles, 1)]
        for widget in self.labels:
            layout.addWidget(widget)
        layout.addStretch(1)

    def set_step(self, step: int) -> None:
        """Show `step` (0-based) as the current one."""
        for index, widget in enumerate(self.labels):
            widget.setProperty("current", index == step)
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class ChoosePage(QWidget):
    """Step 1: a drop zone with a Choose button; the reading state; a refusal, in plain words."""

    choose_clicked = Signal()
    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        self.zone = QFrame()
        self.zone.setObjectName("DropZone")
        self.zone.setStyleSheet(DROP_STYLE)
        zone = QVBoxLayout(self.zone)
        zone.setContentsMargins(40, 36, 40, 36)
        zone.setSpacing(12)
        zone.addWidget(label(tr("ImportWizard", "Drag the member list here"), "heading"),
                       0, Qt.AlignmentFlag.AlignHCenter)
        hint = label(tr(
            "ImportWizard", "Excel or WPS workbooks (.xlsx, .xls, .ods) and CSV files, as "
            "other member systems export them. Title rows above the column names are fine; "
            "the columns are recognised from their names, and you can correct them next."),
            "muted", wrap=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        zone.addWidget(hint)
        self.choose_button = primary_button(tr("ImportWizard", "Choose a file…"))
        self.choose_button.clicked.connect(self.choose_clicked)
        zone.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.reading = QWidget()
        reading = QVBoxLayout(self.reading)
        reading.setContentsMargins(0, 0, 0, 0)
        self.reading_label = plain_label("", wrap=True)
        reading.addWidget(self.reading_label)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)
        reading.addWidget(self.bar)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(tr("ImportWizard", "Stop reading"))
        self.cancel_button.clicked.connect(self.cancel_clicked)
        row.addWidget(self.cancel_button)
        reading.addLayout(row)
        zone.addWidget(self.reading)

        self.error_label = plain_label("", "error", wrap=True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        zone.addWidget(self.error_label)
        outer.addWidget(self.zone)
        outer.addStretch(1)
        self.set_idle()

    def set_idle(self, error: str = "") -> None:
        """Ready for a file; `error` says why the last one was refused."""
        self.reading.hide()
        self.choose_button.setEnabled(True)
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))

    def set_reading(self, path: Path) -> None:
        self.error_label.hide()
        self.choose_button.setEnabled(False)
        self.reading_label.setText(tr("ImportWizard", "Reading {name}…").format(name=path.name))
        self.bar.setRange(0, 0)
        self.reading.show()

    def show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def set_dragging(self, dragging: bool) -> None:
        self.zone.setProperty("dragging", dragging)
        self.zone.style().unpolish(self.zone)
        self.zone.style().polish(self.zone)


class ResultPage(QWidget):
    """Step 4: what was imported, the backup made before, and the file of rejected rows."""

    open_rejects_folder = Signal()
    save_rejects_elsewhere = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(label(tr("ImportWizard", "The import is done"), "heading"))
        self.counts = CountCards()
        layout.addWidget(self.counts)
        self.backup_label = plain_label("", "muted", wrap=True)
        self.backup_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.backup_label)

        self.rejects_box = QWidget()
        rejects = QVBoxLayout(self.rejects_box)
        rejects.setContentsMargins(0, 6, 0, 0)
        rejects.setSpacing(6)
        rejects.addWidget(label(tr("ImportWizard", "Rows not imported"), "heading"))
        self.rejects_label = plain_label("", wrap=True)
        self.rejects_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rejects.addWidget(self.rejects_label)
        row = QHBoxLayout()
        self.open_folder_button = link_button(tr("ImportWizard", "Open its folder"))
        self.open_folder_button.clicked.connect(self.open_rejects_folder)
        self.save_elsewhere_button = link_button(tr("ImportWizard", "Save a copy elsewhere…"))
        self.save_elsewhere_button.clicked.connect(self.save_rejects_elsewhere)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.save_elsewhere_button)
        row.addStretch(1)
        rejects.addLayout(row)
        layout.addWidget(self.rejects_box)
        layout.addStretch(1)

    def show_result(self, result: ImportResult) -> None:
        self.counts.set_counts(result.imported, result.updated, result.skipped,
                               len(result.rejected))
        if result.backup_path is not None:
            self.backup_label.setText(tr(
                "ImportWizard", "The members as they were before the import were backed up "
                "to {path}").format(path=result.backup_path))
        self.backup_label.setVisible(result.backup_path is not None)
        self.rejects_box.setVisible(bool(result.rejected))
        self.open_folder_button.hide()

    def rejects_saving(self) -> None:
        self.rejects_label.setText(tr("ImportWizard", "Saving the rows that were not "
                                                      "imported, with the reason for each…"))
        self.open_folder_button.hide()
        self.save_elsewhere_button.setEnabled(False)

    def rejects_saved(self, path: Path) -> None:
        self.rejects_label.setText(tr(
            "ImportWizard", "The rows that were not imported are saved, each with its row "
            "number and the reason, in {path}. Correct them there and import that file.")
            .format(path=path))
        self.open_folder_button.show()
        self.save_elsewhere_button.setEnabled(True)

    def rejects_failed(self, reason: str) -> None:
        self.rejects_label.setText(tr(
            "ImportWizard", "The rows that were not imported could not be saved: {reason} "
            "Choose another place for them.").format(reason=reason))
        self.save_elsewhere_button.setEnabled(True)


class CheckPage(QWidget):
    """Step 2: the file and sheet, the column mapping beside the preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(10)
        self.file_label = plain_label("", "heading")
        top.addWidget(self.file_label)
        self.sheet_label = label(tr("ImportWizard", "Sheet"), "muted")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumWidth(140)
        self.sheet_label.setBuddy(self.sheet_combo)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        self.other_file_button = link_button(tr("ImportWizard", "Choose another file…"))
        top.addWidget(self.other_file_button)
        top.addStretch(1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(120)
        self.busy_label = label(tr("ImportWizard", "Updating the preview…"), "muted")
        top.addWidget(self.busy_label)
        top.addWidget(self.busy)
        layout.addLayout(top)
        self.detail_label = label("", "muted", wrap=True)
        layout.addWidget(self.detail_label)
        self.notice_label = plain_label("", "error", wrap=True)  # a cancelled or failed import
        self.notice_label.hide()
        layout.addWidget(self.notice_label)

        body = QHBoxLayout()
        body.setSpacing(18)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(label(tr("ImportWizard", "Columns of the file"), "heading"))
        left.addWidget(label(tr("ImportWizard", "Choose what each column holds. Columns "
                                                "set to \"Ignore\" are not imported."),
                             "muted", wrap=True))
        self.mapping_editor = MappingEditor()
        left.addWidget(self.mapping_editor, 1)
        body.addLayout(left, 2)
        self.preview = PreviewPanel()
        body.addWidget(self.preview, 3)
        layout.addLayout(body, 1)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)

    def show_file(self, loaded: LoadedFile) -> None:
        preview = loaded.preview
        self.file_label.setText(loaded.path.name)
        several = len(preview.sheet_names) > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(preview.sheet_names)
        if preview.sheet:
            self.sheet_combo.setCurrentText(preview.sheet)
        rows = tr("ImportWizard", "{n} data rows").format(n=f"{len(preview.rows):,}")
        if preview.header_row_number is None:
            where = tr("ImportWizard", "No row of column names was found: choose each "
                                       "column's field below.")
        else:
            where = tr("ImportWizard", "Column names on row {row}.").format(
                row=preview.header_row_number)
        self.detail_label.setText(f"{where} {rows}")

    def show_notice(self, text: str, problem: bool = True) -> None:
        """A line above the preview: why the import failed (red) or that it was cancelled."""
        show_notice(self.notice_label, text, problem)
