"""The coupons page: templates with their stats, a template's batches, and what to do with them."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.coupon_stats import BatchStats, CouponStats, batch_stats, template_stats
from desktop.domain.coupons import Template, archive_template, list_templates
from desktop.domain.errors import DomainError
from desktop.domain.store import StoreProfile, get_store_profile
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs
from desktop.views.coupons.batch_dialog import BatchDialog
from desktop.views.coupons.designer import DesignerDialog
from desktop.views.coupons.issue_dialog import IssueDialog
from desktop.views.coupons.tables import (
    StatsTable,
    batch_headers,
    batch_row,
    template_headers,
    template_row,
)
from desktop.views.members.action_dialog import plain_label
from desktop.views.page import Page, PageContext
from desktop.views.widgets import empty_state, label, primary_button

PAGE_LOADING, PAGE_EMPTY, PAGE_LIST = range(3)


@dataclass(frozen=True)
class CouponsData:
    """What the page shows, read together on the database thread."""

    templates: list[Template]
    stats: dict[int, CouponStats]
    profile: StoreProfile


def load_coupons_data() -> CouponsData:
    """Templates in use, their stats and the store profile (database thread)."""
    stats = {row.id: row for row in template_stats(include_archived=False)}
    return CouponsData(list_templates(), stats, get_store_profile())


class CouponsPage(Page):
    """Design coupons, print them in batches, issue them to segments, see how they do."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: CouponsData | None = None
        self.batches: list[BatchStats] = []
        self.loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addLayout(self._build_top())
        self.stack = QStackedWidget()
        self.stack.addWidget(label(tr("CouponsPage", "Loading…"), "muted"))
        self.stack.addWidget(self._build_empty_state())
        self.stack.addWidget(self._build_lists())
        layout.addWidget(self.stack, 1)

    # -- building -------------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(label(tr("CouponsPage", "Coupons"), "title"))
        self.count_label = label("", "muted")
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.new_button = primary_button(tr("CouponsPage", "New coupon"))
        self.new_button.clicked.connect(self.new_template)
        top.addWidget(self.new_button)
        return top

    def _build_empty_state(self) -> QWidget:
        self.empty_new_button = primary_button(tr("CouponsPage", "New coupon"))
        self.empty_new_button.clicked.connect(self.new_template)
        return empty_state(tr("CouponsPage", "No coupons yet"), tr(
            "CouponsPage",
            "Coupons bring customers back: ¥20 off a spend of ¥100, 10% off, a free drink. "
            "Design one here, print a sheet to hand out at the counter or send pictures over "
            "WeChat, or give one to every member of a segment, such as sleeping customers. "
            "Each coupon has its own code that the redemption desk checks, and you see how "
            "many came back and what they brought in.",
        ), [self.empty_new_button])

    def _build_lists(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 8)
        column.setSpacing(8)
        self.templates_table = StatsTable(template_headers(), tr("CouponsPage", "Coupons"),
                                          stretch=1)
        self.templates_table.itemSelectionChanged.connect(self._template_chosen)
        self.templates_table.doubleClicked.connect(lambda _index: self.edit_template())
        column.addWidget(self.templates_table, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.print_button = primary_button(tr("CouponsPage", "Print a batch…"))
        self.print_button.clicked.connect(self.print_batch)
        self.issue_button = QPushButton(tr("CouponsPage", "Issue to a segment…"))
        self.issue_button.clicked.connect(self.issue_to_segment)
        self.edit_button = QPushButton(tr("CouponsPage", "Edit…"))
        self.edit_button.clicked.connect(self.edit_template)
        self.archive_button = QPushButton(tr("CouponsPage", "Archive…"))
        self.archive_button.setToolTip(tr("CouponsPage", "No new coupons from it; those "
                                                         "already out stay valid"))
        self.archive_button.clicked.connect(self.archive)
        for button in (self.print_button, self.issue_button, self.edit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.archive_button)
        column.addLayout(actions)
        splitter.addWidget(top)

        bottom = QWidget()
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(8)
        self.batches_title = plain_label("", "heading")
        column.addWidget(self.batches_title)
        self.batches_table = StatsTable(batch_headers(), tr("CouponsPage", "Batches"),
                                        stretch=1)
        self.batches_table.itemSelectionChanged.connect(self._update_actions)
        self.batches_table.doubleClicked.connect(lambda _index: self.reprint_batch())
        column.addWidget(self.batches_table, 1)
        batch_actions = QHBoxLayout()
        self.reprint_button = QPushButton(tr("CouponsPage", "Print this batch again…"))
        self.reprint_button.clicked.connect(self.reprint_batch)
        batch_actions.addWidget(self.reprint_button)
        batch_actions.addStretch(1)
        column.addLayout(batch_actions)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self._update_actions()
        return splitter

    # -- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.loading = True
        run_database_task(load_coupons_data, self._loaded, self._load_failed, owner=self)

    def _loaded(self, data: CouponsData) -> None:
        self.loading = False
        self.data = data
        count = len(data.templates)
        self.count_label.setText(tr("CouponsPage", "1 coupon in use") if count == 1 else
                                 tr("CouponsPage", "{n} coupons in use").format(n=count))
        self.count_label.setVisible(bool(count))
        self.templates_table.set_rows([template_row(template, data.stats.get(template.id))
                                       for template in data.templates])
        self.stack.setCurrentIndex(PAGE_LIST if count else PAGE_EMPTY)
        if count and self.templates_table.current_id() is None:
            self.templates_table.selectRow(0)
        # Each change of selection above has asked for the chosen template's batches.
        self._update_actions()

    def _load_failed(self, error: Exception) -> None:
        self.loading = False
        if not isinstance(error, DomainError):
            raise error
        dialogs.show_error(self, tr("CouponsPage", "The coupons cannot be shown"),
                           error.user_message())

    def selected_template(self) -> Template | None:
        chosen = self.templates_table.current_id()
        if self.data is None or chosen is None:
            return None
        return next((t for t in self.data.templates if t.id == chosen), None)

    def _template_chosen(self) -> None:
        template = self.selected_template()
        self._update_actions()
        if template is None:
            self.batches_title.setText("")
            self.batches_table.set_rows([])
            return
        self.batches_title.setText(tr("CouponsPage", "Batches of “{title}”").format(
            title=template.title))
        template_id = template.id
        run_database_task(lambda: batch_stats(template_id),
                          lambda batches: self._batches_loaded(template_id, batches),
                          self._load_failed, owner=self)

    def _batches_loaded(self, template_id: int, batches: list[BatchStats]) -> None:
        if template_id != self.templates_table.current_id():
            return  # an answer for a template no longer chosen
        self.batches = batches
        self.batches_table.set_rows([batch_row(batch) for batch in batches])
        if batches and self.batches_table.current_id() is None:
            self.batches_table.selectRow(0)
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.templates_table.current_id() is not None
        for button in (self.print_button, self.issue_button, self.edit_button,
                       self.archive_button):
            button.setEnabled(chosen)
        self.reprint_button.setEnabled(self.batches_table.current_id() is not None)

    # -- actions --------------------------------------------------------------------------

    def _profile(self) -> StoreProfile | None:
        return self.data.profile if self.data is not None else None

    def new_template(self) -> None:
        """The designer for a new coupon; the list shows it selected once saved."""
        self._design(None)

    def edit_template(self) -> None:
        template = self.selected_template()
        if template is not None:
            self._design(template)

    def _design(self, template: Template | None) -> None:
        profile = self._profile()
        if profile is None:
            return  # the page has not loaded yet
        dialog = DesignerDialog(profile, template, self)
        if dialog.exec() and dialog.saved is not None:
            self.context.notify(tr("CouponsPage", "Saved “{title}”").format(
                title=dialog.saved.title))
            self._reload_selecting(dialog.saved.id)

    def _reload_selecting(self, template_id: int) -> None:
        def loaded(data: CouponsData) -> None:
            self._loaded(data)
            self.templates_table.select_id(template_id)

        self.loading = True
        run_database_task(load_coupons_data, loaded, self._load_failed, owner=self)

    def print_batch(self) -> None:
        """Make a new printed batch of the chosen template and save or print it."""
        template = self.selected_template()
        if template is not None:
            BatchDialog(template, parent=self).exec()
            self.refresh()

    def reprint_batch(self) -> None:
        """The chosen batch's coupons, same codes, to PDF, PNGs or paper."""
        template = self.selected_template()
        batch_id = self.batches_table.current_id()
        batch = next((b for b in self.batches if b.id == batch_id), None)
        if template is not None and batch is not None:
            BatchDialog(template, batch.id, batch.issued, parent=self).exec()

    def issue_to_segment(self) -> None:
        template = self.selected_template()
        if template is None:
            return
        dialog = IssueDialog(template, self)
        dialog.exec()
        if dialog.result is not None:
            issued = dialog.result.issued
            text = (tr("CouponsPage", "1 coupon was issued") if issued == 1 else
                    tr("CouponsPage", "{n} coupons were issued").format(n=f"{issued:,}"))
            self.context.notify(text)
            self.refresh()

    def archive(self) -> None:
        """Archive the chosen template after a confirmation."""
        template = self.selected_template()
        if template is None:
            return
        if not dialogs.confirm(
                self, tr("CouponsPage", "Archive coupon"),
                tr("CouponsPage", "Archive “{title}”? No new coupons can be made from it. "
                                  "Coupons already handed out stay valid and can still be "
                                  "redeemed.").format(title=template.title),
                tr("CouponsPage", "Archive")):
            return
        template_id = template.id

        def archived(_result) -> None:
            self.context.notify(tr("CouponsPage", "Archived “{title}”").format(
                title=template.title))
            self.refresh()

        run_database_task(lambda: archive_template(template_id), archived,
                          self._load_failed, owner=self)
