"""MemberDialog: add or edit one member, validated by the domain, problems shown inline."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidInput
from desktop.domain.members import (
    DuplicatePhone,
    MemberInput,
    MemberRecord,
    add_member,
    update_member,
)
from desktop.i18n import tr
from desktop.views.widgets import FieldError, label, save_cancel_buttons, set_invalid

FIELD_WIDTH = 320


def _split_tags(text: str) -> list[str]:
    """Tags typed as one line, separated by commas (, or ，) or 、."""
    for separator in ("，", "、", ";", "；"):
        text = text.replace(separator, ",")
    return [tag.strip() for tag in text.split(",") if tag.strip()]


class MemberDialog(QDialog):
    """The member form; Save (Enter) calls add_member or update_member, Esc cancels."""

    def __init__(self, member: MemberRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member = member
        self.saved: MemberRecord | None = None
        self.setWindowTitle(tr("MemberDialog", "Edit member") if member
                            else tr("MemberDialog", "Add member"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self._grid_row = 0
        self._grid = grid

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(50)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("13812345678")
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.birthday_edit = QLineEdit()
        self.birthday_edit.setPlaceholderText(tr("MemberDialog", "e.g. 1990-05-03 or 5月3日"))
        self.gender_combo = QComboBox()
        for value, text in (("", tr("MemberDialog", "Not given")),
                            ("f", tr("MemberDialog", "Female")),
                            ("m", tr("MemberDialog", "Male"))):
            self.gender_combo.addItem(text, value)
        self.wechat_edit = QLineEdit()
        self.wechat_edit.setMaxLength(50)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(tr("MemberDialog", "separate tags with commas"))
        self.notes_edit = QLineEdit()

        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        for key, caption, widget in (
            ("name", tr("MemberDialog", "Name"), self.name_edit),
            ("phone", tr("MemberDialog", "Phone"), self.phone_edit),
            ("birthday", tr("MemberDialog", "Birthday"), self.birthday_edit),
            ("gender", tr("MemberDialog", "Gender"), self.gender_combo),
            ("wechat", tr("MemberDialog", "WeChat"), self.wechat_edit),
            ("tags", tr("MemberDialog", "Tags"), self.tags_edit),
            ("notes", tr("MemberDialog", "Notes"), self.notes_edit),
        ):
            self._add_row(key, caption, widget)
        layout.addLayout(grid)

        self.general_error = FieldError()
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(save_cancel_buttons(self))
        if member is not None:
            self._fill(member)
        self.name_edit.setFocus()

    def _add_row(self, key: str, caption: str, widget: QWidget) -> None:
        caption_label = label(caption)
        caption_label.setMinimumHeight(32)
        caption_label.setBuddy(widget)
        widget.setMinimumWidth(FIELD_WIDTH)
        self._grid.addWidget(caption_label, self._grid_row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(widget, self._grid_row, 1)
        error = FieldError()
        self._grid.addWidget(error, self._grid_row + 1, 1)
        self._grid.setRowMinimumHeight(self._grid_row + 2, 6)
        self._grid_row += 3
        self.errors[key] = error
        self.fields[key] = widget

    def _fill(self, member: MemberRecord) -> None:
        self.name_edit.setText(member.name)
        self.phone_edit.setText(member.phone or "")
        self.birthday_edit.setText(str(member.birthday) if member.birthday else "")
        self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(member.gender)))
        self.wechat_edit.setText(member.wechat)
        self.tags_edit.setText(", ".join(member.tags))
        self.notes_edit.setText(member.notes)

    def member_input(self) -> MemberInput:
        """What the form holds, as the domain's input."""
        return MemberInput(
            name=self.name_edit.text(), phone=self.phone_edit.text(),
            birthday=self.birthday_edit.text(), gender=self.gender_combo.currentData() or "",
            wechat=self.wechat_edit.text(), tags=_split_tags(self.tags_edit.text()),
            notes=self.notes_edit.text(),
        )

    def clear_problems(self) -> None:
        for key, error in self.errors.items():
            error.clear_problem()
            set_invalid(self.fields[key], False)
        self.general_error.clear_problem()

    def save(self) -> None:
        """Store the member; on a refusal show the problem beside its field and stay open."""
        self.clear_problems()
        data = self.member_input()
        try:
            if self.member is None:
                self.saved = add_member(data)
            else:
                self.saved = update_member(self.member.id, data)
        except DuplicatePhone as problem:
            self.show_problem("phone", problem.user_message())
            return
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
        self.errors[key].show_problem(text[:1].upper() + text[1:])  # a sentence under the field
        set_invalid(self.fields[key], True)
        self.fields[key].setFocus()

    @staticmethod
    def _field_key(field: str) -> str | None:
        """The form field an InvalidInput names (the domain names fields in words)."""
        names = {
            tr("members", "Name"): "name", tr("phones", "Phone"): "phone",
            tr("members", "Birthday"): "birthday", tr("members", "Gender"): "gender",
            tr("members", "WeChat"): "wechat", tr("members", "Tag"): "tags",
            tr("members", "Notes"): "notes",
        }
        return names.get(field)
