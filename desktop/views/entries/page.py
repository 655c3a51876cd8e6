"""The entry points page: channels people join through, their figures, and counter sign-ups."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.coupons import Template, list_templates
from desktop.domain.entry_points import EntryPoint, archive_entry_point, list_entry_points, qr_url
from desktop.domain.entry_stats import (
    DailySignups,
    EntryFigures,
    daily_signups,
    entry_figures,
    figures_of,
)
from desktop.domain.errors import DomainError
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs
from desktop.views.coupons.tables import Row, StatsTable
from desktop.views.entries.counter_dialog import CounterSignupDialog
from desktop.views.entries.detail import EntryDetail
from desktop.views.entries.entry_dialog import EntryDialog, kind_text
from desktop.views.page import Page, PageContext
from desktop.views.widgets import empty_state, label, primary_button

PAGE_LOADING, PAGE_EMPTY, PAGE_LIST = range(3)
CAPPED_COLUMNS = (2, 3)  # auto-tags and welcome coupon: cut long ones so the name keeps room
CAPPED_WIDTH = 150


@dataclass(frozen=True)
class EntriesData:
    """What the page shows, read together on the database thread."""

    entries: list[EntryPoint]
    figures: dict[int, EntryFigures]
    targets: dict[int, str | None]  # what each entry point's QR carries
    templates: list[Template]  # those a welcome coupon can be chosen from
    template_titles: dict[int, str]  # archived ones too, for entry points still naming them


def load_entries_data() -> EntriesData:
    """Entry points in use with their figures and QR targets, and coupon templates."""
    entries = list_entry_points()
    titles = {template.id: template.title for template in list_templates(include_archived=True)}
    return EntriesData(entries, entry_figures(), {entry.id: qr_url(entry) for entry in entries},
                       list_templates(), titles)


def headers() -> list[str]:
    return [tr("EntriesPage", "Entry point"), tr("EntriesPage", "Kind"),
            tr("EntriesPage", "Auto-tags"), tr("EntriesPage", "Welcome coupon"),
            tr("EntriesPage", "Opens"), tr("EntriesPage", "Sign-ups"),
            tr("EntriesPage", "Converted"), tr("EntriesPage", "Rate")]


def entry_row(entry: EntryPoint, figures: EntryFigures, titles: dict[int, str]) -> Row:
    """An entry point's line: name, kind, tags, welcome coupon, then its figures."""
    welcome = titles.get(entry.welcome_template_id, "") if entry.welcome_template_id else ""
    texts = (entry.name, kind_text(entry.kind), "、".join(entry.tags), welcome or "–")
    opens = f"{figures.opens:,}" if entry.kind != "counter" else "–"
    rate = f"{figures.rate:.0%}" if figures.signups else "–"
    return Row(entry.id, (*texts, opens, f"{figures.signups:,}", f"{figures.converted:,}", rate),
               (*texts, figures.opens, figures.signups, figures.converted, figures.rate))


class EntriesPage(Page):
    """Create the channels customers join through and see which of them bring people in."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: EntriesData | None = None
        self._pending = 0  # database answers still to come
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addLayout(self._build_top())
        self.stack = QStackedWidget()
        self.stack.addWidget(label(tr("EntriesPage", "Loading…"), "muted"))
        self.stack.addWidget(self._build_empty_state())
        self.stack.addWidget(self._build_list())
        layout.addWidget(self.stack, 1)

    # -- building -------------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(label(tr("EntriesPage", "Entry points"), "title"))
        self.count_label = label("", "muted")
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.new_button = primary_button(tr("EntriesPage", "New entry point"))
        self.new_button.clicked.connect(self.new_entry)
        top.addWidget(self.new_button)
        return top

    def _build_empty_state(self) -> QWidget:
        self.empty_new_button = primary_button(tr("EntriesPage", "New entry point"))
        self.empty_new_button.clicked.connect(self.new_entry)
        return empty_state(tr("EntriesPage", "No entry points yet"), tr(
            "EntriesPage",
            "An entry point is one way customers join: a QR poster in the window, a table "
            "tent, a link in your WeChat group, an online form, or staff at the counter. "
            "Give each one its own entry point and it can tag new members, hand them a "
            "welcome coupon, and show how many people opened it, signed up and came back "
            "to buy.",
        ), [self.empty_new_button])

    def _build_list(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.table = StatsTable(headers(), tr("EntriesPage", "Entry points"), stretch=0)
        for capped in CAPPED_COLUMNS:
            self.table.horizontalHeader().setSectionResizeMode(
                capped, QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self._entry_chosen)
        self.table.doubleClicked.connect(lambda _index: self.edit_entry())
        column.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.counter_button = QPushButton(tr("EntriesPage", "Counter sign-up…"))
        self.counter_button.clicked.connect(self.counter_signup)
        self.edit_button = QPushButton(tr("EntriesPage", "Edit…"))
        self.edit_button.clicked.connect(self.edit_entry)
        self.archive_button = QPushButton(tr("EntriesPage", "Archive…"))
        self.archive_button.setToolTip(tr("EntriesPage", "Offered no more; its members keep "
                                                         "where they came from"))
        self.archive_button.clicked.connect(self.archive)
        actions.addWidget(self.counter_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.archive_button)
        column.addLayout(actions)
        self.detail = EntryDetail()
        column.addWidget(self.detail)
        self._update_actions()
        return holder

    # -- data -----------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """True while an answer from the database is still to come."""
        return self._pending > 0

    def _ask(self, work, on_done) -> None:
        def done(result) -> None:
            self._pending -= 1
            on_done(result)

        def failed(error: Exception) -> None:
            self._pending -= 1
            self._load_failed(error)

        self._pending += 1
        run_database_task(work, done, failed, owner=self)

    def refresh(self) -> None:
        self._reload_selecting(None)

    def _reload_selecting(self, entry_id: int | None) -> None:
        def loaded(data: EntriesData) -> None:
            self._loaded(data)
            if entry_id is not None:
                self.table.select_id(entry_id)

        self._ask(load_entries_data, loaded)

    def _loaded(self, data: EntriesData) -> None:
        self.data = data
        count = len(data.entries)
        self.count_label.setText(tr("EntriesPage", "1 entry point") if count == 1 else
                                 tr("EntriesPage", "{n} entry points").format(n=count))
        self.count_label.setVisible(bool(count))
        self.table.set_rows([entry_row(entry, figures_of(data.figures, entry.id),
                                       data.template_titles) for entry in data.entries])
        for column in CAPPED_COLUMNS:
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), CAPPED_WIDTH))
        self.stack.setCurrentIndex(PAGE_LIST if count else PAGE_EMPTY)
        if count and self.table.current_id() is None:
            self.table.selectRow(0)  # its selection signal shows the detail
        else:
            self._entry_chosen()

    def _load_failed(self, error: Exception) -> None:
        if not isinstance(error, DomainError):
            raise error
        dialogs.show_error(self, tr("EntriesPage", "The entry points cannot be shown"),
                           error.user_message())

    def selected_entry(self) -> EntryPoint | None:
        chosen = self.table.current_id()
        if self.data is None or chosen is None:
            return None
        return next((entry for entry in self.data.entries if entry.id == chosen), None)

    def _entry_chosen(self) -> None:
        entry = self.selected_entry()
        self._update_actions()
        self.detail.setVisible(entry is not None)
        if entry is None or self.data is None:
            return
        self.detail.show_entry(entry, figures_of(self.data.figures, entry.id),
                               self.data.targets.get(entry.id))
        self.detail.show_series(None)
        entry_id = entry.id
        self._ask(lambda: daily_signups(entry_id),
                  lambda series: self._series_loaded(entry_id, series))

    def _series_loaded(self, entry_id: int, series: DailySignups) -> None:
        if entry_id == self.table.current_id():  # else an answer for an entry no longer chosen
            self.detail.show_series(series)

    def _update_actions(self) -> None:
        entry = self.selected_entry()
        self.edit_button.setEnabled(entry is not None)
        self.archive_button.setEnabled(entry is not None)
        self.counter_button.setEnabled(entry is not None and entry.kind == "counter")
        self.counter_button.setVisible(entry is not None and entry.kind == "counter")

    # -- actions --------------------------------------------------------------------------

    def new_entry(self) -> None:
        """The form for a new entry point; the list shows it selected once saved."""
        self._edit(None)

    def edit_entry(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self._edit(entry)

    def _edit(self, entry: EntryPoint | None) -> None:
        if self.data is None:
            return  # the page has not loaded yet
        dialog = EntryDialog(self.data.templates, entry, self)
        if dialog.exec() and dialog.saved is not None:
            self.context.notify(tr("EntriesPage", "Saved “{name}”").format(
                name=dialog.saved.name))
            self._reload_selecting(dialog.saved.id)

    def counter_signup(self) -> None:
        """Add a customer at the counter through the chosen entry point."""
        entry = self.selected_entry()
        if entry is None or entry.kind != "counter":
            return
        dialog = CounterSignupDialog(entry, self)
        if not dialog.exec() or dialog.signup is None:
            return
        signup = dialog.signup
        name = signup.member.name or signup.member.phone or ""
        if signup.coupon_code:
            dialogs.show_info(self, tr("EntriesPage", "Welcome coupon"), tr(
                "EntriesPage", "{name} has joined. Their welcome coupon code is {code}; it is "
                               "also on their member page.").format(
                name=name, code=signup.coupon_code))
        elif signup.welcome_problem:
            dialogs.show_info(self, tr("EntriesPage", "Welcome coupon"), tr(
                "EntriesPage", "{name} has joined, but no welcome coupon was issued: "
                               "{problem}").format(name=name, problem=signup.welcome_problem))
        else:
            self.context.notify(tr("EntriesPage", "{name} has joined").format(name=name))
        self._reload_selecting(entry.id)

    def archive(self) -> None:
        """Archive the chosen entry point after a confirmation."""
        entry = self.selected_entry()
        if entry is None:
            return
        if not dialogs.confirm(
                self, tr("EntriesPage", "Archive entry point"),
                tr("EntriesPage", "Archive “{name}”? It leaves this list and can no "
                                  "longer be chosen. Members who joined through it keep "
                                  "where they came from.").format(
                    name=entry.name),
                tr("EntriesPage", "Archive")):
            return
        entry_id = entry.id

        def archived(_result) -> None:
            self.context.notify(tr("EntriesPage", "Archived “{name}”").format(name=entry.name))
            self.refresh()

        self._ask(lambda: archive_entry_point(entry_id), archived)
