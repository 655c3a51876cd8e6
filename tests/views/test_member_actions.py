"""The members list's actions: tag and untag a selection, merge two, delete on request."""

import json
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db.models import AuditLog, Member, MemberTag, Tag
from desktop.domain.members import MemberInput, add_member, delete_on_request
from desktop.domain.purchases import record_purchase
from desktop.tasks.background import run_database_task
from desktop.views.members import actions
from desktop.views.members.delete_dialog import DeleteDialog
from desktop.views.members.merge_dialog import MergeDialog
from desktop.views.members.tag_dialog import TagDialog


@pytest.fixture
def people(sqlite_db):
    """张三, 李四 and a literal-markup name; the first two tagged 老客户."""
    return [add_member(MemberInput(name=name, phone=phone, tags=tags)).id
            for name, phone, tags in (("张三", "13800138000", ["老客户"]),
                                      ("李四", "13900139000", ["老客户", "咖啡"]),
                                      ("<b>x</b>", "13700137000", []))]


def tags_by_member(ids: list[int]) -> dict[int, set[str]]:
    rows = (MemberTag.select(MemberTag.member, Tag.name).join(Tag)
            .where(MemberTag.member.in_(ids)).tuples())
    found: dict[int, set[str]] = {member_id: set() for member_id in ids}
    for member_id, name in rows:
        found[member_id].add(name)
    return found


def opened(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def finish(qtbot, dialog: QDialog) -> None:
    """Press the action button and wait until the database work closed the dialog."""
    assert dialog.action_button.isEnabled()
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)


# -- tags -----------------------------------------------------------------------------------

def test_tagging_three_members_with_a_ticked_and_two_new_tags(qtbot, people):
    dialog = opened(qtbot, TagDialog(people, adding=True))
    qtbot.waitUntil(lambda: dialog.loaded)
    assert list(dialog.checks) == ["咖啡", "老客户"]  # every tag, by name
    counts = [dialog.grid.itemAtPosition(row, 1) for row in range(2)]
    assert [item.widget().text() for item in counts] == ["1 of 3 have it", "2 of 3 have it"]
    assert not dialog.action_button.isEnabled()  # nothing chosen yet
    dialog.checks["老客户"].setChecked(True)
    dialog.new_edit.setText("周末， <b>x</b> ")
    finish(qtbot, dialog)
    assert tags_by_member(people) == {
        people[0]: {"老客户", "周末", "<b>x</b>"},
        people[1]: {"老客户", "咖啡", "周末", "<b>x</b>"},
        people[2]: {"老客户", "周末", "<b>x</b>"},
    }
    assert dialog.change.links == 7 and dialog.change
    assert dialog.change.notice() == "Tagged 3 members: 老客户, 周末, <b>x</b>"


def test_untagging_offers_only_the_tags_the_selection_carries(qtbot, people):
    dialog = opened(qtbot, TagDialog(people[:2], adding=False))
    qtbot.waitUntil(lambda: dialog.loaded)
    assert list(dialog.checks) == ["咖啡", "老客户"]
    assert dialog.new_edit.isHidden()  # nothing to type when taking tags off
    dialog.checks["老客户"].setChecked(True)
    finish(qtbot, dialog)
    assert tags_by_member(people) == {people[0]: set(), people[1]: {"咖啡"}, people[2]: set()}
    assert dialog.change.notice() == "Removed tags from 2 members: 老客户"
    assert Tag.select().where(Tag.name == "老客户").exists()  # the tag itself stays


def test_untagging_members_without_tags_says_so_and_offers_nothing(qtbot, people):
    dialog = opened(qtbot, TagDialog([people[2]], adding=False))
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.status_label.text() == "None of the selected members has a tag."
    assert not dialog.action_button.isEnabled()


def test_a_too_long_new_tag_is_shown_under_the_field_and_nothing_is_written(qtbot, people):
    dialog = opened(qtbot, TagDialog(people, adding=True))
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.new_edit.setText("长" * 41)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    assert "at most 40 characters" in dialog.new_error.text()
    assert not dialog.new_error.isHidden()
    assert dialog.isVisible()
    assert Tag.select().count() == 2


def test_tag_selection_returns_what_changed_and_none_when_cancelled(qtbot, people, monkeypatch):
    def tick_and_apply(dialog: TagDialog) -> int:
        qtbot.waitUntil(lambda: dialog.loaded)
        dialog.checks["咖啡"].setChecked(True)
        dialog.action_button.click()
        qtbot.waitUntil(lambda: dialog.change is not None)
        return dialog.result()

    monkeypatch.setattr(TagDialog, "exec", tick_and_apply)
    change = actions.tag_selection(None, people)
    assert change and (change.members, change.tags, change.links) == (3, ("咖啡",), 2)
    again = actions.tag_selection(None, people)
    assert again is not None and not again  # everyone had it already: nothing to reload
    monkeypatch.setattr(TagDialog, "exec", lambda dialog: dialog.reject() or dialog.result())
    assert actions.untag_selection(None, people) is None
    assert tags_by_member(people)[people[0]] == {"老客户", "咖啡"}


def test_tagging_an_empty_selection_asks_for_one(recorded_dialogs, sqlite_db):
    assert actions.tag_selection(None, []) is None
    assert recorded_dialogs.named("show_info") == [
        ("Add tags", "Select one or more members in the list first.")]


def test_a_bug_in_the_work_reaches_the_crash_handler(qtbot, people, monkeypatch):
    import desktop.views.members.tag_dialog as tag_dialog

    def broken(ids, tags):
        raise RuntimeError("boom")

    monkeypatch.setattr(tag_dialog, "tag_members", broken)
    dialog = opened(qtbot, TagDialog(people, adding=True))
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.new_edit.setText("周末")
    with qtbot.capture_exceptions() as raised:
        dialog.action_button.click()
        qtbot.waitUntil(lambda: len(raised) == 1, timeout=5000)
    assert str(raised[0][1]) == "boom"
    assert dialog.isVisible() and dialog.action_button.isEnabled()  # ready to try again


# -- merge ----------------------------------------------------------------------------------

def test_merge_shows_both_keeps_the_chosen_one_and_moves_the_points(qtbot, people,
                                                                    recorded_dialogs):
    zhang, li = people[0], people[1]
    record_purchase(zhang, 5000)
    record_purchase(li, 12000)
    record_purchase(li, 3000)
    dialog = opened(qtbot, MergeDialog(zhang, li))
    qtbot.waitUntil(lambda: len(dialog.cards) == 2)
    first, second = dialog.cards
    assert first.record.name == "张三" and second.record.name == "李四"
    assert second.radio.isChecked()  # more history: most likely the one to keep
    assert "李四 (13900139000) stays" in dialog.explanation.text()
    assert dialog.outcome.text() == "After the merge: 200 points, ¥200.00 spent, 3 visits."
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)  # a click anywhere on the card picks it
    assert first.radio.isChecked() and not second.radio.isChecked()
    assert dialog.explanation.text().startswith("张三 (13800138000) stays. Everything of 李四")
    finish(qtbot, dialog)
    assert dialog.kept_id == zhang
    kept, gone = Member.get_by_id(zhang), Member.get_by_id(li)
    assert (kept.points, kept.total_spent_cents, kept.visit_count) == (200, 20000, 3)
    assert gone.merged_into_id == zhang and gone.phone is None
    assert tags_by_member([zhang]) == {zhang: {"老客户", "咖啡"}}
    assert AuditLog.get(AuditLog.action == "member_merged").entity_id == zhang
    assert recorded_dialogs.calls == []


def test_merge_shows_names_as_plain_text(qtbot, people):
    dialog = opened(qtbot, MergeDialog(people[0], people[2]))
    qtbot.waitUntil(lambda: len(dialog.cards) == 2)
    name_label = dialog.cards[1].body.itemAt(1).widget()
    assert name_label.text() == "<b>x</b>"
    assert name_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.explanation.textFormat() == Qt.TextFormat.PlainText


def test_merge_members_dialog_needs_exactly_two(recorded_dialogs, people):
    assert actions.merge_members_dialog(None, people) is None
    assert actions.merge_members_dialog(None, [people[0], people[0]]) is None
    assert [title for title, _text in recorded_dialogs.named("show_info")] == [
        "Merge two members", "Merge two members"]
    assert "exactly two" in recorded_dialogs.named("show_info")[0][1]
    assert Member.select().where(Member.merged_into.is_null(False)).count() == 0


def test_merge_members_dialog_returns_the_kept_member(qtbot, people, monkeypatch):
    def merge_into_the_preselected(dialog: MergeDialog) -> int:
        qtbot.waitUntil(lambda: dialog.action_button.isEnabled())
        dialog.action_button.click()
        qtbot.waitUntil(lambda: dialog.kept_id is not None)
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", merge_into_the_preselected)
    kept = actions.merge_members_dialog(None, [people[2], people[1]])
    assert kept == people[1]  # same history: the older member is kept
    assert Member.get_by_id(people[2]).merged_into_id == people[1]


def test_escape_cancels_the_merge(qtbot, people):
    dialog = opened(qtbot, MergeDialog(people[0], people[1]))
    qtbot.waitUntil(lambda: dialog.action_button.isEnabled())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.kept_id is None
    assert Member.select().where(Member.merged_into.is_null(False)).count() == 0


# -- delete on request ----------------------------------------------------------------------

def test_delete_on_request_waits_for_i_understand_then_anonymises(qtbot, people):
    record_purchase(people[0], 4200)
    dialog = opened(qtbot, DeleteDialog(people[0]))
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.heading.text() == "Erase the personal details of 张三 (13800138000)?"
    assert not dialog.action_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter does nothing before the box is ticked
    assert dialog.isVisible()
    dialog.understood.setChecked(True)
    finish(qtbot, dialog)
    assert dialog.deleted
    stored = Member.get_by_id(people[0])
    assert (stored.name, stored.phone, stored.anonymised_at is not None) == ("", None, True)
    assert (stored.total_spent_cents, stored.visit_count) == (4200, 1)  # the shop's figures
    audit = AuditLog.get(AuditLog.action == "member_deleted_on_request")
    assert audit.entity_id == people[0] and "张三" not in audit.details


def test_escape_cancels_the_deletion(qtbot, people):
    dialog = opened(qtbot, DeleteDialog(people[1]))
    qtbot.waitUntil(lambda: dialog.record is not None)
    dialog.understood.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not dialog.deleted
    assert Member.get_by_id(people[1]).name == "李四"
    assert AuditLog.select().where(AuditLog.action == "member_deleted_on_request").count() == 0


def test_delete_on_request_dialog_returns_true_once_done(qtbot, people, monkeypatch):
    def confirm_and_delete(dialog: DeleteDialog) -> int:
        qtbot.waitUntil(lambda: dialog.record is not None)
        dialog.understood.setChecked(True)
        dialog.action_button.click()
        qtbot.waitUntil(lambda: dialog.deleted)
        return dialog.result()

    monkeypatch.setattr(DeleteDialog, "exec", confirm_and_delete)
    assert actions.delete_on_request_dialog(None, people[2]) is True
    assert Member.get_by_id(people[2]).anonymised_at is not None


def test_a_member_deleted_meanwhile_is_refused_with_a_message(qtbot, people, recorded_dialogs):
    dialog = opened(qtbot, DeleteDialog(people[0]))
    qtbot.waitUntil(lambda: dialog.record is not None)
    delete_on_request(people[0])  # at the other till
    dialog.understood.setChecked(True)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recorded_dialogs.named("show_error") != [], timeout=5000)
    assert recorded_dialogs.named("show_error") == [
        ("The member could not be deleted", f"There is no member {people[0]}.")]
    assert dialog.isVisible() and not dialog.deleted


def test_a_member_already_gone_closes_the_dialog_with_a_message(qtbot, people,
                                                                  recorded_dialogs):
    delete_on_request(people[1])
    dialog = opened(qtbot, DeleteDialog(people[1]))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert recorded_dialogs.named("show_error") == [
        ("This cannot be shown", f"There is no member {people[1]}.")]
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_escape_is_ignored_while_the_change_runs(qtbot, people):
    dialog = opened(qtbot, DeleteDialog(people[0]))
    qtbot.waitUntil(lambda: dialog.record is not None)
    gate = threading.Event()
    run_database_task(lambda: gate.wait(10))  # the database thread is busy elsewhere
    dialog.understood.setChecked(True)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.cancel_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: dialog.deleted, timeout=5000)
    assert not dialog.isVisible()
    assert json.loads(AuditLog.get(AuditLog.action == "member_deleted_on_request").details) == {}
