"""ExportDialog: a member list (a search, a segment, everyone) to .xlsx or .csv, off the UI thread.

The export streams page by page on the database thread with progress and Cancel; the domain
writes NAME.partial and renames it only when complete, so a cancelled or failed export
leaves no file behind. The dialog then says where the file is and offers to open its folder.
"""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.file_names import safe_file_stem, unique_path
from desktop.domain.member_export import ExportCancelled, ExportResult, export_members
from desktop.domain.member_listing import count_matching
from desktop.domain.member_query import MemberFilter, MemberSort
from desktop.i18n import tr
from desktop.tasks.background import TaskCancelled, TaskHandle, run_database_task, run_long_task
from desktop.views import dialogs
from desktop.views.members.action_dialog import plain_label
from desktop.views.members.task_progress import (
    DonePanel,
    ProgressPanel,
    error_text,
    show_notice,
)
from desktop.views.widgets import label, primary_button

PAGE_FORM, PAGE_PROGRESS, PAGE_DONE = range(3)
XLSX, CSV = ".xlsx", ".csv"


def export_folder() -> Path:
    """Where exports go unless the person chooses: Documents, else the home folder."""
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def default_export_name(list_title: str, today: dt.date, suffix: str) -> str:
    """'会员-新会员-2026-11-23.xlsx': what, which list, when; safe as a Windows file name."""
    members = tr("ExportDialog", "Members")
    parts = [members] + ([list_title] if list_title and list_title != members else [])
    return safe_file_stem("-".join([*parts, today.isoformat()])) + suffix


class ExportDialog(QDialog):
    """Format, masked phones and where to save; then progress with Cancel; then where it is.

    After exec(), `result` is the ExportResult, or None when nothing was exported.
    """

    def __init__(self, parent: QWidget | None, member_filter: MemberFilter,
                 sort: MemberSort | None, list_title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ExportDialog", "Export members"))
        self.setMinimumWidth(600)
        self.member_filter = member_filter
        self.sort = sort
        # Shadows QDialog.result() on purpose, as ImportWizard.result does.
        self.result: ExportResult | None = None
        self.total: int | None = None
        self._task: TaskHandle | None = None
        self.path = unique_path(export_folder() / default_export_name(
            list_title, dt.date.today(), XLSX))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_form(list_title))
        self.progress_panel = ProgressPanel(
            tr("ExportDialog", "Exporting members"),
            tr("ExportDialog", "Cancel stops the export; no file is left behind."),
            tr("ExportDialog", "Cancel export"))
        self.progress_panel.cancel_requested.connect(self.cancel_export)
        self.stack.addWidget(self.progress_panel)
        self.stack.addWidget(self._build_done())
        layout.addWidget(self.stack)
        self._show_path()
        self._update_export_button()
        run_database_task(lambda: count_matching(member_filter), self._counted,
                          self._count_failed, owner=self)

    def _build_form(self, list_title: str) -> QWidget:
        page = QWidget()
        form = QVBoxLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(10)
        form.addWidget(plain_label(list_title, "heading", wrap=True))
        self.count_label = label(tr("ExportDialog", "Counting the members…"), "muted")
        form.addWidget(self.count_label)
        form.addSpacing(4)
        form.addWidget(label(tr("ExportDialog", "Format"), "heading"))
        self.format_group = QButtonGroup(self)
        self.xlsx_button = QRadioButton(tr("ExportDialog", "Excel workbook (.xlsx)"))
        self.csv_button = QRadioButton(tr("ExportDialog", "CSV (UTF-8), for SMS platforms and "
                                                         "other programs"))
        for button in (self.xlsx_button, self.csv_button):
            self.format_group.addButton(button)
            form.addWidget(button)
        self.xlsx_button.setChecked(True)
        self.format_group.buttonToggled.connect(lambda _button, on: on and self._format_chosen())
        self.mask_check = QCheckBox(tr("ExportDialog", "Hide the middle of each phone number "
                                                       "(138****5678)"))
        form.addSpacing(4)
        form.addWidget(self.mask_check)
        form.addSpacing(4)
        form.addWidget(label(tr("ExportDialog", "Save as"), "heading"))
        where = QHBoxLayout()
        self.path_label = plain_label("", "path", wrap=True)
        where.addWidget(self.path_label, 1)
        self.change_button = QPushButton(tr("ExportDialog", "Change…"))
        self.change_button.clicked.connect(self.choose_path)
        where.addWidget(self.change_button)
        form.addLayout(where)
        self.notice_label = plain_label("", "error", wrap=True)  # a cancelled or failed export
        self.notice_label.hide()
        form.addWidget(self.notice_label)
        form.addStretch(1)
        form.addSpacing(8)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(tr("ExportDialog", "Cancel"))
        cancel.clicked.connect(self.reject)
        self.export_button = primary_button(tr("ExportDialog", "Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        buttons.addWidget(cancel)
        buttons.addWidget(self.export_button)
        form.addLayout(buttons)
        return page

    def _build_done(self) -> QWidget:
        panel = DonePanel(tr("ExportDialog", "The export is done"), tr("ExportDialog", "Done"))
        self.done_label = panel.text_label
        self.open_folder_button = panel.open_folder_button
        self.open_folder_button.clicked.connect(self._open_folder)
        self.done_button = panel.done_button
        self.done_button.clicked.connect(self.accept)
        return panel

    # -- the form -----------------------------------------------------------------------------

    def suffix(self) -> str:
        return CSV if self.csv_button.isChecked() else XLSX

    def _format_chosen(self) -> None:
        self.path = self.path.with_suffix(self.suffix())
        self._show_path()

    def _show_path(self) -> None:
        self.path_label.setText(str(self.path))

    def choose_path(self) -> None:
        """Save-as: the chosen name's .csv or .xlsx also chooses the format."""
        name_filter = (tr("ExportDialog", "CSV file (*.csv)") if self.suffix() == CSV
                       else tr("ExportDialog", "Excel workbook (*.xlsx)"))
        chosen = dialogs.choose_save_file(self, tr("ExportDialog", "Export members to"),
                                          str(self.path), name_filter)
        if chosen is None:
            return
        if chosen.suffix.lower() in (XLSX, CSV):
            (self.csv_button if chosen.suffix.lower() == CSV else self.xlsx_button).setChecked(
                True)
            self.path = chosen
        else:
            self.path = chosen.with_name(chosen.name + self.suffix())
        self._show_path()

    def _counted(self, total: int) -> None:
        self.total = total
        if total == 1:
            text = tr("ExportDialog", "1 member in this list")
        else:
            text = tr("ExportDialog", "{n} members in this list").format(n=f"{total:,}")
        self.count_label.setText(text)
        self._update_export_button()

    def _count_failed(self, error: Exception) -> None:
        self.count_label.setText(error_text(error))

    def _update_export_button(self) -> None:
        self.export_button.setEnabled(bool(self.total))

    # -- exporting ----------------------------------------------------------------------------

    def start_export(self) -> None:
        """Write the list on the database thread; the form gives way to the progress."""
        if not self.total:
            return
        path, member_filter, sort = self.path, self.member_filter, self.sort
        mask = self.mask_check.isChecked()
        self.notice_label.hide()
        self.stack.setCurrentIndex(PAGE_PROGRESS)
        self.progress_panel.start(tr("ExportDialog", "Writing {name}…").format(name=path.name))

        def work(progress, cancelled) -> ExportResult:
            return export_members(path, member_filter, sort, mask, progress=progress,
                                  cancel=cancelled)

        self._task = run_long_task(work, self._progressed, self._exported, self._failed,
                                   owner=self)

    def _progressed(self, done: int, total: int) -> None:
        if self._task is not None and not self._task.is_cancelled():
            self.progress_panel.show_progress(done, total, tr(
                "ExportDialog", "{done} of {total} members written"))

    def cancel_export(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        self.progress_panel.cancelling(tr("ExportDialog", "Cancelling: removing the "
                                                          "unfinished file…"))

    def _exported(self, result: ExportResult) -> None:
        self._task = None
        self.result = result
        count = (tr("ExportDialog", "1 member was exported to {path}") if result.rows == 1
                 else tr("ExportDialog", "{n} members were exported to {path}"))
        self.done_label.setText(count.format(n=f"{result.rows:,}", path=result.path))
        self.stack.setCurrentIndex(PAGE_DONE)
        self.done_button.setFocus()

    def _failed(self, error: Exception) -> None:
        self._task = None
        self.stack.setCurrentIndex(PAGE_FORM)
        cancelled = isinstance(error, ExportCancelled | TaskCancelled)
        message = ExportCancelled().user_message() if cancelled else error_text(error)
        show_notice(self.notice_label, message, problem=not cancelled)

    def _open_folder(self) -> None:
        if self.result is not None:
            dialogs.open_folder_in_explorer(self.result.path.parent)

    def reject(self) -> None:
        """Esc or close while exporting cancels the export instead; the dialog stays until
        the partial file is gone."""
        if self._task is not None:
            self.cancel_export()
            return
        super().reject()
