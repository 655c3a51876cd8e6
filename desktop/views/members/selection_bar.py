"""The bar under the members table that acts on the selected members."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.i18n import tr
from desktop.views.widgets import label


class SelectionBar(QWidget):
    """'3 selected' and the actions that fit that many members; hidden when none is selected."""

    issue_clicked = Signal()
    tag_clicked = Signal()
    untag_clicked = Signal()
    merge_clicked = Signal()
    delete_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.row = row = QHBoxLayout()
        row.setSpacing(8)
        column.addLayout(row)
        self.count_label = label("", "muted")
        # The count never widens the bar: beside a narrow list it moves above the buttons.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.issue_button = self._button(row, tr("SelectionBar", "Issue coupon…"),
                                         self.issue_clicked)
        self.issue_button.setToolTip(tr("SelectionBar", "Give each selected member a coupon"))
        self.tag_button = self._button(row, tr("SelectionBar", "Add tags…"), self.tag_clicked)
        self.untag_button = self._button(row, tr("SelectionBar", "Remove tags…"),
                                         self.untag_clicked)
        self.merge_button = self._button(row, tr("SelectionBar", "Merge…"), self.merge_clicked)
        self.merge_button.setToolTip(tr("SelectionBar", "Select exactly two members to merge"))
        self.delete_button = self._button(row, tr("SelectionBar", "Delete on request…"),
                                          self.delete_clicked)
        self.delete_button.setToolTip(tr(
            "SelectionBar", "Erase one member's personal details when they ask for it"))
        self.show_selection(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_count(event.size().width())

    def _place_count(self, width: int) -> None:
        """The count beside the buttons when it fits there, else on a line of its own above."""
        buttons = sum(self.row.itemAt(index).sizeHint().width() + self.row.spacing()
                      for index in range(self.row.count())
                      if self.row.itemAt(index).widget() is not self.count_label)
        beside = width >= self.count_label.sizeHint().width() + buttons
        if beside == (self.row.indexOf(self.count_label) == 0):
            return
        column = self.layout()
        if beside:
            column.removeWidget(self.count_label)
            self.row.insertWidget(0, self.count_label)
        else:
            self.row.removeWidget(self.count_label)
            column.insertWidget(0, self.count_label)

    @staticmethod
    def _button(row: QHBoxLayout, text: str, signal) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(signal)
        row.addWidget(button)
        return button

    def show_selection(self, count: int) -> None:
        """Show the bar for `count` selected members (hide it for none)."""
        self.setVisible(count > 0)
        if count == 1:
            self.count_label.setText(tr("SelectionBar", "1 member selected"))
        else:
            self.count_label.setText(tr("SelectionBar", "{n} members selected").format(
                n=f"{count:,}"))
        self.merge_button.setEnabled(count == 2)
        self.delete_button.setEnabled(count == 1)
        self._place_count(self.width())  # the text's width changed
