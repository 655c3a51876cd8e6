"""The settings page: the store profile (name, logo, contact, colours) and the language."""

import logging
from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidInput
from desktop.domain.store import StoreProfile, get_store_profile, save_store_profile, validate_logo
from desktop.i18n import tr
from desktop.views import dialogs
from desktop.views.page import Page, PageContext
from desktop.views.settings.backups_card import BackupsCard
from desktop.views.settings.birthday_card import BirthdayCard
from desktop.views.settings.rules_card import RulesCard
from desktop.views.widgets import Card, ColorField, FieldError, label, primary_button, set_invalid

log = logging.getLogger(__name__)

LOGO_PREVIEW = QSize(96, 96)
FIELD_MAX_WIDTH = 560  # long enough for an address, short enough to read on a wide screen


def language_choices() -> list[tuple[str, str]]:
    """(stored value, label) for the language combo; language names stay in their own script."""
    return [("", tr("Settings", "Follow system")), ("zh_CN", "简体中文"), ("en", "English")]


class FormGrid(QGridLayout):
    """Label | field rows, each with an inline problem line under the field."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(20)
        self.setVerticalSpacing(4)
        self.setColumnStretch(1, 1)
        self._row = 0
        self.captions: list[QLabel] = []

    def add_row(self, caption: str, field: QWidget | QHBoxLayout, hint: str = "") -> FieldError:
        caption_label = label(caption)
        caption_label.setMinimumHeight(32)
        caption_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.captions.append(caption_label)
        self.addWidget(caption_label, self._row, 0, Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QHBoxLayout):
            self.addLayout(field, self._row, 1)
        else:
            self.addWidget(field, self._row, 1)
        error = FieldError()
        self.addWidget(error, self._row + 1, 1)
        self._row += 2
        if hint:
            self.addWidget(label(hint, "muted", wrap=True), self._row, 1)
            self._row += 1
        self.setRowMinimumHeight(self._row, 10)
        self._row += 1
        return error


class SettingsPage(Page):
    """Edit the store profile; Save validates through the domain and shows problems inline."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._profile: StoreProfile | None = None
        self._logo: bytes | None = None
        self._forms: list[FormGrid] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("PageScroll")
        self.scroll.setWidgetResizable(True)
        outer.addWidget(self.scroll, 1)
        content = QWidget()
        self.scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 24, 28, 28)
        layout.setSpacing(16)
        layout.addWidget(label(tr("Settings", "Settings"), "title"))
        layout.addWidget(label(tr(
            "Settings", "Your store's details appear on posters, coupons and partner sheets."
        ), "muted", wrap=True))
        layout.addWidget(self._build_profile_card())
        layout.addWidget(self._build_colour_card())
        layout.addWidget(self._build_language_card())
        self.rules_card = RulesCard(context, self._form())
        layout.addWidget(self.rules_card)
        self.birthday_card = BirthdayCard(context, self._form())
        layout.addWidget(self.birthday_card)
        self.backups_card = BackupsCard(context)
        layout.addWidget(self.backups_card)
        layout.addStretch(1)
        outer.addWidget(self._build_action_bar())
        self._install_shortcuts()
        # One caption column across all cards, however long the captions are in a language.
        captions = [caption for form in self._forms for caption in form.captions]
        width = max(caption.sizeHint().width() for caption in captions)
        for caption in captions:
            caption.setMinimumWidth(width)

    # -- building -------------------------------------------------------------------------

    def _form(self) -> FormGrid:
        form = FormGrid()
        self._forms.append(form)
        return form

    def _build_profile_card(self) -> Card:
        card = Card()
        card.body.addWidget(label(tr("Settings", "Store profile"), "heading"))
        form = self._form()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(100)
        self.name_edit.setMaximumWidth(FIELD_MAX_WIDTH)
        self.name_edit.setPlaceholderText(tr("Settings", "e.g. Sunny Bakery"))
        self.name_error = form.add_row(tr("Settings", "Store name"), self.name_edit)
        self.logo_error = form.add_row(
            tr("Settings", "Logo"),
            self._build_logo_row(),
            tr("Settings", "A PNG image of at most 512 KB. A square logo looks best."),
        )
        self.address_edit = QLineEdit()
        self.address_edit.setMaxLength(200)
        self.address_edit.setMaximumWidth(FIELD_MAX_WIDTH)
        self.address_error = form.add_row(tr("Settings", "Address"), self.address_edit)
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(40)
        self.phone_edit.setMaximumWidth(FIELD_MAX_WIDTH)
        self.phone_error = form.add_row(tr("Settings", "Phone"), self.phone_edit)
        card.body.addLayout(form)
        return card

    def _build_logo_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("LogoPreview")
        self.logo_preview.setFixedSize(LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setProperty("role", "muted")
        row.addWidget(self.logo_preview)
        buttons = QVBoxLayout()
        buttons.setSpacing(8)
        self.choose_logo_button = QPushButton(tr("Settings", "Choose PNG…"))
        self.choose_logo_button.clicked.connect(self._choose_logo)
        self.remove_logo_button = QPushButton(tr("Settings", "Remove logo"))
        self.remove_logo_button.clicked.connect(self._remove_logo)
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        row.addStretch(1)
        return row

    def _build_colour_card(self) -> Card:
        card = Card()
        card.body.addWidget(label(tr("Settings", "Colours"), "heading"))
        form = self._form()
        self.primary_field = ColorField(tr("Settings", "Brand colour"))
        self.primary_error = form.add_row(
            tr("Settings", "Brand colour"),
            self.primary_field,
            tr("Settings", "The window's highlights, posters and coupons use it."),
        )
        self.accent_field = ColorField(tr("Settings", "Accent colour"))
        self.accent_error = form.add_row(
            tr("Settings", "Accent colour"),
            self.accent_field,
            tr("Settings", "A second colour for posters and coupons."),
        )
        card.body.addLayout(form)
        return card

    def _build_language_card(self) -> Card:
        card = Card()
        card.body.addWidget(label(tr("Settings", "Language"), "heading"))
        form = self._form()
        self.language_combo = QComboBox()
        for value, text in language_choices():
            self.language_combo.addItem(text, value)
        self.language_combo.setMinimumWidth(200)
        row = QHBoxLayout()
        row.addWidget(self.language_combo)
        row.addStretch(1)
        self.language_error = form.add_row(tr("Settings", "Display language"), row)
        card.body.addLayout(form)
        return card

    def _build_action_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("ActionBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(28, 12, 28, 12)
        self.general_error = FieldError()
        row.addWidget(self.general_error, 1)
        row.addStretch(0)
        self.discard_button = QPushButton(tr("Settings", "Discard changes"))
        self.discard_button.setToolTip(tr("Settings", "Go back to what is saved (Esc)"))
        self.discard_button.clicked.connect(self.discard)
        self.save_button = primary_button(tr("Settings", "Save"))
        self.save_button.setToolTip(tr("Settings", "Save (Enter or Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        return bar

    def _install_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for sequence, slot in ((QKeySequence.StandardKey.Save, self.save),
                               (QKeySequence(Qt.Key.Key_Escape), self.discard)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        for edit in (self.name_edit, self.address_edit, self.phone_edit,
                     self.primary_field.edit, self.accent_field.edit):
            edit.returnPressed.connect(self.save)

    # -- behaviour ------------------------------------------------------------------------

    def refresh(self) -> None:
        # Coming back to the page keeps unsaved edits; a clean form picks up outside changes.
        if self._profile is None or self.edited_profile() == self._profile:
            self.load()

    def load(self) -> None:
        """Fill the form from the database, dropping unsaved edits."""
        profile = get_store_profile()
        self._profile = profile
        self.name_edit.setText(profile.name)
        self.address_edit.setText(profile.address)
        self.phone_edit.setText(profile.phone)
        self.primary_field.set_value(profile.primary_color)
        self.accent_field.set_value(profile.accent_color)
        index = self.language_combo.findData(profile.language or "")
        self.language_combo.setCurrentIndex(max(index, 0))
        self._set_logo(profile.logo_png)
        self._clear_problems()

    def discard(self) -> None:
        """Drop every unsaved edit on the page: the store profile's and the cards'."""
        self.load()
        for card in self._saving_cards():
            card.discard()

    def _saving_cards(self) -> tuple:
        """The cards with their own Save that the page's Save and Esc also act on."""
        return self.rules_card, self.birthday_card

    def edited_profile(self) -> StoreProfile:
        """The profile as the form shows it now."""
        return replace(
            self._profile,
            name=self.name_edit.text(),
            address=self.address_edit.text(),
            phone=self.phone_edit.text(),
            primary_color=self.primary_field.value(),
            accent_color=self.accent_field.value(),
            logo_png=self._logo,
            language=self.language_combo.currentData() or "",
        )

    def save(self) -> bool:
        """Validate and store the form; problems appear next to their fields.

        Edited membership rules and birthday settings are saved too (by their cards, which
        show their own problems): saving the profile rebuilds the window, which would drop them.
        """
        self._clear_problems()
        edited = [card for card in self._saving_cards() if card.is_edited()]
        for card in edited:
            if not card.save():
                return False
        if edited and self.edited_profile() == self._profile:
            return True  # only the cards changed: no rebuild, each says when it is saved
        before = self._profile
        try:
            saved = save_store_profile(self.edited_profile())
        except InvalidInput as problem:
            self._show_problem(problem)
            return False
        log.info("Store profile saved")
        self._profile = saved
        self.context.profile_saved(before, saved)
        self.context.notify(tr("Settings", "Settings saved"))
        return True

    def _field_widgets(self) -> dict[str, tuple[QWidget, FieldError]]:
        # Keys are the field names the domain puts into InvalidInput, in the same language.
        return {
            tr("store", "Store name"): (self.name_edit, self.name_error),
            tr("store", "Brand colour"): (self.primary_field.edit, self.primary_error),
            tr("store", "Accent colour"): (self.accent_field.edit, self.accent_error),
            tr("store", "Logo"): (self.logo_preview, self.logo_error),
            tr("store", "Language"): (self.language_combo, self.language_error),
        }

    def _show_problem(self, problem: InvalidInput) -> None:
        found = self._field_widgets().get(str(problem.details.get("field", "")))
        if found is None:
            self.general_error.show_problem(problem.user_message())
            return
        widget, error = found
        error.show_problem(str(problem.details.get("problem", problem.user_message())))
        set_invalid(widget, True)
        # The field may be scrolled away; the bar beside Save says where to look.
        self.general_error.show_problem(
            tr("Settings", "Not saved: correct the field marked in red.")
        )
        self.scroll.ensureWidgetVisible(widget, 40, 80)
        widget.setFocus()

    def _clear_problems(self) -> None:
        for widget, error in self._field_widgets().values():
            error.clear_problem()
            set_invalid(widget, False)
        self.general_error.clear_problem()

    def _choose_logo(self) -> None:
        path = dialogs.choose_open_file(
            self, tr("Settings", "Choose the store logo"), tr("Settings", "PNG images (*.png)")
        )
        if path is None:
            return
        self.logo_error.clear_problem()
        try:
            data = path.read_bytes()
            validate_logo(data)
        except OSError as exc:
            self.logo_error.show_problem(
                tr("Settings", "The file could not be read: {reason}").format(
                    reason=exc.strerror or exc
                )
            )
            return
        except InvalidInput as problem:
            self.logo_error.show_problem(str(problem.details.get("problem", "")))
            return
        self._set_logo(data)

    def _remove_logo(self) -> None:
        self.logo_error.clear_problem()
        self._set_logo(None)

    def _set_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data, "PNG"):
            self._logo = data
            scale = self.devicePixelRatioF()
            inner = (LOGO_PREVIEW - QSize(12, 12)) * scale
            pixmap = pixmap.scaled(
                inner,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap.setDevicePixelRatio(scale)
            self.logo_preview.setPixmap(pixmap)
        else:
            self._logo = None
            self.logo_preview.clear()
            self.logo_preview.setText(tr("Settings", "No logo"))
        self.remove_logo_button.setEnabled(self._logo is not None)
