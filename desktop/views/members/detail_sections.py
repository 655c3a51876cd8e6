"""The parts of the member detail panel: header, Profile and Referrals, history tables.

Member data is always shown as plain text and wraps (or elides, in tables) to fit a panel
about 400 px wide.
"""

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.member_detail import CONSENT_KINDS, ConsentState, MemberDetail, MemberLink
from desktop.domain.money import format_yuan
from desktop.i18n import tr, tr_noop
from desktop.views import theme
from desktop.views.members.history_models import HistoryModel
from desktop.views.members.model import local_date, relative_hint
from desktop.views.widgets import label, link_button

SHOW_TABLE, SHOW_EMPTY = range(2)  # the pages of with_empty_state
NONE_TEXT = "—"
LINK_WIDTH = 220  # px for a name on a link button
CAPTION_WIDTH = 120  # px at most for a caption in the profile
GENDERS = {"f": tr_noop("MemberDetail", "Female"), "m": tr_noop("MemberDetail", "Male")}
ENTRY_KINDS = {
    "page": tr_noop("MemberDetail", "sign-up page"),
    "form": tr_noop("MemberDetail", "online form"),
    "url": tr_noop("MemberDetail", "link"),
    "counter": tr_noop("MemberDetail", "counter"),
    "referral": tr_noop("MemberDetail", "invitation"),
}
# How a consent (or the member) was recorded.
SOURCES = {
    "page": tr_noop("MemberDetail", "on the sign-up page"),
    "counter": tr_noop("MemberDetail", "at the counter"),
    "import": tr_noop("MemberDetail", "by an import"),
    "cli": tr_noop("MemberDetail", "from the command line"),
    "request": tr_noop("MemberDetail", "on request"),
}
CONSENT_NAMES = {
    "marketing": tr_noop("MemberDetail", "Marketing"),
    "partner_sharing": tr_noop("MemberDetail", "Partner sharing"),
}


STYLE = f"""
QTabWidget#DetailTabs::pane {{ border: none; border-top: 1px solid {theme.BORDER}; top: -1px; }}
QTabWidget#DetailTabs QTabBar::tab {{
    background: transparent; color: {theme.MUTED}; border: none;
    border-bottom: 2px solid transparent; padding: 6px 8px; margin-right: 1px;
}}
QTabWidget#DetailTabs QTabBar::tab:selected {{
    color: {theme.TEXT}; border-bottom-color: {theme.TEXT};
}}
QTabWidget#DetailTabs QTabBar::tab:hover {{ color: {theme.TEXT}; }}
QTableView#HistoryTable {{
    background: {theme.SURFACE}; border: none; gridline-color: transparent;
    selection-background-color: {theme.HOVER}; selection-color: {theme.TEXT}; outline: none;
}}
QTableView#HistoryTable::item {{ padding: 0 4px; border-bottom: 1px solid {theme.BORDER}; }}
QTableView#HistoryTable::item:selected {{ background: {theme.HOVER}; color: {theme.TEXT}; }}
QTableView#HistoryTable QHeaderView::section {{
    background: {theme.SURFACE}; color: {theme.MUTED}; border: none;
    border-bottom: 1px solid {theme.BORDER}; padding: 4px 6px; font-weight: 600;
}}
QScrollArea#DetailScroll, QScrollArea#DetailScroll > QWidget > QWidget {{
    background: transparent;
}}
QLabel#TierBadge {{
    background: {theme.HOVER}; color: {theme.TEXT}; border-radius: 9px; padding: 1px 9px;
}}
"""


def plain(text: str = "", role: str | None = None, wrap: bool = True) -> QLabel:
    """A label for data: never read as markup, wrapped, selectable for copying."""
    widget = label(text, role, wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def day_with_hint(moment: dt.datetime) -> str:
    """2026-11-23 · 3 days ago, in the shop's local time."""
    day = local_date(moment)
    return f"{day.isoformat()} · {relative_hint(day)}"


def button_text(text: str) -> str:
    """Data shown on a button: '&' would otherwise become a keyboard shortcut."""
    return text.replace("&", "&&")


def _lookup(names: dict[str, str], key: str) -> str:
    return tr("MemberDetail", names[key]) if key in names else key


def source_text(detail: MemberDetail) -> str:
    """Where the member came from: the entry point and its kind, else how they were added."""
    entry = detail.source_entry
    if entry is not None:
        return f"{entry.name} ({_lookup(ENTRY_KINDS, entry.kind)})"
    if detail.signup_source in SOURCES:
        return tr("MemberDetail", "Added {how}").format(how=_lookup(SOURCES, detail.signup_source))
    return detail.signup_source or NONE_TEXT


def consent_text(state: ConsentState | None) -> str:
    """Given · 2026-01-05 · on the sign-up page · policy 2025-01; or that nobody asked."""
    if state is None:
        return tr("MemberDetail", "Not asked")
    parts = [tr("MemberDetail", "Given") if state.given else tr("MemberDetail", "Withdrawn"),
             local_date(state.at).isoformat(), _lookup(SOURCES, state.source)]
    if state.entry_point:
        parts.append(state.entry_point)
    if state.policy_version:
        parts.append(tr("MemberDetail", "policy {version}").format(version=state.policy_version))
    return " · ".join(parts)


class MemberHeader(QWidget):
    """Name, phone and tier, last visit, then points, total spent and visits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.name_label = plain(role="title")
        top.addWidget(self.name_label, 1)
        self.edit_button = link_button(tr("MemberDetail", "Edit"))
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        line = QHBoxLayout()
        line.setSpacing(8)
        self.phone_label = plain(wrap=False)
        self.tier_badge = plain(wrap=False)
        self.tier_badge.setObjectName("TierBadge")
        line.addWidget(self.phone_label)
        line.addWidget(self.tier_badge)
        line.addStretch(1)
        layout.addLayout(line)
        self.last_visit_label = label("", "muted", wrap=True)
        layout.addWidget(self.last_visit_label)
        figures = QGridLayout()
        figures.setHorizontalSpacing(12)
        figures.setVerticalSpacing(0)
        self.points_value = label("", "heading")
        self.spent_value = label("", "heading")
        self.visits_value = label("", "heading")
        for column, (caption, value) in enumerate((
                (tr("MemberDetail", "Points"), self.points_value),
                (tr("MemberDetail", "Total spent"), self.spent_value),
                (tr("MemberDetail", "Visits"), self.visits_value))):
            figures.addWidget(label(caption, "muted"), 0, column)
            figures.addWidget(value, 1, column)
            figures.setColumnStretch(column, 1)
        layout.addSpacing(4)
        layout.addLayout(figures)

    def show_detail(self, detail: MemberDetail) -> None:
        profile = detail.profile
        self.name_label.setText(profile.name)
        self.phone_label.setText(profile.phone or "")
        self.tier_badge.setText(profile.tier)
        self.tier_badge.setVisible(bool(profile.tier))
        last_visit = profile.last_visit_at
        self.last_visit_label.setText(
            tr("MemberDetail", "Last visit {when}").format(when=day_with_hint(last_visit))
            if last_visit else tr("MemberDetail", "No visit yet"))
        self.points_value.setText(f"{profile.points:,}")
        self.spent_value.setText(format_yuan(profile.total_spent_cents))
        self.visits_value.setText(f"{profile.visit_count:,}")


class ProfileSection(QWidget):
    """Birthday, gender, WeChat, tags, notes, source, joined and consents, caption by value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}
        self._captions: list[str] = []
        self._grid = grid
        for key, caption in (
            ("birthday", tr("MemberDetail", "Birthday")),
            ("gender", tr("MemberDetail", "Gender")),
            ("wechat", tr("MemberDetail", "WeChat")),
            ("tags", tr("MemberDetail", "Tags")),
            ("notes", tr("MemberDetail", "Notes")),
            ("source", tr("MemberDetail", "Source")),
            ("joined", tr("MemberDetail", "Joined")),
            ("first_purchase", tr("MemberDetail", "First purchase")),
        ):
            self._add_row(key, caption)
        grid.setRowMinimumHeight(grid.rowCount(), 6)
        grid.addWidget(label(tr("MemberDetail", "Consents"), "heading"), grid.rowCount(), 0, 1, 2)
        for kind in CONSENT_KINDS:
            self._add_row(kind, tr("MemberDetail", CONSENT_NAMES[kind]))
        grid.setRowStretch(grid.rowCount(), 1)
        # Captions on one line where they fit; only a very long one wraps.
        widest = max(self.fontMetrics().horizontalAdvance(c) for c in self._captions)
        grid.setColumnMinimumWidth(0, min(CAPTION_WIDTH, widest + 2))

    def _add_row(self, key: str, caption: str) -> None:
        row = self._grid.rowCount()
        caption_label = label(caption, "muted", wrap=True)
        caption_label.setMaximumWidth(CAPTION_WIDTH)  # long captions wrap, values keep room
        self._captions.append(caption)
        value = plain()
        self._grid.addWidget(caption_label, row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
        self.values[key] = value

    def show_detail(self, detail: MemberDetail) -> None:
        profile = detail.profile
        texts = {
            "birthday": str(profile.birthday) if profile.birthday else NONE_TEXT,
            "gender": _lookup(GENDERS, profile.gender) if profile.gender else NONE_TEXT,
            "wechat": profile.wechat or NONE_TEXT,
            "tags": ", ".join(profile.tags) or NONE_TEXT,
            "notes": profile.notes or NONE_TEXT,
            "source": source_text(detail),
            "joined": day_with_hint(profile.created_at),
            "first_purchase": (day_with_hint(profile.first_purchase_at)
                               if profile.first_purchase_at else NONE_TEXT),
        } | {kind: consent_text(detail.consent(kind)) for kind in CONSENT_KINDS}
        for key, text in texts.items():
            self.values[key].setText(text)


class ReferralsSection(QWidget):
    """Who referred the member, and whom they referred; a live member's name opens them."""

    open_member = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(8)
        layout.addWidget(label(tr("MemberDetail", "Referred by"), "heading"))
        self.referrer_row = QVBoxLayout()
        layout.addLayout(self.referrer_row)
        layout.addSpacing(10)
        self.referrals_heading = label("", "heading")
        layout.addWidget(self.referrals_heading)
        self.referral_rows = QVBoxLayout()
        self.referral_rows.setSpacing(2)
        layout.addLayout(self.referral_rows)
        self.more_label = label("", "muted", wrap=True)
        layout.addWidget(self.more_label)
        layout.addStretch(1)
        self.links: dict[int, QWidget] = {}  # member id -> its button, for the tests

    def show_detail(self, detail: MemberDetail) -> None:
        self.links = {}
        for rows in (self.referrer_row, self.referral_rows):
            while rows.count():
                rows.takeAt(0).widget().deleteLater()
        if detail.referrer is None:
            self.referrer_row.addWidget(plain(tr("MemberDetail", "Nobody: joined on their own"),
                                              "muted"))
        else:
            self.referrer_row.addWidget(self._link_row(detail.referrer))
        self.referrals_heading.setText(
            tr("MemberDetail", "Referrals ({n})").format(n=f"{detail.referral_count:,}"))
        for referral in detail.recent_referrals:
            self.referral_rows.addWidget(self._link_row(referral))
        shown = len(detail.recent_referrals)
        if detail.referral_count == 0:
            self.more_label.setText(tr(
                "MemberDetail", "Nobody yet. Members who join through this member's "
                "invitation appear here."))
        elif detail.referral_count > shown:
            self.more_label.setText(tr("MemberDetail", "The newest {shown} of {n}.").format(
                shown=shown, n=f"{detail.referral_count:,}"))
        else:
            self.more_label.clear()
        self.more_label.setVisible(bool(self.more_label.text()))

    def _link_row(self, member: MemberLink) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        if member.live:
            # A button does not wrap: a very long name is cut short, whole in the tooltip.
            text = button_text(self.fontMetrics().elidedText(
                member.name or NONE_TEXT, Qt.TextElideMode.ElideRight, LINK_WIDTH))
            name = link_button(text)
            tip = tr("MemberDetail", "Open {name}").format(name=member.name)
            name.setToolTip(f"<p>{html.escape(tip)}</p>")  # tooltips guess rich text
            name.clicked.connect(lambda _checked=False, i=member.id: self.open_member.emit(i))
            self.links[member.id] = name
        else:
            name = plain(tr("MemberDetail", "A deleted member"), "muted")
        layout.addWidget(name)
        layout.addStretch(1)
        layout.addWidget(label(tr("MemberDetail", "joined {date}").format(
            date=local_date(member.joined).isoformat()), "muted"))
        return row


def history_table(model: HistoryModel) -> QTableView:
    """A borderless table of history lines; the last column (the note) takes what is left."""
    table = QTableView()
    table.setObjectName("HistoryTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(36)
    # Stretch, not stretchLastSection: that one never shrinks below the default section size.
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)

    def fit_columns(*_args) -> None:
        # To what is loaded (at most a few pages), so a narrow panel leaves the note room.
        for column in range(model.columnCount() - 1):
            table.resizeColumnToContents(column)

    model.modelReset.connect(fit_columns)
    model.rowsInserted.connect(fit_columns)
    fit_columns()
    return table


def with_empty_state(table: QTableView, text: str) -> QStackedWidget:
    """The table, or (page SHOW_EMPTY) a sentence saying what it will hold."""
    stack = QStackedWidget()
    stack.addWidget(table)
    empty = label(text, "muted", wrap=True)
    empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    empty.setContentsMargins(8, 16, 8, 0)
    stack.addWidget(empty)
    return stack


def scrolled(section: QWidget) -> QScrollArea:
    """A section in a borderless area that scrolls up and down, never sideways."""
    scroll = QScrollArea()
    scroll.setObjectName("DetailScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    section.setContentsMargins(0, 8, 4, 0)
    scroll.setWidget(section)
    return scroll

