"""The desk's answer: an icon, one big coloured word, the reason, and the coupon's details."""

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from desktop.domain.money import format_yuan
from desktop.domain.redemption import Verdict
from desktop.i18n import tr, tr_noop
from desktop.views import icons, theme
from desktop.views.widgets import Card, label

AMBER = "#B54708"  # attention; 5.0:1 on white, like SUCCESS and DANGER
HEADLINE_POINTS = 34
ICON_SIZE = QSize(64, 64)


@dataclass(frozen=True)
class Look:
    """How one kind of verdict is shown: its word, icon and colour (never colour alone)."""

    word: str  # English source, marked with tr_noop("Redeem", …)
    icon: str
    color: str


LOOKS: dict[str, Look] = {
    "redeemed": Look(tr_noop("Redeem", "Redeemed"), "check-circle", theme.SUCCESS),
    "duplicate_scan": Look(tr_noop("Redeem", "Already done"), "info", AMBER),
    "already_redeemed": Look(tr_noop("Redeem", "Already used"), "x-circle", theme.DANGER),
    "expired": Look(tr_noop("Redeem", "Expired"), "x-circle", theme.DANGER),
    "not_yet_valid": Look(tr_noop("Redeem", "Not valid yet"), "x-circle", theme.DANGER),
    "below_min_spend": Look(tr_noop("Redeem", "Below minimum spend"), "x-circle",
                            theme.DANGER),
    "voided": Look(tr_noop("Redeem", "Voided"), "x-circle", theme.DANGER),
    "typo": Look(tr_noop("Redeem", "Typo?"), "alert", AMBER),
    "unknown": Look(tr_noop("Redeem", "Unknown code"), "x-circle", theme.DANGER),
    "throttled": Look(tr_noop("Redeem", "Please wait"), "alert", AMBER),
    "undone": Look(tr_noop("Redeem", "Undone"), "info", theme.TEXT),
}
READY = Look(tr_noop("Redeem", "Ready to scan"), "redeem", theme.MUTED)


class VerdictPanel(Card):
    """Fills the area under the input with the latest verdict, large enough to read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=10)
        self.setMinimumHeight(260)
        top = QHBoxLayout()
        top.setSpacing(18)
        self.icon = QLabel()
        self.icon.setFixedSize(ICON_SIZE)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.headline, 1)
        self.body.addLayout(top)
        self.message = label("", wrap=True)
        self.message.setStyleSheet("font-size: 16pt;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.message)
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(18)
        self.details.setVerticalSpacing(6)
        self.details.setColumnStretch(1, 1)
        self.body.addLayout(self.details)
        self.body.addStretch(1)
        self.reason = ""  # the reason key shown now ('' when ready)
        self.show_ready()

    def show_ready(self) -> None:
        """The empty state: what the desk is for."""
        self._show(READY, tr("Redeem", "Scan the coupon's QR code or type its code, then "
                                       "press Enter. The answer appears here."), muted=True)
        self.reason = ""

    def show_verdict(self, verdict: Verdict) -> None:
        """The verdict's word, reason and the coupon's details."""
        self._show(LOOKS[verdict.reason], verdict.message)
        self.reason = verdict.reason
        rows: list[tuple[str, str]] = []
        if verdict.code:
            rows.append((tr("Redeem", "Code"), verdict.code))
        if verdict.title:
            rows.append((tr("Redeem", "Coupon"), f"{verdict.title} · {verdict.value_text}"))
        if verdict.member_name:
            rows.append((tr("Redeem", "Member"), verdict.member_name))
        if verdict.amount_cents is not None:
            rows.append((tr("Redeem", "Bill"), format_yuan(verdict.amount_cents)))
        if verdict.min_spend_cents:
            rows.append((tr("Redeem", "Minimum spend"), format_yuan(verdict.min_spend_cents)))
        if verdict.redeemed_at is not None:
            when = verdict.redeemed_at.strftime("%Y-%m-%d %H:%M")
            if verdict.redeemed_by:
                when = tr("Redeem", "{when} by {who}").format(when=when, who=verdict.redeemed_by)
            rows.append((tr("Redeem", "Redeemed"), when))
        if verdict.valid_from is not None:
            rows.append((tr("Redeem", "Valid from"), verdict.valid_from.isoformat()))
        if verdict.expires_on is not None:
            rows.append((tr("Redeem", "Valid until"), verdict.expires_on.isoformat()))
        self._fill_details(rows)

    def show_undone(self, message: str, code: str | None) -> None:
        """After an undo: the coupon can be redeemed again."""
        self._show(LOOKS["undone"], message)
        self.reason = "undone"
        self._fill_details([(tr("Redeem", "Code"), code)] if code else [])

    def headline_text(self) -> str:
        return self.headline.text()

    def _show(self, look: Look, message: str, muted: bool = False) -> None:
        self.icon.setPixmap(icons.icon(look.icon, look.color).pixmap(
            ICON_SIZE, self.devicePixelRatioF()))
        self.headline.setText(tr("Redeem", look.word))
        self.headline.setStyleSheet(
            f"color: {look.color}; font-size: {HEADLINE_POINTS}pt; font-weight: 700;")
        self.message.setText(message)
        self.message.setProperty("role", "muted" if muted else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self._fill_details([])

    def _fill_details(self, rows: list[tuple[str, str]]) -> None:
        while self.details.count():
            item = self.details.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # gone now, not at the next turn of the event loop
                item.widget().deleteLater()
        for row, (caption, value) in enumerate(rows):
            caption_label = label(caption, "muted")
            value_label = label(value, wrap=True)
            value_label.setStyleSheet("font-size: 13pt;")
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addWidget(caption_label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.details.addWidget(value_label, row, 1)
