"""BatchDialog: print a new batch of a template, or an existing batch, as PDF, PNGs or on paper.

The codes are made (or read) on the database thread; the PDF and the PNGs are written on
the file pool with progress and Cancel. The PDF goes to NAME.partial first, so a cancelled
run leaves no file; the coupons of a new batch stay stored and can be printed again from
the batch list.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.coupon_issuing import MAX_BATCH, generate_batch
from desktop.domain.coupons import Template
from desktop.domain.file_names import safe_file_stem
from desktop.i18n import tr
from desktop.printing import coupon_sheets
from desktop.printing.batch_cards import batch_cards
from desktop.printing.coupon_card import CouponCard
from desktop.tasks.background import (
    TaskCancelled,
    TaskHandle,
    file_pool,
    run_database_task,
    run_long_task,
)
from desktop.views import dialogs
from desktop.views.members.action_dialog import plain_label
from desktop.views.members.export_dialog import export_folder
from desktop.views.members.task_progress import (
    DonePanel,
    ProgressPanel,
    error_text,
    show_notice,
)
from desktop.views.widgets import FieldError, label, primary_button

PAGE_FORM, PAGE_PROGRESS, PAGE_DONE = range(3)
PDF, PNGS, PAPER = "pdf", "pngs", "paper"
PNG_CHUNK = 10  # cards per write_pngs call: progress and Cancel between chunks
DEFAULT_COUNT = 50


@dataclass(frozen=True)
class BatchOutput:
    """What one run wrote: a PDF's pages, PNG files, or a printout; where to."""

    kind: str  # PDF, PNGS or PAPER
    path: Path | None
    pages: int = 0
    files: int = 0


class BatchDialog(QDialog):
    """Count and sheet layout (for a new batch), then Save PDF…, Save PNGs… or Print….

    `batch_id` is the batch printed (the new one once made); `outputs` what was written.
    """

    def __init__(self, template: Template, batch_id: int | None = None,
                 coupons: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.batch_id = batch_id
        self.outputs: list[BatchOutput] = []
        self._cards: list[CouponCard] | None = None
        self._task: TaskHandle | None = None
        self._busy = False
        self._writing = PDF  # what the running (or last) write makes
        self.setWindowTitle(tr("BatchDialog", "Print coupons"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_form(coupons))
        self.progress_panel = ProgressPanel(
            tr("BatchDialog", "Writing the coupons"),
            tr("BatchDialog", "Cancel stops writing; no unfinished file is left behind."),
            tr("BatchDialog", "Cancel"))
        self.progress_panel.cancel_requested.connect(self.cancel_writing)
        self.stack.addWidget(self.progress_panel)
        self.stack.addWidget(self._build_done())
        layout.addWidget(self.stack)

    # -- building -------------------------------------------------------------------------

    def _build_form(self, coupons: int) -> QWidget:
        page = QWidget()
        form = QVBoxLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(10)
        form.addWidget(plain_label(self.template.title, "heading", wrap=True))
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, MAX_BATCH)
        self.count_spin.setValue(DEFAULT_COUNT)
        self.count_spin.setGroupSeparatorShown(True)
        self.count_spin.setMinimumWidth(130)
        self.count_spin.setAccessibleName(tr("BatchDialog", "How many coupons"))
        if self.batch_id is None:
            form.addWidget(label(tr("BatchDialog", "A new batch: each coupon gets its own "
                                                   "code, held by no member until handed "
                                                   "out."), "muted", wrap=True))
            row = QHBoxLayout()
            row.addWidget(label(tr("BatchDialog", "How many coupons")))
            row.addWidget(self.count_spin)
            row.addStretch(1)
            form.addLayout(row)
        else:
            text = tr("BatchDialog", "Batch {batch}: {n} coupons, printed again with the "
                                     "same codes.")
            form.addWidget(label(text.format(batch=self.batch_id, n=f"{coupons:,}"),
                                 "muted", wrap=True))
        self.count_error = FieldError()
        form.addWidget(self.count_error)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(label(tr("BatchDialog", "On each A4 sheet")))
        self.per_page_group = QButtonGroup(self)
        for per_page in (8, 10):
            button = QRadioButton(tr("BatchDialog", "{n} coupons").format(n=per_page))
            self.per_page_group.addButton(button, per_page)
            sheet_row.addWidget(button)
        self.per_page_group.button(8).setChecked(True)
        sheet_row.addStretch(1)
        form.addLayout(sheet_row)
        self.notice_label = plain_label("", "error", wrap=True)
        self.notice_label.hide()
        form.addWidget(self.notice_label)
        form.addStretch(1)
        buttons = QHBoxLayout()
        close = QPushButton(tr("BatchDialog", "Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        buttons.addStretch(1)
        self.print_button = QPushButton(tr("BatchDialog", "Print…"))
        self.print_button.setToolTip(tr("BatchDialog", "The system print dialog, with a "
                                                       "preview"))
        self.print_button.clicked.connect(self.print_sheets)
        self.png_button = QPushButton(tr("BatchDialog", "Save PNGs…"))
        self.png_button.setToolTip(tr("BatchDialog", "One picture per coupon, to send "
                                                     "over WeChat"))
        self.png_button.clicked.connect(self.save_pngs)
        self.pdf_button = primary_button(tr("BatchDialog", "Save PDF…"))
        self.pdf_button.setDefault(True)
        self.pdf_button.clicked.connect(self.save_pdf)
        for button in (self.print_button, self.png_button, self.pdf_button):
            buttons.addWidget(button)
        form.addLayout(buttons)
        return page

    def _build_done(self) -> QWidget:
        again = QPushButton(tr("BatchDialog", "Another format…"))
        again.clicked.connect(lambda: self.stack.setCurrentIndex(PAGE_FORM))
        panel = DonePanel(tr("BatchDialog", "The coupons are ready"), tr("BatchDialog", "Done"),
                          extra=(again,))
        self.done_label = panel.text_label
        self.open_folder_button = panel.open_folder_button
        self.open_folder_button.clicked.connect(self._open_folder)
        self.done_button = panel.done_button
        self.done_button.clicked.connect(self.accept)
        return panel

    # -- choosing -------------------------------------------------------------------------

    def per_page(self) -> int:
        return self.per_page_group.checkedId()

    def suggested_name(self) -> str:
        """'周末券-2026-11-23': the template and the day, safe as a Windows file name."""
        return safe_file_stem(f"{self.template.title}-{dt.date.today().isoformat()}")

    def save_pdf(self) -> None:
        path = dialogs.choose_save_file(
            self, tr("BatchDialog", "Save the coupon sheets as"),
            str(export_folder() / f"{self.suggested_name()}.pdf"),
            tr("BatchDialog", "PDF document (*.pdf)"))
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        per_page = self.per_page()
        self._with_cards(lambda cards: self._write(
            PDF, path, lambda progress, cancelled: coupon_sheets.write_pdf(
                cards, path, per_page, progress, cancelled)))

    def save_pngs(self) -> None:
        folder = dialogs.choose_directory(self, tr("BatchDialog", "Save one PNG per coupon in"),
                                          str(export_folder()))
        if folder is None:
            return
        self._with_cards(lambda cards: self._write(
            PNGS, folder, lambda progress, cancelled: _write_pngs(
                cards, folder, progress, cancelled)))

    def print_sheets(self) -> None:
        per_page = self.per_page()

        def printed(cards: list[CouponCard]) -> None:
            self._set_busy(False)
            if coupon_sheets.print_with_preview(self, cards, per_page):
                self.outputs.append(BatchOutput(PAPER, None, coupon_sheets.page_count(
                    len(cards), per_page)))

        self._with_cards(printed)

    # -- working --------------------------------------------------------------------------

    def _with_cards(self, then) -> None:
        """Call `then(cards)` with the batch's cards, making the batch first if it is new."""
        if self._cards is not None:
            then(self._cards)
            return
        self.count_error.clear_problem()
        self.notice_label.hide()
        self._set_busy(True)
        template_id, batch_id, count = self.template.id, self.batch_id, self.count_spin.value()

        def work() -> tuple[int, list[CouponCard]]:
            made = batch_id or generate_batch(template_id, count).batch_id
            return made, batch_cards(str(made))

        def ready(result: tuple[int, list[CouponCard]]) -> None:
            self.batch_id, self._cards = result
            self.count_spin.setEnabled(False)  # the batch exists: its size is settled
            then(self._cards)

        run_database_task(work, ready, self._failed, owner=self)

    def _write(self, kind: str, target: Path, work) -> None:
        self._writing = kind
        self._set_busy(True)
        self.stack.setCurrentIndex(PAGE_PROGRESS)
        self.progress_panel.start(tr("BatchDialog", "Writing {name}…").format(name=target.name))

        def written(result) -> None:
            self._task = None
            self._set_busy(False)
            if getattr(result, "cancelled", False):
                self._failed(TaskCancelled())
                return
            output = (BatchOutput(PDF, result.path, pages=result.pages) if kind == PDF
                      else BatchOutput(PNGS, target, files=len(result)))
            self.outputs.append(output)
            self._show_done(output)

        self._task = run_long_task(work, self._progressed, written, self._failed, owner=self,
                                   pool=file_pool())

    def _progressed(self, done: int, total: int) -> None:
        if self._task is not None and not self._task.is_cancelled():
            self.progress_panel.show_progress(done, total, tr("BatchDialog",
                                                              "{done} of {total} written"))

    def cancel_writing(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        self.progress_panel.cancelling(tr("BatchDialog", "Cancelling: removing the "
                                                         "unfinished file…"))

    def _show_done(self, output: BatchOutput) -> None:
        if output.kind == PDF:
            text = tr("BatchDialog", "{pages} pages were saved to {path}").format(
                pages=output.pages, path=output.path)
        else:
            text = tr("BatchDialog", "{n} pictures were saved in {path}").format(
                n=f"{output.files:,}", path=output.path)
        self.done_label.setText(text)
        self.stack.setCurrentIndex(PAGE_DONE)
        self.done_button.setFocus()

    def _failed(self, error: Exception) -> None:
        self._task = None
        self._set_busy(False)
        self.stack.setCurrentIndex(PAGE_FORM)
        if isinstance(error, TaskCancelled):
            message = (tr("BatchDialog", "Cancelled: the pictures written so far stay in the "
                                         "folder. The coupons stay in batch {batch}.")
                       if self._writing == PNGS else
                       tr("BatchDialog", "Cancelled: no file was written. The coupons stay "
                                         "in batch {batch}; print them from the batch list."))
            show_notice(self.notice_label, message.format(batch=self.batch_id), problem=False)
            return
        show_notice(self.notice_label, error_text(error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.pdf_button, self.png_button, self.print_button):
            button.setEnabled(not busy)

    def _open_folder(self) -> None:
        if self.outputs and self.outputs[-1].path is not None:
            path = self.outputs[-1].path
            dialogs.open_folder_in_explorer(path.parent if path.suffix else path)

    def reject(self) -> None:
        """Esc while writing cancels the writing; the dialog stays until it has stopped."""
        if self._task is not None:
            self.cancel_writing()
            return
        if self._busy:
            return
        super().reject()


def _write_pngs(cards: list[CouponCard], folder: Path, progress, cancelled) -> list[Path]:
    """write_pngs in chunks, reporting between them; stops (keeping what is written) on
    Cancel, since each picture is complete on its own."""
    written: list[Path] = []
    for start in range(0, len(cards), PNG_CHUNK):
        if cancelled():
            raise TaskCancelled()
        written += coupon_sheets.write_pngs(cards[start:start + PNG_CHUNK], folder)
        progress(len(written), len(cards))
    return written
