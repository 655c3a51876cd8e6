"""EntryDialog: create or edit one entry point, validated by the domain, problems inline."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.coupons import Template
from desktop.domain.entry_points import (
    LINK_KINDS,
    MAX_LOCATION,
    MAX_NAME,
    PARAM_PRESETS,
    EntryPoint,
    EntryPointInput,
    add_entry_point,
    default_param,
    update_entry_point,
)
from desktop.domain.errors import InvalidInput
from desktop.i18n import tr
from desktop.views.members.member_dialog import _split_tags
from desktop.views.settings.page import FormGrid
from desktop.views.widgets import FieldError, label, save_cancel_buttons, set_invalid

FIELD_WIDTH = 380


def kind_text(kind: str) -> str:
    """An entry point kind in the current language."""
    names = {"page": tr("EntriesPage", "Sign-up page"),
             "form": tr("EntriesPage", "External form"),
             "url": tr("EntriesPage", "Any link"),
             "counter": tr("EntriesPage", "Counter"),
             "referral": tr("EntriesPage", "Member invite")}
    return names.get(kind, kind)


def _with_hint(field: QWidget, hint: str) -> QWidget:
    """A field with a muted explanation under it, shown and hidden together."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    column.addWidget(field)
    text = label(hint, "muted", wrap=True)
    # A wrapped label's height is only known for a width: reserve it for the narrowest field.
    text.setMinimumHeight(text.heightForWidth(FIELD_WIDTH))
    column.addWidget(text)
    return box


class EntryDialog(QDialog):
    """The entry point form; Save (Enter) calls add_ or update_entry_point, Esc cancels."""

    def __init__(self, templates: list[Template], entry: EntryPoint | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.saved: EntryPoint | None = None
        self.setWindowTitle(tr("EntriesPage", "Edit entry point") if entry
                            else tr("EntriesPage", "New entry point"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        grid = FormGrid()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(tr("EntriesPage", "e.g. Window poster"))
        self.kind_combo = QComboBox()
        for kind in ("page", "form", "url", "counter"):
            self.kind_combo.addItem(kind_text(kind), kind)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://www.wjx.cn/vm/abcd.aspx")
        self.param_edit = QLineEdit()
        self.param_edit.setMaxLength(30)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(tr("EntriesPage", "given to everyone who joins here; "
                                                            "separate with commas"))
        self.welcome_combo = QComboBox()
        self.welcome_combo.addItem(tr("EntriesPage", "No welcome coupon"), None)
        for template in templates:
            self.welcome_combo.addItem(template.title, template.id)
        self.location_edit = QLineEdit()
        self.location_edit.setMaxLength(MAX_LOCATION)
        self.location_edit.setPlaceholderText(tr("EntriesPage", "e.g. shop window, till"))
        for widget in (self.name_edit, self.kind_combo, self.url_edit, self.param_edit,
                       self.tags_edit, self.welcome_combo, self.location_edit):
            widget.setMinimumWidth(FIELD_WIDTH)

        presets = ", ".join(f"{host}: {param}" for host, param in PARAM_PRESETS.items())
        self.url_box = _with_hint(self.url_edit, tr(
            "EntriesPage", "The address the QR code leads to."))
        self.param_box = _with_hint(self.param_edit, tr(
            "EntriesPage", "The link parameter the form records, so each sign-up is credited "
                           "to this entry point. Left empty, the form service's preset is "
                           "used ({presets}).").format(presets=presets))
        self.fields: dict[str, QWidget] = {
            "name": self.name_edit, "kind": self.kind_combo, "url": self.url_edit,
            "param": self.param_edit, "tags": self.tags_edit, "welcome": self.welcome_combo,
            "location": self.location_edit}
        self.errors: dict[str, FieldError] = {
            "name": grid.add_row(tr("EntriesPage", "Name"), self.name_edit),
            "kind": grid.add_row(tr("EntriesPage", "Kind"), self.kind_combo),
            "url": grid.add_row(tr("EntriesPage", "Link"), self.url_box),
            "param": grid.add_row(tr("EntriesPage", "Parameter"), self.param_box),
            "tags": grid.add_row(tr("EntriesPage", "Auto-tags"), self.tags_edit),
            "welcome": grid.add_row(tr("EntriesPage", "Welcome coupon"), self.welcome_combo),
            "location": grid.add_row(tr("EntriesPage", "Location"), self.location_edit),
        }
        self._captions = grid.captions
        layout.addLayout(grid)
        self.general_error = FieldError()
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(save_cancel_buttons(self))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.url_edit.textChanged.connect(self._url_changed)
        if entry is not None:
            self._fill(entry)
        self._kind_changed()
        self.name_edit.setFocus()

    def _fill(self, entry: EntryPoint) -> None:
        self.name_edit.setText(entry.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(entry.kind)))
        self.url_edit.setText(entry.url)
        self.param_edit.setText(entry.param)
        self.tags_edit.setText(", ".join(entry.tags))
        found = self.welcome_combo.findData(entry.welcome_template_id)
        if entry.welcome_template_id is not None and found < 0:
            # An archived template stays shown so saving unchanged keeps it visible as chosen;
            # the domain says if it can no longer issue.
            self.welcome_combo.addItem(tr("EntriesPage", "Coupon #{id}").format(
                id=entry.welcome_template_id), entry.welcome_template_id)
            found = self.welcome_combo.count() - 1
        self.welcome_combo.setCurrentIndex(max(0, found))
        self.location_edit.setText(entry.location)

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self._show_row("url", kind in LINK_KINDS)
        self._show_row("param", kind == "form")

    def _show_row(self, key: str, shown: bool) -> None:
        index = list(self.fields).index(key)
        self._captions[index].setVisible(shown)
        (self.url_box if key == "url" else self.param_box).setVisible(shown)
        if not shown:
            self.errors[key].clear_problem()

    def _url_changed(self, text: str) -> None:
        # Shows the preset the domain will use when the field is left empty.
        self.param_edit.setPlaceholderText(default_param(text) or "sojumpparm")

    def entry_input(self) -> EntryPointInput:
        """What the form holds, as the domain's input."""
        return EntryPointInput(
            name=self.name_edit.text(), kind=self.kind_combo.currentData(),
            url=self.url_edit.text(), param=self.param_edit.text(),
            tags=_split_tags(self.tags_edit.text()),
            welcome_template_id=self.welcome_combo.currentData(),
            location=self.location_edit.text())

    def save(self) -> None:
        """Store the entry point; on a refusal show the problem beside its field, stay open."""
        for key, error in self.errors.items():
            error.clear_problem()
            set_invalid(self.fields[key], False)
        self.general_error.clear_problem()
        data = self.entry_input()
        try:
            self.saved = (add_entry_point(data) if self.entry is None
                          else update_entry_point(self.entry.id, data))
        except InvalidInput as problem:
            self.show_problem(self._field_key(str(problem.details.get("field", ""))),
                              str(problem.details.get("problem", problem.user_message())))
            return
        self.accept()

    def show_problem(self, key: str | None, text: str) -> None:
        """Show `text` under field `key` (or under the form when no field caused it)."""
        if key is None:
            self.general_error.show_problem(text)
            return
        self.errors[key].show_problem(text[:1].upper() + text[1:])
        set_invalid(self.fields[key], True)
        self.fields[key].setFocus()

    @staticmethod
    def _field_key(field: str) -> str | None:
        """The form field an InvalidInput names (the domain names fields in words)."""
        names = {tr("entries", "Name"): "name", tr("entries", "Kind"): "kind",
                 tr("entries", "URL"): "url", tr("entries", "Parameter"): "param",
                 tr("members", "Tag"): "tags", tr("entries", "Welcome coupon"): "welcome",
                 tr("entries", "Location"): "location"}
        return names.get(field)
