"""TagDialog: put tags on the members selected in the list, or take tags off them."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QScrollArea, QWidget

from desktop.domain.errors import InvalidInput
from desktop.domain.member_tags import TagUse, tag_use
from desktop.domain.members import MAX_TAG, clean_text, tag_members, untag_members
from desktop.i18n import tr
from desktop.views import theme
from desktop.views.members.action_dialog import ActionDialog, plain_label
from desktop.views.members.member_dialog import _split_tags
from desktop.views.widgets import FieldError, label, set_invalid

LIST_STYLE = f"""
QScrollArea#TagList {{ border: 1px solid {theme.BORDER}; border-radius: 8px;
    background: {theme.SURFACE}; }}
QWidget#TagRows {{ background: {theme.SURFACE}; }}
"""


@dataclass(frozen=True)
class TagChange:
    """What a tag dialog did, for the page's notice; true when any member's tags changed."""

    adding: bool  # tags put on (True) or taken off (False)
    members: int  # how many members were selected
    tags: tuple[str, ...]
    links: int  # member-tag pairs added or removed; 0 when all had (or lacked) them already

    def __bool__(self) -> bool:
        return self.links > 0

    def notice(self) -> str:
        """A one-line notice: 'Tagged 3 members: 咖啡, 周末'."""
        tags = ", ".join(self.tags)
        if self.adding:
            text = (tr("MemberActions", "Tagged 1 member: {tags}") if self.members == 1
                    else tr("MemberActions", "Tagged {n} members: {tags}"))
        else:
            text = (tr("MemberActions", "Removed tags from 1 member: {tags}")
                    if self.members == 1
                    else tr("MemberActions", "Removed tags from {n} members: {tags}"))
        return text.format(n=f"{self.members:,}", tags=tags)


class TagDialog(ActionDialog):
    """Tick existing tags (each with how many of the selection carry it), or type new ones."""

    def __init__(self, member_ids: list[int], adding: bool,
                 parent: QWidget | None = None) -> None:
        title = (tr("MemberActions", "Add tags") if adding
                 else tr("MemberActions", "Remove tags"))
        super().__init__(title, title, parent)
        self.setMinimumWidth(460)
        self.adding = adding
        self.member_ids = list(dict.fromkeys(member_ids))
        self.loaded = False
        self.change: TagChange | None = None
        self.checks: dict[str, QCheckBox] = {}
        count = len(self.member_ids)
        if adding:
            intro = (tr("MemberActions", "Tick the tags to put on the selected member, or "
                        "type a new one.") if count == 1
                     else tr("MemberActions", "Tick the tags to put on the {n} selected "
                             "members, or type a new one."))
        else:
            intro = (tr("MemberActions", "Tick the tags to take off the selected member.")
                     if count == 1
                     else tr("MemberActions", "Tick the tags to take off the {n} selected "
                             "members."))
        self.body.addWidget(label(intro.format(n=f"{count:,}"), wrap=True))
        self.status_label = label(tr("MemberActions", "Loading tags…"), "muted", wrap=True)
        self.body.addWidget(self.status_label)
        self.rows = QWidget()
        self.rows.setObjectName("TagRows")
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(12, 8, 12, 8)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(0, 1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("TagList")
        self.scroll.setStyleSheet(LIST_STYLE)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.rows)
        self.scroll.setMinimumHeight(120)
        self.scroll.setMaximumHeight(300)
        self.scroll.hide()
        self.body.addWidget(self.scroll, 1)
        self.new_edit = QLineEdit()
        self.new_error = FieldError()
        if adding:
            caption = label(tr("MemberActions", "New tag"))
            caption.setBuddy(self.new_edit)
            self.new_edit.setPlaceholderText(
                tr("MemberActions", "e.g. 爱喝咖啡; separate several with commas"))
            self.new_edit.textChanged.connect(self._typed)
            self.body.addWidget(caption)
            self.body.addWidget(self.new_edit)
            self.body.addWidget(self.new_error)
            self.new_edit.setFocus()
        ids = self.member_ids
        self.load(lambda: tag_use(ids, unused_too=adding), self._show_tags)

    def _show_tags(self, uses: list[TagUse]) -> None:
        self.loaded = True
        total = len(self.member_ids)
        for row, use in enumerate(uses):
            box = QCheckBox(use.name)  # check box text is plain: a tag like <b> stays literal
            box.toggled.connect(self.update_action)
            self.checks[use.name] = box
            self.grid.addWidget(box, row, 0)
            if use.members:
                have = plain_label(tr("MemberActions", "{n} of {total} have it").format(
                    n=f"{use.members:,}", total=f"{total:,}"), "muted")
                self.grid.addWidget(have, row, 1, Qt.AlignmentFlag.AlignRight)
        self.grid.setRowStretch(len(uses), 1)
        if uses:
            self.status_label.hide()
            self.scroll.show()
            if not self.adding:
                next(iter(self.checks.values())).setFocus()
        elif self.adding:
            self.status_label.setText(tr("MemberActions", "No tags yet: type the first one "
                                         "below."))
        else:
            self.status_label.setText(tr("MemberActions", "None of the selected members has "
                                         "a tag."))
        self.update_action()
        self.fit_content()

    def _typed(self) -> None:
        self.new_error.clear_problem()
        set_invalid(self.new_edit, False)
        self.update_action()

    def ready(self) -> bool:
        return self.loaded and (any(box.isChecked() for box in self.checks.values())
                                or bool(self.new_edit.text().strip()))

    def chosen_tags(self) -> list[str]:
        """The ticked tags, then the typed ones cleaned as the domain stores them.

        InvalidInput when a typed tag is too long.
        """
        typed = [clean_text(tag, MAX_TAG, tr("members", "Tag"))
                 for tag in _split_tags(self.new_edit.text())]
        ticked = [name for name, box in self.checks.items() if box.isChecked()]
        return list(dict.fromkeys(name for name in ticked + typed if name))

    def apply(self) -> None:
        if not self.ready():
            return
        try:
            tags = self.chosen_tags()
        except InvalidInput as problem:  # shown under the field, before any database work
            self.new_error.show_problem(problem.user_message())
            set_invalid(self.new_edit, True)
            self.new_edit.setFocus()
            self.fit_content()
            return
        ids, adding = self.member_ids, self.adding

        def work() -> int:
            return tag_members(ids, tags) if adding else untag_members(ids, tags)

        def done(links: int) -> None:
            self.change = TagChange(adding, len(ids), tuple(tags), links)

        self.run(work, done, tr("MemberActions", "The tags could not be changed"))
