"""MemberDetailPanel: one member beside the members table; record purchases and refund them.

Everything is read and written on the database thread. Each load carries a generation
number, so when the cashier moves through the list faster than the database answers, only
the member selected last is ever shown.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from peewee import DatabaseError
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.errors import DatabaseProblem
from desktop.domain.errors import DomainError
from desktop.domain.member_coupons import MemberCoupon, member_coupons
from desktop.domain.member_detail import (
    HistoryPage,
    MemberDetail,
    PurchaseLine,
    member_detail,
    member_purchases,
    points_ledger,
)
from desktop.domain.members import MemberNotFound
from desktop.domain.money import format_yuan
from desktop.domain.purchases import PurchaseResult, RefundResult, refund_purchase
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs
from desktop.views.members.detail_coupons import CouponsSection
from desktop.views.members.detail_sections import (
    SHOW_EMPTY,
    SHOW_TABLE,
    STYLE,
    MemberHeader,
    ProfileSection,
    ReferralsSection,
    history_table,
    scrolled,
    with_empty_state,
)
from desktop.views.members.history_models import (
    PAGE_SIZE,
    PointsLedgerModel,
    PurchaseTableModel,
)
from desktop.views.members.purchase_dialog import PurchaseDialog
from desktop.views.page import Page
from desktop.views.widgets import Card, label, primary_button

log = logging.getLogger(__name__)

PLACEHOLDER, CONTENT = range(2)
TAB_PROFILE, TAB_PURCHASES, TAB_POINTS, TAB_REFERRALS, TAB_COUPONS = range(5)


@dataclass(frozen=True)
class PanelData:
    """What one load reads: the member's detail, the first page of each history, and
    the member's coupons."""

    detail: MemberDetail
    purchases: HistoryPage
    ledger: HistoryPage
    coupons: list[MemberCoupon]


def load_panel_data(member_id: int) -> PanelData:
    """Everything the panel shows first (runs on the database thread)."""
    return PanelData(member_detail(member_id), member_purchases(member_id, limit=PAGE_SIZE),
                     points_ledger(member_id, limit=PAGE_SIZE), member_coupons(member_id))


class MemberDetailPanel(QWidget):
    """The selected member in detail: header figures, then Profile, Purchases, Points,
    Referrals and Coupons tabs. `show_member(None)` shows a calm placeholder instead."""

    member_changed = Signal(int)  # a purchase or refund changed this member
    edit_requested = Signal(int)
    open_member = Signal(int)  # the referrer or a referral was clicked

    def __init__(self, parent: QWidget | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._notify = notify  # else the notice goes through the enclosing page's context
        self.member_id: int | None = None
        self.detail: MemberDetail | None = None
        self.purchase_dialog: PurchaseDialog | None = None
        self._generation = 0
        self._refunding = False
        self.setStyleSheet(STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.placeholder_label = label("", "muted", wrap=True)
        self.placeholder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder = Card()
        placeholder.body.addWidget(self.placeholder_label)
        self.stack.addWidget(placeholder)
        self.card = Card(spacing=10)
        self.card.body.setContentsMargins(16, 14, 16, 8)
        self.header = MemberHeader()
        self.header.edit_button.clicked.connect(self._edit_clicked)
        self.card.body.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("DetailTabs")
        self.tabs.setDocumentMode(True)
        self.profile = ProfileSection()
        self.referrals = ReferralsSection()
        self.referrals.open_member.connect(self.open_member)
        self.purchases_model = PurchaseTableModel(self)
        self.ledger_model = PointsLedgerModel(self)
        self.tabs.addTab(scrolled(self.profile), tr("MemberDetail", "Profile"))
        self.tabs.addTab(self._build_purchases(), tr("MemberDetail", "Purchases"))
        self.tabs.addTab(self._build_ledger(), tr("MemberDetail", "Points"))
        self.tabs.addTab(scrolled(self.referrals), tr("MemberDetail", "Referrals"))
        self.coupons = CouponsSection()
        self.tabs.addTab(scrolled(self.coupons), tr("MemberDetail", "Coupons"))
        self.card.body.addWidget(self.tabs, 1)
        self.stack.addWidget(self.card)
        self.show_member(None)

    # -- building -------------------------------------------------------------------------

    def _build_purchases(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.record_button = primary_button(tr("MemberDetail", "Record purchase"))
        self.record_button.clicked.connect(self.record_purchase)
        self.refund_button = QPushButton(tr("MemberDetail", "Refund…"))
        self.refund_button.setToolTip(tr("MemberDetail", "Refund the selected purchase"))
        self.refund_button.clicked.connect(self.refund_selected)
        actions.addWidget(self.record_button)
        actions.addWidget(self.refund_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.purchases_table = history_table(self.purchases_model)
        self.purchases_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_refund_button())
        self.purchases_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.purchases_table.customContextMenuRequested.connect(self._purchase_menu_requested)
        self.purchases_stack = with_empty_state(self.purchases_table, tr(
            "MemberDetail", "No purchases yet. Record one when this member pays; it earns "
            "points by the rule in Settings."))
        layout.addWidget(self.purchases_stack, 1)
        return holder

    def _build_ledger(self) -> QWidget:
        self.ledger_table = history_table(self.ledger_model)
        self.ledger_stack = with_empty_state(self.ledger_table, tr(
            "MemberDetail", "No points yet. Purchases earn points; refunds and expiry take "
            "them back, and every change is listed here."))
        self.ledger_stack.setContentsMargins(0, 10, 0, 0)
        return self.ledger_stack

    def _edit_clicked(self) -> None:
        if self.detail is not None:
            self.edit_requested.emit(self.detail.profile.id)

    # -- loading --------------------------------------------------------------------------

    def show_member(self, member_id: int | None) -> None:
        """Show this member (read on the database thread), or the placeholder for None."""
        self._generation += 1
        self.member_id = member_id
        if member_id is None:
            self.detail = None
            self.purchases_model.reset(None, None)
            self.ledger_model.reset(None, None)
            self._show_placeholder(tr("MemberDetail", "Select a member to see details"))
            return
        if self.detail is None:
            self._show_placeholder(tr("MemberDetail", "Loading…"))
        elif self.detail.profile.id != member_id:
            self.card.setEnabled(False)  # the previous member, greyed until this one is in
        generation = self._generation
        run_database_task(lambda: load_panel_data(member_id),
                          lambda data: self._loaded(generation, data),
                          lambda error: self._load_failed(generation, error), owner=self)

    def reload(self) -> None:
        """Read the shown member again (after an edit elsewhere)."""
        if self.member_id is not None:
            self.show_member(self.member_id)

    def _loaded(self, generation: int, data: PanelData) -> None:
        if generation != self._generation:
            return  # the cashier has moved on to another member
        self.detail = data.detail
        profile = data.detail.profile
        self.header.show_detail(data.detail)
        self.profile.show_detail(data.detail)
        self.referrals.show_detail(data.detail)
        self.coupons.show_coupons(data.coupons)
        self.purchases_model.reset(profile.id, data.purchases)
        self.ledger_model.reset(profile.id, data.ledger)
        self.purchases_stack.setCurrentIndex(SHOW_TABLE if data.purchases.lines else SHOW_EMPTY)
        self.ledger_stack.setCurrentIndex(SHOW_TABLE if data.ledger.lines else SHOW_EMPTY)
        self._update_refund_button()
        self.card.setEnabled(True)
        self.stack.setCurrentIndex(CONTENT)

    def _load_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.detail = None
        if isinstance(error, MemberNotFound):
            self._show_placeholder(tr("MemberDetail", "This member was deleted or merged."))
        elif isinstance(error, DomainError | DatabaseError | DatabaseProblem | OSError):
            log.warning("Loading a member failed: %s", type(error).__name__)
            self._show_placeholder(tr("MemberDetail", "This member could not be loaded: "
                                                      "{reason}").format(reason=error))
        else:
            raise error  # a bug: the crash handler logs it and says so

    def _show_placeholder(self, text: str) -> None:
        self.placeholder_label.setText(text)
        self.stack.setCurrentIndex(PLACEHOLDER)

    # -- purchases ------------------------------------------------------------------------

    def record_purchase(self) -> None:
        """Open the purchase dialog for the shown member; a save refreshes the panel."""
        if self.detail is None:
            return
        member_id, name = self.detail.profile.id, self.detail.profile.name
        dialog = PurchaseDialog(member_id, name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._purchase_recorded(member_id, name, dialog.result_purchase,
                                            dialog.amount_cents))
        dialog.finished.connect(self._purchase_dialog_closed)
        self.purchase_dialog = dialog
        dialog.open()

    def _purchase_dialog_closed(self) -> None:
        self.purchase_dialog = None

    def _purchase_recorded(self, member_id: int, name: str, result: PurchaseResult,
                           amount_cents: int) -> None:
        self._tell(tr("MemberDetail", "{name}: {amount} recorded, {points} points earned")
                   .format(name=name, amount=format_yuan(amount_cents),
                           points=f"{result.points:,}"))
        self._changed(member_id)

    def selected_purchase(self) -> PurchaseLine | None:
        """The purchase or refund on the selected row of the purchases table."""
        rows = self.purchases_table.selectionModel().selectedRows()
        return self.purchases_model.line_at(rows[0].row()) if rows else None

    def refund_selected(self) -> None:
        """Refund the selected purchase once the user confirms, then refresh."""
        line = self.selected_purchase()
        if line is None or not line.refundable or self.detail is None or self._refunding:
            return
        member_id, name = self.detail.profile.id, self.detail.profile.name
        question = tr(
            "MemberDetail", "Refund the purchase of {amount} on {date} for {name}?\n\n"
            "The points it earned ({points}) are taken back, even if they were already "
            "spent.").format(amount=format_yuan(line.amount_cents),
                             date=self.purchases_model.display(line, PurchaseTableModel.DATE),
                             name=name, points=f"{line.points:,}")
        if not dialogs.confirm(self, tr("MemberDetail", "Refund purchase"), question,
                               tr("MemberDetail", "Refund")):
            return
        self._refunding = True
        self._update_refund_button()
        run_database_task(lambda: refund_purchase(line.id),
                          lambda result: self._refunded(member_id, name, line, result),
                          lambda error: self._refund_failed(member_id, error), owner=self)

    def _refunded(self, member_id: int, name: str, line: PurchaseLine,
                  result: RefundResult) -> None:
        self._refunding = False
        self._tell(tr("MemberDetail", "{name}: {amount} refunded, {points} points taken back")
                   .format(name=name, amount=format_yuan(line.amount_cents),
                           points=f"{-result.points:,}"))
        self._changed(member_id)

    def _refund_failed(self, member_id: int, error: Exception) -> None:
        self._refunding = False
        message = error.user_message() if isinstance(error, DomainError) else str(error)
        dialogs.show_error(self, tr("MemberDetail", "The purchase was not refunded"), message)
        if member_id == self.member_id:
            self.reload()  # someone may have refunded it meanwhile: show how it stands

    def purchase_menu(self, line: PurchaseLine) -> QMenu:
        """The right-click menu of a purchase row."""
        menu = QMenu(self)
        refund = menu.addAction(tr("MemberDetail", "Refund…"))
        refund.setEnabled(line.refundable and not self._refunding)
        refund.triggered.connect(self.refund_selected)
        return menu

    def _purchase_menu_requested(self, position: QPoint) -> None:
        index = self.purchases_table.indexAt(position)
        line = self.purchases_model.line_at(index.row()) if index.isValid() else None
        if line is None:
            return
        self.purchases_table.selectRow(index.row())
        self.purchase_menu(line).exec(self.purchases_table.viewport().mapToGlobal(position))

    def _update_refund_button(self) -> None:
        line = self.selected_purchase()
        self.refund_button.setEnabled(line is not None and line.refundable
                                      and not self._refunding)

    # -- after a change -------------------------------------------------------------------

    def _changed(self, member_id: int) -> None:
        self.member_changed.emit(member_id)
        if member_id == self.member_id:
            self.reload()

    def _tell(self, text: str) -> None:
        """A short notice: through `notify`, else the enclosing page's context, else none."""
        if self._notify is not None:
            self._notify(text)
            return
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, Page):
            widget = widget.parentWidget()
        if widget is not None:
            widget.context.notify(text)
