"""What the members list does to a selection: tag, untag, merge two, delete on request.

The page calls these from its toolbar, right-click menu and shortcuts. Each opens its modal
dialog, which reads and writes on the database thread, and says what changed so the page
knows to reload (and what notice to show).
"""

from PySide6.QtWidgets import QWidget

from desktop.i18n import tr
from desktop.views import dialogs
from desktop.views.members.delete_dialog import DeleteDialog
from desktop.views.members.merge_dialog import MergeDialog
from desktop.views.members.tag_dialog import TagChange, TagDialog

__all__ = ["TagChange", "delete_on_request_dialog", "merge_members_dialog", "tag_selection",
           "untag_selection"]


def tag_selection(parent: QWidget | None, member_ids: list[int]) -> TagChange | None:
    """Put tags on the members; their TagChange (true when any changed), None if cancelled.

    `change.notice()` is the page's short notice, e.g. "Tagged 3 members: 咖啡".
    """
    return _change_tags(parent, member_ids, adding=True)


def untag_selection(parent: QWidget | None, member_ids: list[int]) -> TagChange | None:
    """Take tags off the members; as tag_selection."""
    return _change_tags(parent, member_ids, adding=False)


def merge_members_dialog(parent: QWidget | None, member_ids: list[int]) -> int | None:
    """Merge exactly two members; the kept member's id, None if cancelled or not two."""
    ids = list(dict.fromkeys(member_ids))
    if len(ids) != 2:
        dialogs.show_info(parent, tr("MemberActions", "Merge two members"), tr(
            "MemberActions", "Select exactly two members in the list to merge them: hold Ctrl "
            "and click the second one."))
        return None
    dialog = MergeDialog(ids[0], ids[1], parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog.kept_id


def delete_on_request_dialog(parent: QWidget | None, member_id: int) -> bool:
    """Erase a member's personal details after confirmation; True when done."""
    dialog = DeleteDialog(member_id, parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog.deleted


def _change_tags(parent: QWidget | None, member_ids: list[int], adding: bool
                 ) -> TagChange | None:
    if not member_ids:
        dialogs.show_info(parent, tr("MemberActions", "Add tags") if adding
                          else tr("MemberActions", "Remove tags"),
                          tr("MemberActions", "Select one or more members in the list first."))
        return None
    dialog = TagDialog(member_ids, adding, parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog.change
