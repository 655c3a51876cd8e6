"""MergeDialog: two records of one customer side by side; one is kept, the other merges in."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from desktop.domain.member_listing import local_time
from desktop.domain.members import MemberRecord, merge_members
from desktop.domain.money import format_yuan
from desktop.i18n import tr
from desktop.views.members.action_dialog import (
    ActionDialog,
    live_member,
    plain_label,
    who,
)
from desktop.views.widgets import Card, label


class MemberCard(Card):
    """One member's details, with the radio button that keeps this one; a click picks it."""

    def __init__(self, record: MemberRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=10)
        self.record = record
        self.radio = QRadioButton(tr("MemberActions", "Keep this member"))
        self.body.addWidget(self.radio)
        self.body.addWidget(plain_label(record.name, "heading", wrap=True))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        last_visit, joined = local_time(record.last_visit_at), local_time(record.created_at)
        rows = (
            (tr("MemberActions", "Phone"), record.phone or ""),
            (tr("MemberActions", "Points"), f"{record.points:,}"),
            (tr("MemberActions", "Spent"), format_yuan(record.total_spent_cents)),
            (tr("MemberActions", "Visits"), f"{record.visit_count:,}"),
            (tr("MemberActions", "Last visit"),
             last_visit.date().isoformat() if last_visit else tr("MemberActions", "No visit yet")),
            (tr("MemberActions", "Joined"), joined.date().isoformat()),
            (tr("MemberActions", "Tags"), ", ".join(record.tags) or "—"),
        )
        for row, (caption, value) in enumerate(rows):
            grid.addWidget(label(caption, "muted"), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(plain_label(value, wrap=True), row, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.radio.setChecked(True)
        super().mousePressEvent(event)

    def show_kept(self, kept: bool) -> None:
        """Outline the kept member in the accent colour (besides its checked radio button)."""
        accent = QApplication.palette().color(QPalette.ColorRole.Highlight).name()
        self.setStyleSheet(f"QFrame#Card {{ border: 2px solid {accent}; }}" if kept else "")


class MergeDialog(ActionDialog):
    """Both members side by side; Merge moves the other's history into the kept one."""

    def __init__(self, first_id: int, second_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("MemberActions", "Merge two members"),
                         tr("MemberActions", "Merge"), parent)
        self.setMinimumWidth(680)
        self.cards: list[MemberCard] = []
        self.choice = QButtonGroup(self)  # the radio buttons sit in two cards: one group
        self.kept_id: int | None = None
        self.body.addWidget(label(tr(
            "MemberActions", "Use this when one customer was entered twice. Choose the member "
            "to keep."), wrap=True))
        self.status_label = label(tr("MemberActions", "Loading…"), "muted")
        self.body.addWidget(self.status_label)
        self.side_by_side = QHBoxLayout()
        self.side_by_side.setSpacing(14)
        self.body.addLayout(self.side_by_side)
        self.explanation = plain_label(wrap=True)
        self.outcome = plain_label(wrap=True)
        self.outcome.setProperty("role", "heading")
        self.body.addWidget(self.explanation)
        self.body.addWidget(self.outcome)
        self.load(lambda: (live_member(first_id), live_member(second_id)), self._show_members)

    def _show_members(self, records: tuple[MemberRecord, MemberRecord]) -> None:
        self.status_label.hide()
        for record in records:
            card = MemberCard(record)
            self.choice.addButton(card.radio)
            card.radio.toggled.connect(self._chosen)
            self.side_by_side.addWidget(card, 1)
            card.show()  # now, not later: a hidden radio button cannot take the focus
            self.cards.append(card)
        # The record with more history is most likely the one to keep; the user can switch.
        best = max(self.cards, key=lambda c: (c.record.visit_count, c.record.total_spent_cents,
                                              -c.record.created_at.timestamp()))
        best.radio.setChecked(True)
        best.radio.setFocus()
        self.fit_content()

    def kept_and_other(self) -> tuple[MemberRecord, MemberRecord] | None:
        """The member to keep and the one to merge into it, once the user has chosen."""
        for card, other in zip(self.cards, reversed(self.cards), strict=True):
            if card.radio.isChecked():
                return card.record, other.record
        return None

    def _chosen(self) -> None:
        pair = self.kept_and_other()
        if pair is None:
            return
        keep, other = pair
        for card in self.cards:
            card.show_kept(card.record is keep)
        self.explanation.setText(tr(
            "MemberActions", "{keep} stays. Everything of {other} moves to it: purchases, "
            "points history, coupons and tags; details it lacks (birthday, WeChat, notes) are "
            "filled in from the other. The other then disappears from the list, and its phone "
            "number can be used again. This cannot be undone.").format(
                keep=who(keep), other=who(other)))
        self.outcome.setText(tr(
            "MemberActions", "After the merge: {points} points, {spent} spent, {visits} visits."
        ).format(points=f"{keep.points + other.points:,}",
                 spent=format_yuan(keep.total_spent_cents + other.total_spent_cents),
                 visits=f"{keep.visit_count + other.visit_count:,}"))
        self.update_action()
        self.fit_content()

    def ready(self) -> bool:
        return self.kept_and_other() is not None

    def apply(self) -> None:
        pair = self.kept_and_other()
        if pair is None:
            return
        keep_id, other_id = pair[0].id, pair[1].id

        def done(kept: MemberRecord) -> None:
            self.kept_id = kept.id

        self.run(lambda: merge_members(keep_id, other_id), done,
                 tr("MemberActions", "The members could not be merged"))
