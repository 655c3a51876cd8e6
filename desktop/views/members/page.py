"""The members page: lists and segments, filters, a windowed table, the detail panel, actions."""

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.member_listing import count_matching, member_line
from desktop.domain.member_query import FilterChoices, MemberFilter, filter_choices
from desktop.domain.members import MemberRecord, get_member
from desktop.domain.segments import SegmentCounts, segment_counts
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs
from desktop.views.members import actions
from desktop.views.members.detail_panel import MemberDetailPanel
from desktop.views.members.export_dialog import ExportDialog
from desktop.views.members.import_wizard import ImportWizard
from desktop.views.members.issue_dialog import issue_coupon_dialog
from desktop.views.members.member_dialog import MemberDialog
from desktop.views.members.model import MemberTableModel
from desktop.views.members.segment_list import ALL_MEMBERS, SegmentList
from desktop.views.members.selection_bar import SelectionBar
from desktop.views.members.table import MembersTable
from desktop.views.page import Page, PageContext
from desktop.views.widgets import empty_state, label, primary_button

SEARCH_DELAY_MS = 200  # long enough to skip the keystrokes in between, short enough to feel live
# How long showing the page waits for its first rows: an indexed page of a million members
# comes in a few milliseconds and paints with the page; a slow server is not waited for.
FIRST_PAGE_WAIT_MS = 40
PAGE_EMPTY, PAGE_TABLE, PAGE_NO_MATCH = range(3)


class MembersPage(Page):
    """Find members by phone, name or pinyin initials, in lists and segments; act on them."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.counts: SegmentCounts | None = None  # counted on the database thread
        self.list_count: int | None = None  # the current list's count, when it has one
        self._count_generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addLayout(self._build_top())
        layout.addLayout(self._build_filters())

        body = QHBoxLayout()
        body.setSpacing(16)
        self.segment_list = SegmentList()
        self.segment_list.segment_chosen.connect(lambda _key: self.apply_filters())
        body.addWidget(self.segment_list)
        self.model = MemberTableModel(self)
        self.table = MembersTable(self.model)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_empty_state())
        self.stack.addWidget(self._build_list())
        self.no_match_label = label("", "muted", wrap=True)
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)  # the query is user text
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.no_match_label)
        self._detail: MemberDetailPanel | None = None  # built when a member is first chosen
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        body.addWidget(self.splitter, 1)
        layout.addLayout(body, 1)

        self.model.page_loaded.connect(self._update_state)
        self.model.modelReset.connect(self._update_state)
        # A reset forgets the selection without a selectionChanged signal.
        self.model.modelReset.connect(lambda: self.selection_bar.show_selection(0))
        self.model.load_failed.connect(self._load_failed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    # -- building -------------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(label(tr("MembersPage", "Members"), "title"))
        self.count_label = label("", "muted")
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.import_button = QPushButton(tr("MembersPage", "Import Excel…"))
        self.import_button.clicked.connect(self.import_members)
        self.export_button = QPushButton(tr("MembersPage", "Export…"))
        self.export_button.setToolTip(tr("MembersPage", "Save this list as Excel or CSV"))
        self.export_button.clicked.connect(self.export_list)
        self.add_button = primary_button(tr("MembersPage", "Add member"))
        self.add_button.clicked.connect(self.add_member)
        for button in (self.import_button, self.export_button, self.add_button):
            top.addWidget(button)
        return top

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            tr("MembersPage", "Search by phone, name or pinyin initials (zs finds 张三)"))
        self.search_edit.setAccessibleName(tr("MembersPage", "Search members"))
        self.search_edit.setMinimumWidth(300)
        self.search_edit.setMaximumWidth(520)
        row.addWidget(self.search_edit, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.run_search)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        self.tag_combo = QComboBox()
        self.tag_combo.setAccessibleName(tr("MembersPage", "Filter by tag"))
        self.tier_combo = QComboBox()
        self.tier_combo.setAccessibleName(tr("MembersPage", "Filter by tier"))
        for combo in (self.tag_combo, self.tier_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaxVisibleItems(20)
            combo.activated.connect(lambda _index: self.apply_filters())
            row.addWidget(combo)
        self._fill_choices(FilterChoices([], []))
        row.addStretch(1)
        return row

    def _build_list(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.table, 1)
        self.selection_bar = SelectionBar()
        self.selection_bar.issue_clicked.connect(self.issue_coupon_selected)
        self.selection_bar.tag_clicked.connect(self.tag_selected)
        self.selection_bar.untag_clicked.connect(self.untag_selected)
        self.selection_bar.merge_clicked.connect(self.merge_selected)
        self.selection_bar.delete_clicked.connect(self.delete_selected)
        column.addWidget(self.selection_bar)
        self.table.doubleClicked.connect(self.edit_member_at)
        self.table.activated.connect(self.edit_member_at)
        self.table.customContextMenuRequested.connect(self._context_menu)
        return holder

    def _build_empty_state(self) -> QWidget:
        self.empty_import_button = primary_button(tr("MembersPage", "Import Excel…"))
        self.empty_import_button.clicked.connect(self.import_members)
        self.empty_add_button = QPushButton(tr("MembersPage", "Add member"))
        self.empty_add_button.clicked.connect(self.add_member)
        return empty_state(tr("MembersPage", "No members yet"), tr(
            "MembersPage",
            "This is your member book: every customer who joins, with their phone, points, "
            "tier, tags and last visit. Find anyone by phone, name or pinyin initials while "
            "they wait at the counter. Import the list you already keep in Excel, or add your "
            "first member now.",
        ), [self.empty_import_button, self.empty_add_button])

    # -- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_filter(self.current_filter(), FIRST_PAGE_WAIT_MS)
        self._count()
        run_database_task(filter_choices, self._fill_choices, owner=self)

    def current_filter(self) -> MemberFilter:
        """The list the controls ask for: search, segment, tag and tier."""
        return MemberFilter(search=self.search_edit.text().strip(),
                            segment=self.segment_list.current_key or None,
                            tag_id=self.tag_combo.currentData(),
                            tier_id=self.tier_combo.currentData())

    def apply_filters(self) -> None:
        """Show the list the controls ask for, from its first page."""
        self._search_timer.stop()
        wanted = self.current_filter()
        if wanted != self.model.member_filter:
            self.model.set_filter(wanted)
            self._count_list()
            self.show_detail(None)  # the member shown may not be in the new list

    def run_search(self) -> None:
        """Search now for what the box holds (the timer calls this after a typing pause)."""
        self.apply_filters()

    def search_for(self, text: str) -> None:
        """Show every member matching `text` (the window's find box sends its query here)."""
        blocked = self.segment_list.blockSignals(True)
        self.segment_list.choose(ALL_MEMBERS)
        self.segment_list.blockSignals(blocked)
        self.tag_combo.setCurrentIndex(0)
        self.tier_combo.setCurrentIndex(0)
        self.search_edit.setText(text)
        self.apply_filters()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _count(self) -> None:
        # Full counts read every row (a big store's take a while): on the database thread,
        # so the first page of members shows at once and the counts follow.
        run_database_task(segment_counts, self._counted, owner=self)
        self._count_list()

    def _counted(self, counts: SegmentCounts) -> None:
        self.counts = counts
        self.segment_list.show_counts(counts)
        self._update_state()

    def _count_list(self) -> None:
        """Count a list narrowed by tag or tier; typing a search is counted as rows load."""
        self._count_generation += 1
        self.list_count = None
        wanted = self.model.member_filter
        if wanted.search or not (wanted.tag_id or wanted.tier_id):
            return
        generation = self._count_generation

        def counted(total: int) -> None:
            if generation == self._count_generation:
                self.list_count = total
                self._update_state()

        run_database_task(lambda: count_matching(wanted), counted, owner=self)

    def _fill_choices(self, choices: FilterChoices) -> None:
        for combo, everything, entries in (
                (self.tag_combo, tr("MembersPage", "All tags"), choices.tags),
                (self.tier_combo, tr("MembersPage", "All tiers"), choices.tiers)):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(everything, None)
            for entry in entries:
                combo.addItem(entry.name, entry.id)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.setVisible(bool(entries))

    def _update_state(self, *_args) -> None:
        loaded = self.model.rowCount()
        wanted = self.model.member_filter
        store_empty = self.counts is not None and self.counts.total == 0
        if loaded == 0 and self.model.is_loading:
            self.stack.setCurrentIndex(PAGE_TABLE)  # the first page is on its way
        elif loaded == 0 and (wanted.is_everyone or store_empty):
            self.stack.setCurrentIndex(PAGE_EMPTY)
        elif loaded == 0:
            self.no_match_label.setText(self._no_match_text(wanted))
            self.stack.setCurrentIndex(PAGE_NO_MATCH)
        else:
            self.stack.setCurrentIndex(PAGE_TABLE)
        empty = self.stack.currentIndex() == PAGE_EMPTY
        # An empty member book has nothing to search: its card offers the first actions.
        for widget in (self.search_edit, self.add_button, self.import_button, self.export_button,
                       self.segment_list):
            widget.setVisible(not empty)
        self.count_label.setText(self._count_text(loaded))

    def _no_match_text(self, wanted: MemberFilter) -> str:
        if wanted.search:
            return tr("MembersPage", "No member matches “{query}” in this list. Check the phone "
                                     "or name, or add them as a new member.").format(
                query=wanted.search)
        return tr("MembersPage", "No member is in this list yet.")

    def _count_text(self, loaded: int) -> str:
        if self.counts is None:  # still counting
            return ""
        wanted = self.model.member_filter
        if wanted.is_everyone:
            return _members(self.counts.total)
        if wanted.search:
            if self.model.has_more():
                found = tr("MembersPage", "{n}+ found").format(n=f"{loaded:,}")
            else:
                found = tr("MembersPage", "{n} found").format(n=f"{loaded:,}")
            return f"{found} · {_members(self.counts.total)}"
        count = self.list_count
        if count is None and wanted.segment and not (wanted.tag_id or wanted.tier_id):
            count = self.counts.by_key.get(wanted.segment)
        if count is None:
            return _members(self.counts.total)
        return tr("MembersPage", "{n} in this list").format(n=f"{count:,}") + \
            f" · {_members(self.counts.total)}"

    def _load_failed(self, error: Exception) -> None:
        dialogs.show_error(self, tr("MembersPage", "Members"), str(error))

    # -- selection and actions ------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The ids of the selected members, top to bottom."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [member.id for row in rows if (member := self.model.member_at(row))]

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        self.selection_bar.show_selection(len(ids))
        current = self.model.member_at(self.table.currentIndex().row())
        if len(ids) == 1:
            self.show_detail(ids[0])
        elif current is not None and current.id in ids:
            self.show_detail(current.id)
        elif not ids:
            self.show_detail(None)

    @property
    def detail(self) -> MemberDetailPanel:
        """The panel beside the table (built on first use: the list paints sooner)."""
        if self._detail is None:
            self._detail = MemberDetailPanel()
            self._detail.hide()
            self._detail.member_changed.connect(self.member_changed)
            self._detail.edit_requested.connect(self.edit_member)
            self._detail.open_member.connect(self.show_detail)
            self.splitter.addWidget(self._detail)
            self.splitter.setStretchFactor(1, 0)
            self.splitter.setSizes([max(self.splitter.width() - 420, 400), 420])
        return self._detail

    def show_detail(self, member_id: int | None) -> None:
        """Show a member in the panel beside the table; None closes the panel."""
        if member_id is None and self._detail is None:
            return
        self.detail.show_member(member_id)
        self.detail.setVisible(member_id is not None)

    def _context_menu(self, position: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        count = len(self.selected_ids())
        if count == 1:
            menu.addAction(tr("MembersPage", "Edit…"), self.edit_selected)
        menu.addAction(tr("MembersPage", "Issue coupon…"), self.issue_coupon_selected)
        menu.addAction(tr("MembersPage", "Add tags…"), self.tag_selected)
        menu.addAction(tr("MembersPage", "Remove tags…"), self.untag_selected)
        if count == 2:
            menu.addAction(tr("MembersPage", "Merge these two…"), self.merge_selected)
        if count == 1:
            menu.addSeparator()
            menu.addAction(tr("MembersPage", "Delete on request…"), self.delete_selected)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.edit_member(ids[0])

    def issue_coupon_selected(self) -> None:
        """Give each selected member a coupon; the panel shows it if it shows one of them."""
        issued = issue_coupon_dialog(self, self.selected_ids())
        if issued is None:
            return
        if self._detail is not None and self._detail.member_id in issued.member_ids:
            self._detail.reload()
        self.context.notify(issued.notice())

    def tag_selected(self) -> None:
        change = actions.tag_selection(self, self.selected_ids())
        self._after_tags(change)

    def untag_selected(self) -> None:
        change = actions.untag_selection(self, self.selected_ids())
        self._after_tags(change)

    def _after_tags(self, change) -> None:
        if change:
            self.model.reload()
            run_database_task(filter_choices, self._fill_choices, owner=self)
            self.context.notify(change.notice())

    def merge_selected(self) -> None:
        kept = actions.merge_members_dialog(self, self.selected_ids())
        if kept is not None:
            self._after_change(tr("MembersPage", "Merged into one member"))
            self.show_detail(kept)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        if actions.delete_on_request_dialog(self, ids[0]):
            self._after_change(tr("MembersPage", "The member's personal details were erased"))

    def member_changed(self, member_id: int) -> None:
        """Show a member's new figures in its row (after a purchase, refund or edit)."""
        run_database_task(lambda: member_line(member_id), self.model.replace_line, owner=self)
        self._count()

    def _after_change(self, message: str) -> None:
        self.model.reload()
        self._count()
        self.context.notify(message)

    # -- import and export ----------------------------------------------------------------

    def import_members(self) -> None:
        wizard = ImportWizard(self)
        wizard.exec()
        if wizard.result is not None:
            self._after_change(tr("MembersPage", "Import finished"))
            run_database_task(filter_choices, self._fill_choices, owner=self)
        wizard.deleteLater()

    def export_list(self) -> None:
        key = self.segment_list.current_key
        title = self.segment_list.title_of(key if key else ALL_MEMBERS)
        dialog = ExportDialog(self, self.model.member_filter, self.model.effective_sort, title)
        dialog.exec()
        dialog.deleteLater()

    # -- add and edit ---------------------------------------------------------------------

    def add_member(self) -> None:
        """Open the add dialog; after a save, show the list again with the new member."""
        dialog = MemberDialog(parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(dialog.saved, tr("MembersPage", "Added {name}"))
            self.show_detail(dialog.saved.id)

    def edit_member_at(self, index: QModelIndex) -> None:
        """Open the edit dialog for the member on the index's row."""
        member = self.model.member_at(index.row())
        if member is not None:
            self.edit_member(member.id)

    def edit_member(self, member_id: int) -> None:
        """Open the edit dialog for a member."""
        dialog = MemberDialog(get_member(member_id), parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.member_changed(member_id)
            self.show_detail(member_id)
            self.context.notify(tr("MembersPage", "Saved {name}").format(name=dialog.saved.name))

    def _after_save(self, record: MemberRecord, message: str) -> None:
        self.model.reload()
        self._count()
        self.context.notify(message.format(name=record.name))


def _members(total: int) -> str:
    if total == 1:
        return tr("MembersPage", "1 member")
    return tr("MembersPage", "{n} members").format(n=f"{total:,}")
