"""CounterSignupDialog: the member form, saved as a sign-up through one entry point."""

from PySide6.QtWidgets import QWidget

from desktop.domain.entry_points import CounterSignup, EntryPoint, record_counter_signup
from desktop.domain.errors import InvalidInput
from desktop.domain.members import DuplicatePhone
from desktop.i18n import tr
from desktop.views.members.member_dialog import FIELD_WIDTH, MemberDialog
from desktop.views.widgets import label


class CounterSignupDialog(MemberDialog):
    """Staff add a customer at the counter; the member is credited to `entry`."""

    def __init__(self, entry: EntryPoint, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.entry = entry
        self.signup: CounterSignup | None = None
        self.setWindowTitle(tr("EntriesPage", "Sign up at the counter: {name}").format(
            name=entry.name))
        note = label(tr("EntriesPage", "The new member is credited to “{name}” and gets its "
                                       "auto-tags and welcome coupon.").format(name=entry.name),
                     "muted", wrap=True)
        note.setMinimumHeight(note.heightForWidth(FIELD_WIDTH))
        self.layout().insertWidget(0, note)

    def save(self) -> None:
        """Record the sign-up; on a refusal show the problem beside its field and stay open."""
        self.clear_problems()
        try:
            self.signup = record_counter_signup(self.entry.id, self.member_input())
        except DuplicatePhone as problem:
            self.show_problem("phone", problem.user_message())
            return
        except InvalidInput as problem:
            self.show_problem(self._field_key(str(problem.details.get("field", ""))),
                              str(problem.details.get("problem", problem.user_message())))
            return
        self.saved = self.signup.member
        self.accept()
