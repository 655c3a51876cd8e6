"""ImportWizard: a member list from Excel, WPS or another program, checked before it is written.

Choose a file (or drop it) → check the column mapping, what the import will do, the duplicate
policy and every problem → import, with progress and a Cancel that rolls everything back →
the result, the rejected rows saved as an .xlsx beside the file. Files are read on the file
thread and the members planned and written on the database thread: the window stays live.
Every answer from a thread is matched against the newest request, so a slow read that was
superseded (another mapping, another sheet) can never overwrite what the user sees.
"""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.imports import ColumnMapping
from desktop.domain.member_import import (
    ImportCancelled,
    ImportPlan,
    ImportResult,
    apply_import,
    plan_import,
)
from desktop.domain.member_import_rejects import write_rejects
from desktop.domain.member_import_review import (
    LoadedFile,
    call_with_progress,
    import_issues,
    load_member_file,
    rejects_path,
)
from desktop.i18n import tr
from desktop.tasks.background import TaskCancelled, TaskHandle, file_pool, run_long_task
from desktop.views import dialogs
from desktop.views.members.import_steps import CheckPage, ChoosePage, ResultPage, StepBar
from desktop.views.members.task_progress import ProgressPanel, error_text
from desktop.views.widgets import label, primary_button

STEP_CHOOSE, STEP_CHECK, STEP_IMPORT, STEP_DONE = range(4)


def file_filter() -> str:
    """The open dialog's filter: every kind of file the import reads."""
    return tr("ImportWizard", "Member lists (*.xlsx *.xls *.ods *.csv *.txt);;All files (*)")


class ImportWizard(QDialog):
    """Import a member list in four steps; after exec(), `result` holds what was imported."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ImportWizard", "Import members"))
        self.setAcceptDrops(True)
        # Roomy, but never taller than a 1080p laptop at 150 % (720 logical pixels); below
        # the minimum the four counts and the field combos would clip.
        self.setMinimumSize(900, 560)
        room = self.screen().availableGeometry()
        self.resize(min(1080, room.width() - 40), min(740, room.height() - 40))
        # Shadows QDialog.result() on purpose: the members page reads it after exec().
        self.result: ImportResult | None = None
        self.loaded: LoadedFile | None = None
        self.plan: ImportPlan | None = None
        self.rejects_file: Path | None = None
        self._request = 0  # the newest read or plan; answers to older ones are dropped
        self._reading: TaskHandle | None = None
        self._importing: TaskHandle | None = None
        self._updating = False  # the preview is being read or planned again

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(12)
        self.steps = StepBar()
        layout.addWidget(self.steps)
        self.stack = QStackedWidget()
        self.choose_page = ChoosePage()
        self.check_page = CheckPage()
        self.progress_panel = ProgressPanel(
            tr("ImportWizard", "Importing members"),
            tr("ImportWizard", "Cancel undoes the whole import: no member is added or "
                               "changed."),
            tr("ImportWizard", "Cancel import"))
        self.result_page = ResultPage()
        for page in (self.choose_page, self.check_page, self.progress_panel, self.result_page):
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.backup_note = label(tr("ImportWizard", "A backup of the database is made before "
                                                    "anything is written."), "muted")
        buttons.addWidget(self.backup_note)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("ImportWizard", "Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.import_button = primary_button(tr("ImportWizard", "Import"))
        self.import_button.clicked.connect(self.start_import)
        self.done_button = primary_button(tr("ImportWizard", "Done"))
        self.done_button.clicked.connect(self.accept)
        for button in (self.cancel_button, self.import_button, self.done_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.choose_page.choose_clicked.connect(self.choose_file)
        self.choose_page.cancel_clicked.connect(self.stop_reading)
        self.check_page.other_file_button.clicked.connect(self.choose_file)
        self.check_page.sheet_combo.activated.connect(self._sheet_chosen)
        self.check_page.mapping_editor.mapping_changed.connect(self._mapping_changed)
        self.check_page.preview.policy_changed.connect(lambda _policy: self._plan())
        self.progress_panel.cancel_requested.connect(self.cancel_import)
        self.result_page.open_rejects_folder.connect(self._open_rejects_folder)
        self.result_page.save_rejects_elsewhere.connect(self._save_rejects_elsewhere)
        self._set_step(STEP_CHOOSE)
        if path is not None:
            self.open_file(Path(path))

    # -- steps --------------------------------------------------------------------------------

    def step(self) -> int:
        return self.stack.currentIndex()

    def _set_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.steps.set_step(step)
        self.cancel_button.setVisible(step in (STEP_CHOOSE, STEP_CHECK))
        self.import_button.setVisible(step == STEP_CHECK)
        self.backup_note.setVisible(step == STEP_CHECK)
        self.done_button.setVisible(step == STEP_DONE)
        self._update_import_button()
        if step == STEP_DONE:
            self.done_button.setDefault(True)
            self.done_button.setFocus()

    def _update_import_button(self) -> None:
        plan = self.plan
        ready = (self.step() == STEP_CHECK and plan is not None and not self.busy()
                 and plan.imported + len(plan.updates) > 0)
        self.import_button.setEnabled(ready)
        self.import_button.setDefault(ready)

    def busy(self) -> bool:
        """True while the preview is being brought up to date (Import waits for it)."""
        return self._updating

    # -- step 1 and 2: reading the file -------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a file to import and read it."""
        directory = str(self.loaded.path.parent) if self.loaded else ""
        path = dialogs.choose_open_file(self, tr("ImportWizard", "Choose the member list"),
                                        file_filter(), directory)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        """Read a new file from scratch (step 1 shows the reading, then step 2 the preview)."""
        self.loaded, self.plan = None, None
        self.check_page.show_notice("")
        self._set_step(STEP_CHOOSE)
        self.choose_page.set_reading(path)
        self._read(path)

    def _read(self, path: Path, sheet: str | None = None, mapping: ColumnMapping | None = None,
              same_sheet: bool = False) -> None:
        request = self._next_request()
        columns = self.loaded.columns if same_sheet and self.loaded else None
        first = self.loaded is None

        def work(progress, cancelled) -> tuple[LoadedFile, list]:
            loaded = load_member_file(path, sheet, mapping, columns, progress=progress,
                                      cancel=cancelled)
            issues = import_issues(loaded.preview, None) if loaded.preview.problems else None
            return loaded, issues

        def progressed(done: int, total: int) -> None:
            if request == self._request and first:
                self.choose_page.show_progress(done, total)

        if not first:
            self._set_busy(True)
        self._reading = run_long_task(
            work, progressed, lambda answer: self._read_done(request, *answer),
            lambda error: self._read_failed(request, error, first), owner=self,
            pool=file_pool())

    def _next_request(self) -> int:
        self._request += 1
        if self._reading is not None:
            self._reading.cancel()
        return self._request

    def stop_reading(self) -> None:
        """Step 1's Stop: forget the file being read."""
        self._next_request()
        self.choose_page.set_idle()

    def _read_done(self, request: int, loaded: LoadedFile, issues: list | None) -> None:
        if request != self._request:
            return
        same_sheet = (self.loaded is not None and self.loaded.columns is loaded.columns)
        self.loaded = loaded
        self.check_page.show_file(loaded)
        if not same_sheet:
            self.check_page.mapping_editor.set_columns(loaded.columns, loaded.preview.mapping)
        self._set_step(STEP_CHECK)
        if issues is not None:  # the file cannot be planned until a column is chosen
            self.plan = None
            self._set_busy(False)
            self.check_page.preview.show_plan(None, issues, loaded.preview.problems)
            self._update_import_button()
            return
        self._plan()

    def _read_failed(self, request: int, error: Exception, first: bool) -> None:
        if request != self._request or isinstance(error, TaskCancelled):
            return
        message = error_text(error)
        if first:
            self.choose_page.set_idle(message)
            return
        self.plan = None
        self._set_busy(False)
        self.check_page.preview.show_plan(None, [], [message])
        self._update_import_button()

    def _sheet_chosen(self, _index: int) -> None:
        if self.loaded is not None:
            self.check_page.show_notice("")
            self._read(self.loaded.path, self.check_page.sheet_combo.currentText())

    def _mapping_changed(self, mapping: ColumnMapping) -> None:
        if self.loaded is not None:
            self.check_page.show_notice("")
            self._read(self.loaded.path, self.loaded.preview.sheet, mapping, same_sheet=True)

    def _set_busy(self, busy: bool) -> None:
        self._updating = busy
        self.check_page.set_busy(busy)
        self._update_import_button()

    # -- step 2: planning ---------------------------------------------------------------------

    def _plan(self) -> None:
        """Work out, against the members as they are now, what the import would do."""
        if self.loaded is None or self.loaded.preview.problems:
            return
        request = self._next_request()
        preview, path = self.loaded.preview, self.loaded.path
        policy = self.check_page.preview.policy()

        def work(progress, cancelled) -> tuple[ImportPlan, list]:
            plan = call_with_progress(plan_import, preview, policy, source=path,
                                      progress=progress, cancel=cancelled)
            return plan, import_issues(preview, plan)

        def failed(error: Exception) -> None:
            if request == self._request:
                self._read_failed(request, error, first=False)

        self._set_busy(True)
        run_long_task(work, None, lambda answer: self._planned(request, *answer), failed,
                      owner=self)

    def _planned(self, request: int, plan: ImportPlan, issues: list) -> None:
        if request != self._request:
            return
        self.plan = plan
        self._set_busy(False)
        self.check_page.preview.show_plan(plan, issues, [])
        self._update_import_button()

    # -- step 3: importing --------------------------------------------------------------------

    def start_import(self) -> None:
        """Plan once more against the members as they are now, then write it all at once."""
        if self.loaded is None or self.plan is None or self.busy():
            return
        preview, path = self.loaded.preview, self.loaded.path
        policy = self.plan.on_duplicate
        self._set_step(STEP_IMPORT)
        self.progress_panel.start(tr("ImportWizard", "Checking the members and making a "
                                                     "backup…"))

        def work(progress, cancelled) -> tuple[ImportPlan, ImportResult]:
            plan = call_with_progress(plan_import, preview, policy, source=path,
                                      cancel=cancelled)
            if cancelled():
                raise ImportCancelled()
            return plan, apply_import(plan, path.name, progress=progress, cancel=cancelled)

        self._importing = run_long_task(work, self._import_progress,
                                        lambda answer: self._imported(*answer),
                                        self._import_failed, owner=self)

    def _import_progress(self, done: int, total: int) -> None:
        if self._importing is not None and not self._importing.is_cancelled():
            self.progress_panel.set_status(tr("ImportWizard", "Writing the members…"))
            self.progress_panel.show_progress(done, total, tr(
                "ImportWizard", "{done} of {total} members written"))

    def cancel_import(self) -> None:
        """Ask the import to stop; it rolls back, then the check step shows again."""
        if self._importing is None:
            return
        self._importing.cancel()
        self.progress_panel.cancelling(tr("ImportWizard", "Cancelling: undoing everything "
                                                          "written so far…"))

    def _imported(self, plan: ImportPlan, result: ImportResult) -> None:
        self._importing = None
        self.plan, self.result = plan, result
        self.result_page.show_result(result)
        self._set_step(STEP_DONE)
        if result.rejected:
            self._save_rejects(rejects_path(self.loaded.path))

    def _import_failed(self, error: Exception) -> None:
        self._importing = None
        self._set_step(STEP_CHECK)
        if isinstance(error, TaskCancelled):
            error = ImportCancelled()
        self.check_page.show_notice(error_text(error),
                                    problem=not isinstance(error, ImportCancelled))
        self._plan()  # the members may have changed meanwhile: show what an import does now

    # -- step 4: the rejected rows ------------------------------------------------------------

    def _save_rejects(self, target: Path) -> None:
        loaded, rejected = self.loaded, list(self.result.rejected)
        self.result_page.rejects_saving()

        def work(_progress, _cancelled) -> Path:
            return write_rejects(target, loaded.path, loaded.preview, rejected)

        def saved(path: Path) -> None:
            self.rejects_file = path
            self.result_page.rejects_saved(path)

        def failed(error: Exception) -> None:
            self.result_page.rejects_failed(error_text(error))

        run_long_task(work, None, saved, failed, owner=self, pool=file_pool())

    def _open_rejects_folder(self) -> None:
        if self.rejects_file is not None:
            dialogs.open_folder_in_explorer(self.rejects_file.parent)

    def _save_rejects_elsewhere(self) -> None:
        suggested = self.rejects_file or rejects_path(self.loaded.path)
        target = dialogs.choose_save_file(
            self, tr("ImportWizard", "Save the rows that were not imported"), str(suggested),
            tr("ImportWizard", "Excel workbook (*.xlsx)"))
        if target is not None:
            self._save_rejects(target.with_suffix(".xlsx"))

    # -- closing and dropping -----------------------------------------------------------------

    def reject(self) -> None:
        """Esc, Cancel or the close button: during the import it cancels (and rolls back)
        instead, so the window never closes on a half-written import."""
        if self._importing is not None:
            self.cancel_import()
            return
        self._next_request()
        super().reject()

    def dragEnterEvent(self, event) -> None:
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()
            self.choose_page.set_dragging(True)

    def dragLeaveEvent(self, event) -> None:
        self.choose_page.set_dragging(False)

    def dropEvent(self, event) -> None:
        self.choose_page.set_dragging(False)
        path = self._dropped_path(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    def _dropped_path(self, event) -> Path | None:
        """The one local file being dropped, while a file may still be chosen."""
        if self.step() not in (STEP_CHOOSE, STEP_CHECK):
            return None
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        return Path(urls[0].toLocalFile())

