"""The first-run dialog: welcome, the store's name and the language, then the main window."""

import logging
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import settings
from desktop.domain.errors import InvalidInput
from desktop.domain.store import DEFAULT_STORE_NAME, get_store_profile, save_store_profile
from desktop.i18n import tr
from desktop.views import translation
from desktop.views.settings.page import language_choices
from desktop.views.widgets import FieldError, app_logo, label, set_invalid

log = logging.getLogger(__name__)


class FirstRunDialog(QDialog):
    """Asks for the two things every poster and screen needs; OK stores them for good."""

    def __init__(self, parent: QWidget | None = None, language: str = "") -> None:
        super().__init__(parent)
        self.setMinimumWidth(560)
        self._profile = get_store_profile()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 22)
        layout.setSpacing(14)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(app_logo(56, self))
        self.title_label = label("", "title", wrap=True)
        top.addWidget(self.title_label, 1)
        layout.addLayout(top)
        self.intro_label = label("", wrap=True)
        layout.addWidget(self.intro_label)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.name_caption = label()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(100)
        # The default name is a placeholder, not a name: the owner types their own.
        if self._profile.name not in (DEFAULT_STORE_NAME, tr("store", DEFAULT_STORE_NAME)):
            self.name_edit.setText(self._profile.name)
        self.name_error = FieldError()
        self.language_caption = label()
        self.language_combo = QComboBox()
        form.addRow(self.name_caption, self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(self.language_caption, self.language_combo)
        layout.addLayout(form)
        self.later_label = label("", "muted", wrap=True)
        layout.addWidget(self.later_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setProperty("primary", True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._fill_languages(language)
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self.retranslate()
        self.name_edit.setFocus()

    def _fill_languages(self, selected: str) -> None:
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        for value, text in language_choices():
            self.language_combo.addItem(text, value)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(selected), 0))
        self.language_combo.blockSignals(False)

    def retranslate(self) -> None:
        """Set every text in the current language (the dialog switches as the user picks one)."""
        self.setWindowTitle(tr("FirstRun", "Welcome to ShopCircle"))
        self.title_label.setText(tr("FirstRun", "Welcome to ShopCircle"))
        self.intro_label.setText(tr(
            "FirstRun",
            "ShopCircle keeps your members, coupons and partner shops on this computer. "
            "Tell it your store's name to begin; posters and coupons will print it.",
        ))
        self.name_caption.setText(tr("FirstRun", "Store name"))
        self.name_edit.setPlaceholderText(tr("FirstRun", "e.g. Sunny Bakery"))
        self.language_caption.setText(tr("FirstRun", "Language"))
        self.later_label.setText(
            tr("FirstRun", "You can change these, add a logo and colours later in Settings.")
        )
        self._fill_languages(self.language_combo.currentData() or "")
        # Qt's own translator names these 确定/取消; ours only adds the verbs we prefer.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("FirstRun", "Start using ShopCircle")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            tr("FirstRun", "Later")
        )

    def _language_changed(self) -> None:
        translation.apply_language(self.language_combo.currentData() or "")
        self.retranslate()

    def accept(self) -> None:
        """Store the name and language, mark the first run done, close."""
        self.name_error.clear_problem()
        set_invalid(self.name_edit, False)
        profile = replace(
            self._profile,
            name=self.name_edit.text(),
            language=self.language_combo.currentData() or "",
        )
        try:
            save_store_profile(profile)
        except InvalidInput as problem:
            self.name_error.show_problem(
                str(problem.details.get("problem", problem.user_message()))
            )
            set_invalid(self.name_edit, True)
            self.name_edit.setFocus()
            return
        settings.set_setting("first_run_done", True)
        log.info("First run completed")
        super().accept()
