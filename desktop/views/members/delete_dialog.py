"""DeleteDialog: erase a member's personal details at their request, after a clear confirmation."""

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.domain.members import MemberRecord, delete_on_request
from desktop.i18n import tr
from desktop.views.members.action_dialog import ActionDialog, live_member, plain_label, who
from desktop.views.widgets import label


class DeleteDialog(ActionDialog):
    """Says what is erased and what stays; the red Delete waits for "I understand"."""

    def __init__(self, member_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("MemberActions", "Delete at the member's request"),
                         tr("MemberActions", "Delete personal details"), parent, danger=True)
        self.setMinimumWidth(520)
        self.member_id = member_id
        self.record: MemberRecord | None = None
        self.deleted = False
        self.heading = plain_label(tr("MemberActions", "Loading…"), "heading", wrap=True)
        self.body.addWidget(self.heading)
        self.body.addWidget(label(tr(
            "MemberActions", "Do this when the customer asks you to delete their data. Their "
            "name, phone number, birthday, WeChat ID, notes and tags are erased for good, and "
            "they will get no more messages from the shop."), wrap=True))
        self.body.addWidget(label(tr(
            "MemberActions", "Their purchases stay in the shop's sales figures without anything "
            "that tells who they were, and the deletion is recorded in the audit log by member "
            "number only."), "muted", wrap=True))
        self.understood = QCheckBox(tr("MemberActions", "I understand that this cannot be "
                                       "undone"))
        self.understood.setEnabled(False)  # until we know whom it is about
        self.understood.toggled.connect(self.update_action)
        self.body.addWidget(self.understood)
        self.load(lambda: live_member(member_id), self._show_member)

    def _show_member(self, record: MemberRecord) -> None:
        self.record = record
        self.heading.setText(tr("MemberActions", "Erase the personal details of {name}?")
                             .format(name=who(record)))
        self.understood.setEnabled(True)
        self.understood.setFocus()
        self.fit_content()

    def ready(self) -> bool:
        return self.record is not None and self.understood.isChecked()

    def apply(self) -> None:
        if not self.ready():
            return
        member_id = self.member_id

        def done(_record: MemberRecord) -> None:
            self.deleted = True

        self.run(lambda: delete_on_request(member_id), done,
                 tr("MemberActions", "The member could not be deleted"))
