"""DesignerDialog: a coupon template's fields on the left, the card as it prints on the right."""

from dataclasses import replace

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.coupon_codes import new_code
from desktop.domain.coupons import (
    KINDS,
    MAX_TITLE,
    MAX_VALID_DAYS,
    Template,
    TemplateInput,
    add_template,
    update_template,
)
from desktop.domain.errors import InvalidInput
from desktop.domain.purchases import parse_amount
from desktop.domain.store import StoreProfile
from desktop.i18n import tr
from desktop.printing.batch_cards import template_card, valid_colour
from desktop.printing.coupon_card import CouponCard, CouponCardPreview
from desktop.views.settings.page import FormGrid
from desktop.views.widgets import ColorField, FieldError, label, save_cancel_buttons, set_invalid

NO_EXPIRY, FIXED_DATES, DAYS_FROM_ISSUE = range(3)
FIELD_WIDTH = 300


def kind_text(kind: str) -> str:
    """A template kind in the current language."""
    names = {"amount": tr("CouponDesigner", "Amount off"),
             "percent": tr("CouponDesigner", "Percent off"),
             "gift": tr("CouponDesigner", "Free item"),
             "stamp": tr("CouponDesigner", "Stamp-card reward")}
    return names.get(kind, kind)


class DesignerDialog(QDialog):
    """New or edit: the form, problems beside their fields, a live preview of the card.

    The store profile (name, logo, brand colours) comes from the page, read on the database
    thread; saving is one small write, as in the member dialog. After exec(), `saved` is
    the stored Template, or None.
    """

    def __init__(self, profile: StoreProfile, template: Template | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.template = template
        self.saved: Template | None = None
        self._sample_code = new_code()  # one code for the preview's QR, not a stored one
        self.setWindowTitle(tr("CouponDesigner", "New coupon") if template is None
                            else tr("CouponDesigner", "Edit coupon"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(24)
        form_column = QVBoxLayout()
        self.grid = FormGrid()
        self._build_fields()
        form_column.addLayout(self.grid)
        self.general_error = FieldError()
        form_column.addWidget(self.general_error)
        form_column.addStretch(1)
        layout.addLayout(form_column, 3)
        layout.addLayout(self._build_preview_column(), 2)
        if template is not None:
            self._fill(template)
        self._kind_changed()
        self._validity_changed()
        self.update_preview()
        self.title_edit.setFocus()

    # -- building -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setPlaceholderText(tr("CouponDesigner", "e.g. Weekend treat"))
        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem(kind_text(kind), kind)
        self.value_edit = QLineEdit()
        self.value_unit = label("", "muted")
        value_row = QHBoxLayout()
        value_row.setSpacing(8)
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.value_unit)
        self.min_spend_edit = QLineEdit()
        self.min_spend_edit.setPlaceholderText(tr("CouponDesigner", "0 = no minimum"))
        spend_row = QHBoxLayout()
        spend_row.setSpacing(8)
        spend_row.addWidget(self.min_spend_edit, 1)
        spend_row.addWidget(label(tr("CouponDesigner", "yuan"), "muted"))
        self.terms_edit = QPlainTextEdit()
        self.terms_edit.setPlaceholderText(tr("CouponDesigner", "e.g. One coupon per visit"))
        self.terms_edit.setFixedHeight(64)
        self.primary_field = ColorField(tr("CouponDesigner", "Coupon colour"))
        self.accent_field = ColorField(tr("CouponDesigner", "Accent colour"))
        self.logo_check = QCheckBox(tr("CouponDesigner", "Print the store's logo"))
        self.logo_check.setChecked(True)
        if not self.profile.logo_png:
            self.logo_check.setEnabled(False)
            self.logo_check.setToolTip(tr("CouponDesigner",
                                          "Add a logo in Settings to print it on coupons"))
        for widget in (self.title_edit, self.kind_combo, self.value_edit, self.min_spend_edit,
                       self.terms_edit):
            widget.setMinimumWidth(FIELD_WIDTH)
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        for key, caption, field, widget in (
            ("title", tr("CouponDesigner", "Title"), self.title_edit, self.title_edit),
            ("kind", tr("CouponDesigner", "Type"), self.kind_combo, self.kind_combo),
            ("value", tr("CouponDesigner", "Value"), value_row, self.value_edit),
            ("min_spend", tr("CouponDesigner", "Minimum spend"), spend_row,
             self.min_spend_edit),
            ("validity", tr("CouponDesigner", "Valid"), self._build_validity(),
             self.days_spin),
            ("terms", tr("CouponDesigner", "Terms"), self.terms_edit, self.terms_edit),
            ("primary", tr("CouponDesigner", "Colour"), self.primary_field,
             self.primary_field.edit),
            ("accent", tr("CouponDesigner", "Accent"), self.accent_field,
             self.accent_field.edit),
            ("logo", tr("CouponDesigner", "Logo"), self.logo_check, self.logo_check),
        ):
            self.errors[key] = self.grid.add_row(caption, field)
            self.fields[key] = widget
        self.primary_field.set_value(self.profile.primary_color)
        self.accent_field.set_value(self.profile.accent_color)
        self.title_edit.textChanged.connect(self.update_preview)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.value_edit.textChanged.connect(self.update_preview)
        self.min_spend_edit.textChanged.connect(self.update_preview)
        self.terms_edit.textChanged.connect(self.update_preview)
        self.primary_field.changed.connect(self.update_preview)
        self.accent_field.changed.connect(self.update_preview)
        self.logo_check.toggled.connect(self.update_preview)

    def _build_validity(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(6)
        self.validity_group = QButtonGroup(self)
        self.no_expiry_radio = QRadioButton(tr("CouponDesigner", "No expiry"))
        self.dates_radio = QRadioButton(tr("CouponDesigner", "Fixed dates"))
        self.days_radio = QRadioButton(tr("CouponDesigner", "Days from issue"))
        for index, button in enumerate((self.no_expiry_radio, self.dates_radio,
                                        self.days_radio)):
            self.validity_group.addButton(button, index)
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today)
        self.to_edit = QDateEdit(today.addDays(30))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.update_preview)
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, MAX_VALID_DAYS)
        self.days_spin.setValue(30)
        self.days_spin.valueChanged.connect(self.update_preview)
        column.addWidget(self.no_expiry_radio)
        dates_row = QHBoxLayout()
        dates_row.addWidget(self.dates_radio)
        dates_row.addWidget(self.from_edit)
        dates_row.addWidget(label("–"))
        dates_row.addWidget(self.to_edit)
        dates_row.addStretch(1)
        column.addLayout(dates_row)
        days_row = QHBoxLayout()
        days_row.addWidget(self.days_radio)
        days_row.addWidget(self.days_spin)
        days_row.addWidget(label(tr("CouponDesigner", "days"), "muted"))
        days_row.addStretch(1)
        column.addLayout(days_row)
        self.days_radio.setChecked(True)
        self.validity_group.idToggled.connect(
            lambda _id, on: on and self._validity_changed())
        return holder

    def _build_preview_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(label(tr("CouponDesigner", "Preview"), "heading"))
        self.preview = CouponCardPreview(self.card())
        self.preview.setMinimumSize(360, 240)
        column.addWidget(self.preview)
        column.addWidget(label(tr("CouponDesigner", "Printed 90 mm wide, 8 or 10 to an A4 "
                                                    "sheet. Each printed coupon gets its own "
                                                    "code."), "muted", wrap=True))
        column.addStretch(1)
        column.addWidget(save_cancel_buttons(self))
        return column

    def _fill(self, template: Template) -> None:
        self.title_edit.setText(template.title)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(template.kind)))
        if template.kind == "percent":
            self.value_edit.setText(str(template.value))
        elif template.value:
            self.value_edit.setText(_yuan_text(template.value))
        if template.min_spend_cents:
            self.min_spend_edit.setText(_yuan_text(template.min_spend_cents))
        if template.valid_days:
            self.days_radio.setChecked(True)
            self.days_spin.setValue(template.valid_days)
        elif template.valid_from and template.valid_to:
            self.dates_radio.setChecked(True)
            self.from_edit.setDate(QDate(template.valid_from))
            self.to_edit.setDate(QDate(template.valid_to))
        else:
            self.no_expiry_radio.setChecked(True)
        self.terms_edit.setPlainText(template.terms)
        for key, field in (("primary_color", self.primary_field),
                           ("accent_color", self.accent_field)):
            if template.style.get(key):
                field.set_value(str(template.style[key]))
        self.logo_check.setChecked(bool(template.style.get("show_logo", True)))

    # -- reacting -------------------------------------------------------------------------

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        hints = {"amount": tr("CouponDesigner", "e.g. 20"),
                 "percent": tr("CouponDesigner", "1 to 99"),
                 "gift": tr("CouponDesigner", "the item's worth (optional)"),
                 "stamp": tr("CouponDesigner", "the reward's worth (optional)")}
        self.value_unit.setText("%" if kind == "percent" else tr("CouponDesigner", "yuan"))
        self.value_edit.setPlaceholderText(hints[kind])
        self.update_preview()

    def _validity_changed(self) -> None:
        choice = self.validity_group.checkedId()
        self.from_edit.setEnabled(choice == FIXED_DATES)
        self.to_edit.setEnabled(choice == FIXED_DATES)
        self.days_spin.setEnabled(choice == DAYS_FROM_ISSUE)
        self.update_preview()

    def template_input(self, lenient: bool = False) -> TemplateInput:
        """What the form holds; `lenient` reads an unreadable number as 0 (for the preview)."""
        choice = self.validity_group.checkedId()
        start = end = days = None
        if choice == FIXED_DATES:
            start = self.from_edit.date().toPython()
            end = self.to_edit.date().toPython()
        elif choice == DAYS_FROM_ISSUE:
            days = self.days_spin.value()
        return TemplateInput(
            title=self.title_edit.text(), kind=self.kind_combo.currentData(),
            value=self._number(self.value_edit, "value", lenient),
            min_spend_cents=self._number(self.min_spend_edit, "min_spend", lenient),
            valid_from=start, valid_to=end, valid_days=days,
            terms=self.terms_edit.toPlainText(),
            style={"primary_color": self.primary_field.value(),
                   "accent_color": self.accent_field.value(),
                   "show_logo": self.logo_check.isChecked()})

    def _number(self, edit: QLineEdit, key: str, lenient: bool) -> int:
        """A typed value: whole percent, or yuan as fen; InvalidInput naming `key`."""
        text = edit.text().strip()
        if not text.strip("¥元 .0"):  # empty or a zero: parse_amount refuses 0, the domain decides
            return 0
        try:
            if key == "value" and self.kind_combo.currentData() == "percent":
                return int(text.removesuffix("%").strip())
            return parse_amount(text)
        except (ValueError, InvalidInput) as problem:
            if lenient:
                return 0
            message = (problem.details.get("problem") if isinstance(problem, InvalidInput)
                       else tr("CouponDesigner", "enter a whole number"))
            raise _FieldProblem(key, str(message)) from None

    def card(self) -> CouponCard:
        """The card the form describes, with the store's name and logo and a sample code."""
        card = template_card(self.template_input(lenient=True), self.profile, self._sample_code)
        return replace(card, title=card.title.strip() or tr("CouponDesigner", "Coupon title"))

    def update_preview(self) -> None:
        """Repaint the preview from what the form holds now."""
        if hasattr(self, "preview"):
            self.preview.set_card(self.card())

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Store the template; on a refusal show the problem beside its field and stay open."""
        self.clear_problems()
        for key, field in (("primary", self.primary_field), ("accent", self.accent_field)):
            if valid_colour(field.value(), "") == "":
                self.show_problem(key, tr("CouponDesigner", "a colour like #C8102E"))
                return
        try:
            data = self.template_input()
            if self.template is None:
                self.saved = add_template(data)
            else:
                self.saved = update_template(self.template.id, data)
        except _FieldProblem as problem:
            self.show_problem(problem.key, problem.text)
            return
        except InvalidInput as problem:
            self.show_problem(self._field_key(str(problem.details.get("field", ""))),
                              str(problem.details.get("problem", problem.user_message())))
            return
        self.accept()

    def clear_problems(self) -> None:
        for key, error in self.errors.items():
            error.clear_problem()
            set_invalid(self.fields[key], False)
        self.general_error.clear_problem()

    def show_problem(self, key: str | None, text: str) -> None:
        """Show `text` under field `key` (or under the form when no field caused it)."""
        if key is None:
            self.general_error.show_problem(text)
            return
        self.errors[key].show_problem(text[:1].upper() + text[1:])
        set_invalid(self.fields[key], True)
        self.fields[key].setFocus()

    def problem_texts(self) -> dict[str, str]:
        """Field key -> the problem shown under it (for tests and screen readers)."""
        return {key: error.text() for key, error in self.errors.items() if error.isVisibleTo(self)}

    @staticmethod
    def _field_key(field: str) -> str | None:
        """The form field an InvalidInput names (the domain names fields in words)."""
        names = {tr("coupons", "Title"): "title", tr("coupons", "Type"): "kind",
                 tr("coupons", "Value"): "value", tr("coupons", "Minimum spend"): "min_spend",
                 tr("coupons", "Validity"): "validity", tr("coupons", "Valid days"): "validity",
                 tr("coupons", "Valid to"): "validity", tr("coupons", "Terms"): "terms"}
        return names.get(field)


class _FieldProblem(Exception):
    """A number the form could not read, before the domain sees it."""

    def __init__(self, key: str, text: str) -> None:
        super().__init__(text)
        self.key = key
        self.text = text


def _yuan_text(cents: int) -> str:
    yuan, fen = divmod(cents, 100)
    return str(yuan) if not fen else f"{yuan}.{fen:02d}"
