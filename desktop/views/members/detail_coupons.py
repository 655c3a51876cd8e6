"""The Coupons tab of the member detail panel: each coupon's title, state and code."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from desktop.domain.member_coupons import MAX_SHOWN, MemberCoupon
from desktop.i18n import tr
from desktop.views.members.detail_sections import plain
from desktop.views.widgets import label

MUTED_STATES = frozenset({"redeemed", "expired", "voided"})  # no longer usable


class CouponsSection(QWidget):
    """The member's coupons, newest first, as plain text that wraps in a narrow panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(8)
        self.heading = label("", "heading")
        layout.addWidget(self.heading)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(12)
        self.rows.setVerticalSpacing(2)
        self.rows.setColumnStretch(0, 1)
        layout.addLayout(self.rows)
        self.note_label = label("", "muted", wrap=True)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        self.lines: list[tuple[str, str, str]] = []  # (title, state, code) shown, for tests

    def show_coupons(self, coupons: list[MemberCoupon]) -> None:
        """Show these coupons (newest first), or a sentence saying what the tab holds."""
        while self.rows.count():
            self.rows.takeAt(0).widget().deleteLater()
        self.lines = []
        self.heading.setText(tr("MemberDetail", "Coupons ({n})").format(n=len(coupons))
                             if len(coupons) < MAX_SHOWN
                             else tr("MemberDetail", "Coupons"))
        for index, coupon in enumerate(coupons):
            state = coupon.state_text()
            muted = "muted" if coupon.state in MUTED_STATES else None
            self.rows.addWidget(plain(coupon.title, muted), index * 2, 0)
            self.rows.addWidget(plain(state, "muted", wrap=False), index * 2, 1,
                                Qt.AlignmentFlag.AlignTop)
            code = plain(coupon.code, "muted", wrap=False)
            code.setContentsMargins(0, 0, 0, 8)  # a gap before the next coupon
            self.rows.addWidget(code, index * 2 + 1, 0, 1, 2)
            self.lines.append((coupon.title, state, coupon.code))
        if not coupons:
            self.note_label.setText(tr("MemberDetail", "No coupons yet. Coupons issued to this "
                                                       "member appear here."))
        elif len(coupons) >= MAX_SHOWN:
            self.note_label.setText(tr("MemberDetail", "The newest {shown}.").format(
                shown=MAX_SHOWN))
        else:
            self.note_label.clear()
        self.note_label.setVisible(bool(self.note_label.text()))
