"""The bar under the members table that acts on the selected members."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.i18n import tr
from desktop.views.widgets import label


class SelectionBar(QWidget):
    """'3 selected' and the actions that fit that many members; hidden when none is selected."""

    tag_clicked = Signal()
    untag_clicked = Signal()
    merge_clicked = Signal()
    delete_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.count_label = label("", "muted")
        row.addWidget(self.count_label)
        row.addStretch(1)
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
