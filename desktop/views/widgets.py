"""Small shared widgets: cards, labels by role, inline field errors, colour fields, the toast."""

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import tr
from desktop.views import dialogs, icons, theme

# Colours shop brands commonly use, offered as one-click swatches beside the picker.
PRESET_COLORS = ("#C8102E", "#E4572E", "#F2A900", "#2E7D32", "#00897B", "#1E63B5", "#6A3FB5",
                 "#1F2329")


def label(text: str = "", role: str | None = None, wrap: bool = False) -> QLabel:
    """A QLabel styled by role: title, heading, muted, error, stat, path."""
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if role == "path":
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def app_logo(size: int, parent: QWidget) -> QLabel:
    """The ShopCircle logo at `size` px, sharp at the parent's screen scale, top-aligned."""
    logo = QLabel()
    logo.setPixmap(icons.app_icon().pixmap(QSize(size, size), parent.devicePixelRatioF()))
    logo.setAlignment(Qt.AlignmentFlag.AlignTop)
    return logo


def primary_button(text: str) -> QPushButton:
    """The one main action of a page or dialog, in the brand colour."""
    button = QPushButton(text)
    button.setProperty("primary", True)
    return button


def link_button(text: str) -> QPushButton:
    """A text-only button for a secondary action inside a card."""
    button = QPushButton(text)
    button.setProperty("link", True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Give an input the red border of a problem, or take it away."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    # Dynamic properties only restyle after a re-polish.
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Card(QFrame):
    """A white, rounded panel that groups related content on a page."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 18, 20, 18)
        self.body.setSpacing(spacing)


class FieldError(QLabel):
    """The problem with one field, shown right under it (hidden when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.hide()

    def show_problem(self, text: str) -> None:
        self.setText(text)
        self.show()

    def clear_problem(self) -> None:
        self.clear()
        self.hide()


class ColorField(QWidget):
    """A brand colour: a swatch that opens the picker, the #RRGGBB text, preset swatches."""

    changed = Signal(str)

    def __init__(self, picker_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picker_title = picker_title
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.swatch = QPushButton()
        self.swatch.setObjectName("Swatch")
        self.swatch.setFixedSize(QSize(34, 32))
        self.swatch.setToolTip(tr("Settings", "Choose a colour…"))
        self.swatch.setAccessibleName(tr("Settings", "Choose a colour…"))
        self.swatch.clicked.connect(self._pick)
        self.edit = QLineEdit()
        self.edit.setMaxLength(7)
        self.edit.setPlaceholderText("#C8102E")
        self.edit.setFixedWidth(110)
        self.edit.textChanged.connect(self._text_changed)
        layout.addWidget(self.swatch)
        layout.addWidget(self.edit)
        layout.addSpacing(6)
        for color in PRESET_COLORS:
            chip = QPushButton()
            chip.setFixedSize(QSize(20, 20))
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setToolTip(color)
            chip.setAccessibleName(color)
            edge = theme.mix(color, "#000000", 0.2)
            chip.setStyleSheet(
                f"QPushButton {{ background: {color}; border: 1px solid {edge};"
                " border-radius: 10px; padding: 0; min-height: 0; }"
                f"QPushButton:focus {{ border: 2px solid {theme.TEXT}; }}"
            )
            chip.clicked.connect(lambda _checked=False, c=color: self.set_value(c))
            layout.addWidget(chip)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def value(self) -> str:
        return self.edit.text().strip()

    def set_value(self, color: str) -> None:
        self.edit.setText(color.upper())

    def _pick(self) -> None:
        chosen = dialogs.choose_color(self, self._picker_title, self.value() or theme.DEFAULT_BRAND)
        if chosen:
            self.set_value(chosen)

    def _text_changed(self, text: str) -> None:
        color = QColor(text) if len(text) == 7 else QColor()
        fill = color.name() if color.isValid() else theme.SURFACE
        self.swatch.setStyleSheet(
            f"QPushButton#Swatch {{ background: {fill}; }}"
        )
        self.changed.emit(text)


class Toast(QLabel):
    """A short notice near the bottom of its parent that goes away by itself."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Toast")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.anchor: QWidget | None = None  # centre over this widget instead of the parent
        self.hide()

    def set_anchor(self, widget: QWidget) -> None:
        """Centre over `widget` (the page area), following it as it is laid out and resized."""
        self.anchor = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        moved = event.type() in (QEvent.Type.Resize, QEvent.Type.Move)
        if watched is self.anchor and moved and not self.isHidden():
            self.place()
        return False

    def show_message(self, text: str, milliseconds: int = 3000) -> None:
        self.setText(text)
        parent = self.parentWidget()
        width = min(max(self.fontMetrics().horizontalAdvance(text) + 48, 240), parent.width() - 40)
        self.setFixedWidth(width)
        self.adjustSize()
        self.place()
        self.show()
        self.raise_()
        self._timer.start(milliseconds)

    def place(self) -> None:
        """Bottom centre of the anchor (the page area), above a page's action bar."""
        parent = self.parentWidget()
        area = parent.rect()
        if self.anchor is not None and self.anchor.isVisibleTo(parent):
            top_left = self.anchor.mapTo(parent, self.anchor.rect().topLeft())
            area = self.anchor.rect().translated(top_left)
        self.move(area.x() + (area.width() - self.width()) // 2,
                  area.bottom() - self.height() - 88)


def empty_state(heading: str, text: str, buttons: list[QPushButton]) -> QWidget:
    """What an empty page is for and its first actions, in a card centred near the top."""
    holder = QWidget()
    outer = QVBoxLayout(holder)
    outer.setContentsMargins(0, 24, 0, 0)
    card = Card(spacing=10)
    card.setFixedWidth(600)  # a wrapped label needs a known width to get its height
    card.body.addWidget(label(heading, "heading"))
    card.body.addWidget(label(text, wrap=True))
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    card.body.addLayout(row)
    centre = QHBoxLayout()
    centre.addStretch(1)
    centre.addWidget(card)
    centre.addStretch(1)
    outer.addLayout(centre)
    outer.addStretch(1)
    return holder


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save (the default, calling `dialog.save`) and Cancel; kept as dialog.save_button and
    dialog.cancel_button."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    dialog.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.save_button.setText(tr("Dialogs", "Save"))
    dialog.save_button.setDefault(True)
    dialog.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    dialog.cancel_button.setText(tr("Dialogs", "Cancel"))
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    return buttons
