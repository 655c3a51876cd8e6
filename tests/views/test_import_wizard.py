"""The import wizard: a real file through preview, mapping, policy and import, and its refusals."""

import threading

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel

from db.locations import backups_dir
from db.models import Member
from desktop.domain import member_import
from desktop.domain.members import MemberInput, add_member, get_member
from desktop.tasks.background import wait_for_file_tasks
from desktop.views.members import import_wizard
from desktop.views.members.import_preview import (
    COLUMN_FIELD,
    COLUMN_OUTCOME,
    COLUMN_PROBLEM,
    COLUMN_ROW,
    IssueTableModel,
)
from desktop.views.members.import_wizard import (
    STEP_CHECK,
    STEP_CHOOSE,
    STEP_DONE,
    STEP_IMPORT,
    ImportWizard,
)
from tests.domain.imports.samples import insert_doctype

TITLE = "某某便利店 会员资料"
HEADER = ["序号", "顾客称呼", "手机号码", "生日", "积分", "备注"]  # 顾客称呼: no known name
ROWS = [  # data rows 4 to 11, as another program exports them
    [1, "张三", 13800138000, "1990-05-03", 120, "老客户"],  # phone stored as a number
    [2, "李四", 13900139000.0, "5月3日", 0, None],  # … and as a float
    [3, "王五", "1380013", None, 8, None],  # a broken phone
    [4, "<b>x</b>", "137-0013-7000", None, 5, "爱喝拿铁"],
    [5, "张三丰", 13800138000, None, None, None],  # the same phone as row 4
    [6, "赵六", 13600136000, "1985-11-03", None, None],  # a member already
    [7, "钱七", "1.3500135E10", None, None, None],  # Excel's scientific notation, as text
    [8, "孙八", 13300133000, "1988-02-30", None, None],  # no such day
]


def write_member_file(path, rows=ROWS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "会员"
    sheet.append([TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append(["导出时间：2026-11-20"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def wizard(qtbot, sqlite_db, recorded_dialogs):
    widget = ImportWizard()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    wait_for_file_tasks()


@pytest.fixture
def zhao(sqlite_db):
    return add_member(MemberInput(name="老赵", phone="13600136000"))


def wait_for_preview(qtbot, wizard):
    def ready():
        preview = wizard.loaded and wizard.loaded.preview
        return (wizard.step() == STEP_CHECK and not wizard.busy()
                and (wizard.plan is not None or bool(preview and preview.problems)))
    qtbot.waitUntil(ready, timeout=10_000)


def counts(wizard):
    return wizard.check_page.preview.counts.figures()


def issue_lines(wizard):
    model = wizard.check_page.preview.issues
    return [tuple(model.index(row, column).data()
                  for column in (COLUMN_ROW, COLUMN_FIELD, COLUMN_OUTCOME))
            for row in range(model.rowCount())]


def open_through_chooser(qtbot, wizard, recorded_dialogs, path):
    recorded_dialogs.files.append(path)
    qtbot.mouseClick(wizard.choose_page.choose_button, Qt.MouseButton.LeftButton)
    wait_for_preview(qtbot, wizard)


def test_a_file_from_another_program_is_checked_corrected_and_imported(
        qtbot, wizard, recorded_dialogs, zhao, tmp_path):
    source = write_member_file(tmp_path / "会员资料.xlsx")
    open_through_chooser(qtbot, wizard, recorded_dialogs, source)

    # The name column was not recognised: every new member lacks a name, and says so by row.
    assert wizard.check_page.file_label.text() == "会员资料.xlsx"
    assert "row 3" in wizard.check_page.detail_label.text()
    editor = wizard.check_page.mapping_editor
    assert [combo.currentText() for combo in editor.combos] == [
        "Ignore", "Ignore", "Phone", "Birthday", "Points", "Notes"]
    assert counts(wizard) == ("0", "0", "2", "6")
    assert ("4", "", "Not imported") in issue_lines(wizard)
    assert not wizard.import_button.isEnabled()  # nothing would be imported

    # The person maps column B to the name: the file is read again, the preview follows.
    editor.choose(1, "name")
    wait_for_preview(qtbot, wizard)
    assert counts(wizard) == ("4", "0", "2", "2")
    assert issue_lines(wizard) == [("6", "Phone", "Not imported"),
                                   ("8", "", "Skipped"), ("9", "", "Skipped"),
                                   ("11", "Birthday", "Not imported")]
    problems = wizard.check_page.preview.issues
    assert "11 digits" in problems.index(0, COLUMN_PROBLEM).data()

    # Fill empty fields: 老赵 keeps his name and gets the file's birthday.
    wizard.check_page.preview.policy_buttons["fill"].click()
    wait_for_preview(qtbot, wizard)
    assert counts(wizard) == ("4", "1", "1", "2")
    assert "fills in what the member lacks" in wizard.check_page.preview.policy_text.text()

    assert wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step() == STEP_DONE, timeout=10_000)
    result = wizard.result
    assert (result.imported, result.updated, result.skipped) == (4, 1, 1)
    assert [r.row for r in result.rejected] == [6, 11]
    assert wizard.result_page.counts.figures() == ("4", "1", "1", "2")
    assert result.backup_path is not None and result.backup_path.exists()
    assert str(result.backup_path) in wizard.result_page.backup_label.text()

    members = {m.phone: m.name for m in Member.select()}
    assert members == {"13600136000": "老赵", "13800138000": "张三", "13900139000": "李四",
                       "13700137000": "<b>x</b>", "13500135000": "钱七"}
    assert str(get_member(zhao.id).birthday) == "1985-11-03"
    zhang = get_member(Member.get(Member.phone == "13800138000").id)
    assert (zhang.points, str(zhang.birthday), zhang.notes) == (120, "1990-05-03", "老客户")
    assert get_member(Member.get(Member.phone == "13700137000").id).notes == "爱喝拿铁"

    # The rejected rows are saved beside the file, each with its row number and reason.
    qtbot.waitUntil(lambda: wizard.rejects_file is not None, timeout=10_000)
    assert wizard.rejects_file == tmp_path / "会员资料 - rejected rows.xlsx"
    sheet = openpyxl.load_workbook(wizard.rejects_file).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:6] == tuple(HEADER) and lines[0][-2:] == ("Row in file", "Reason")
    assert [(line[1], line[-2]) for line in lines[1:]] == [("王五", 6), ("孙八", 11)]
    assert "Phone" in lines[1][-1] and "Birthday" in lines[2][-1]
    assert str(wizard.rejects_file) in wizard.result_page.rejects_label.text()
    qtbot.mouseClick(wizard.result_page.open_folder_button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.named("open_folder_in_explorer") == [(tmp_path,)]
    qtbot.mouseClick(wizard.done_button, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible() and wizard.result is result


def test_the_rejected_rows_can_be_saved_where_the_person_chooses(
        qtbot, wizard, recorded_dialogs, monkeypatch, tmp_path):
    source = write_member_file(tmp_path / "list.xlsx")
    (tmp_path / "list - rejected rows.xlsx").write_bytes(b"an older file")  # never replaced
    open_through_chooser(qtbot, wizard, recorded_dialogs, source)
    wizard.check_page.mapping_editor.choose(1, "name")
    wait_for_preview(qtbot, wizard)
    wizard.start_import()
    qtbot.waitUntil(lambda: wizard.rejects_file is not None, timeout=10_000)
    assert wizard.rejects_file.name == "list - rejected rows (2).xlsx"
    assert (tmp_path / "list - rejected rows.xlsx").read_bytes() == b"an older file"

    chosen = tmp_path / "elsewhere" / "to fix"
    chosen.parent.mkdir()
    monkeypatch.setattr(import_wizard.dialogs, "choose_save_file",
                        lambda parent, title, suggested, name_filter: chosen)
    qtbot.mouseClick(wizard.result_page.save_elsewhere_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.rejects_file == chosen.with_suffix(".xlsx"), timeout=10_000)
    rows = list(openpyxl.load_workbook(wizard.rejects_file).active.iter_rows(values_only=True))
    assert [line[-2] for line in rows[1:]] == [6, 11]


def test_cancel_during_the_import_rolls_everything_back(
        qtbot, wizard, recorded_dialogs, zhao, monkeypatch, tmp_path):
    rows = [[n, f"会员{n}", 13000000000 + n, None, None, None] for n in range(1, 81)]
    source = write_member_file(tmp_path / "long.xlsx", rows)
    monkeypatch.setattr(member_import, "BATCH", 20)  # four batches, cancel after the first
    reached, proceed, written = threading.Event(), threading.Event(), []
    real_apply = member_import.apply_import

    def held_apply(plan, source_name, progress=None, cancel=None, **kwargs):
        def progress_then_wait(done, total):
            written.append(done)
            progress(done, total)
            reached.set()
            proceed.wait(10)
        return real_apply(plan, source_name, progress=progress_then_wait, cancel=cancel,
                          **kwargs)

    monkeypatch.setattr(import_wizard, "apply_import", held_apply)
    open_through_chooser(qtbot, wizard, recorded_dialogs, source)
    wizard.check_page.mapping_editor.choose(1, "name")
    wait_for_preview(qtbot, wizard)
    assert counts(wizard) == ("80", "0", "0", "0")
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    assert wizard.step() == STEP_IMPORT
    qtbot.waitUntil(lambda: "20 of 80" in wizard.progress_panel.count_label.text())

    wizard.reject()  # Esc while importing: cancels, and the window stays
    assert wizard.isVisible() and not wizard.progress_panel.cancel_button.isEnabled()
    proceed.set()
    qtbot.waitUntil(lambda: wizard.step() == STEP_CHECK, timeout=10_000)
    assert written == [20]  # one batch was written inside the transaction, then undone
    assert [m.name for m in Member.select()] == ["老赵"]
    assert wizard.result is None
    notice = wizard.check_page.notice_label
    assert notice.isVisible() and notice.text() == "The import was cancelled; nothing was changed."
    wait_for_preview(qtbot, wizard)
    assert wizard.import_button.isEnabled()  # it can be tried again


@pytest.mark.parametrize("name", ["<b>会员<br>.xlsx", "会员.xlsx"])
def test_a_hostile_file_is_refused_plainly_at_step_one_and_nothing_is_written(
        qtbot, wizard, recorded_dialogs, tmp_path, name):
    source = write_member_file(tmp_path / name)
    insert_doctype(source, "xl/workbook.xml",
                   b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    recorded_dialogs.files.append(source)
    qtbot.mouseClick(wizard.choose_page.choose_button, Qt.MouseButton.LeftButton)
    error = wizard.choose_page.error_label
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert wizard.step() == STEP_CHOOSE
    assert error.textFormat() == Qt.TextFormat.PlainText
    assert error.text().startswith(f"Cannot import {name}: the file contains XML entity")
    assert "save it again as .xlsx or .csv" in error.text()
    assert not wizard.choose_page.reading.isVisible()
    assert Member.select().count() == 0
    assert not list(backups_dir().glob("*"))
    assert recorded_dialogs.named("show_error") == []  # said in the window, not a box


def test_the_refusal_speaks_chinese(qtbot, wizard, recorded_dialogs, tmp_path):
    from desktop.views import translation

    translation.apply_language("zh_CN")
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    wizard.open_file(empty)
    qtbot.waitUntil(wizard.choose_page.error_label.isVisible, timeout=10_000)
    assert "空.csv" in wizard.choose_page.error_label.text()
    assert "文件是空的" in wizard.choose_page.error_label.text()


def test_escape_before_importing_closes_and_writes_nothing(qtbot, wizard, recorded_dialogs,
                                                           tmp_path):
    source = write_member_file(tmp_path / "会员资料.xlsx")
    open_through_chooser(qtbot, wizard, recorded_dialogs, source)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert wizard.result is None and Member.select().count() == 0


def test_a_dropped_file_is_read(qtbot, wizard, tmp_path):
    source = write_member_file(tmp_path / "dropped.xlsx")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(source))])
    drop = QDropEvent(QPoint(50, 50), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    wizard.dropEvent(drop)
    wait_for_preview(qtbot, wizard)
    assert wizard.loaded.path == source
    assert wizard.check_page.file_label.text() == "dropped.xlsx"


def test_a_workbook_with_a_cover_sheet_opens_on_the_list_and_sheets_can_be_switched(
        qtbot, wizard, tmp_path):
    source = tmp_path / "two sheets.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "说明"  # empty cover sheet
    sheet = book.create_sheet("会员")
    sheet.append(["姓名", "手机"])
    sheet.append(["张三", 13800138000])
    book.save(source)
    wizard.open_file(source)
    wait_for_preview(qtbot, wizard)
    combo = wizard.check_page.sheet_combo
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == ["说明", "会员"]
    assert combo.currentText() == "会员" and counts(wizard) == ("1", "0", "0", "0")

    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # what picking it with the mouse sends
    qtbot.waitUntil(lambda: not wizard.busy() and wizard.plan is None, timeout=10_000)
    note = wizard.check_page.preview.note_label
    assert note.isVisible() and "the sheet holds no rows" in note.text()
    assert not wizard.import_button.isEnabled()


def test_choosing_a_field_taken_by_another_column_moves_it(qtbot, wizard, tmp_path):
    wizard.open_file(write_member_file(tmp_path / "m.xlsx"))
    wait_for_preview(qtbot, wizard)
    editor = wizard.check_page.mapping_editor
    editor.choose(0, "notes")  # column A (序号) takes Notes from column F
    assert editor.combos[0].currentText() == "Notes"
    assert editor.combos[5].currentText() == "Ignore"
    assert editor.mapping.columns["notes"] == 0
    wait_for_preview(qtbot, wizard)
    assert wizard.loaded.preview.mapping.columns["notes"] == 0


def test_no_phone_column_is_said_once_and_the_phone_can_be_chosen(qtbot, wizard, tmp_path):
    source = tmp_path / "no phone.csv"
    source.write_text("名字,号码\n张三,13800138000\n李四,13900139000\n", encoding="utf-8")
    wizard.open_file(source)
    wait_for_preview(qtbot, wizard)
    note = wizard.check_page.preview.note_label
    assert "No column was recognised as the phone number" in note.text()
    assert wizard.check_page.preview.issues.rowCount() == 1  # not one line per row
    assert counts(wizard) == ("—", "—", "—", "—")
    wizard.check_page.mapping_editor.choose(1, "phone")
    wait_for_preview(qtbot, wizard)
    assert not note.isVisible()
    assert counts(wizard) == ("2", "0", "0", "0")


def test_headers_and_samples_show_markup_as_text(qtbot, wizard, tmp_path):
    source = tmp_path / "markup.csv"
    source.write_text("<i>称呼</i>,手机\n<b>x</b>,13800138000\n", encoding="utf-8")
    wizard.open_file(source)
    wait_for_preview(qtbot, wizard)
    labels = wizard.check_page.mapping_editor.widget().findChildren(QLabel)
    shown = {label.text(): label.textFormat() for label in labels}
    assert shown["A  <i>称呼</i>"] == Qt.TextFormat.PlainText
    assert shown["<b>x</b>"] == Qt.TextFormat.PlainText


def test_thousands_of_problems_are_one_model_not_thousands_of_widgets(
        qtbot, qtmodeltester, wizard, tmp_path):
    rows = [[n, f"会员{n}", f"12{n:09d}", None, None, None] for n in range(1, 5001)]
    source = write_member_file(tmp_path / "bad.xlsx", rows)
    wizard.open_file(source)
    wait_for_preview(qtbot, wizard)
    wizard.check_page.mapping_editor.choose(1, "name")
    wait_for_preview(qtbot, wizard)
    model = wizard.check_page.preview.issues
    assert model.rowCount() == 5000
    assert model.index(4999, COLUMN_ROW).data() == "5003"
    assert counts(wizard) == ("0", "0", "0", "5,000")
    qtmodeltester.check(model, force_py=True)


def test_the_issue_model_passes_the_model_tester(qtmodeltester):
    from desktop.domain.member_import_review import REJECTED, SKIPPED, ImportIssue

    model = IssueTableModel()
    model.set_issues([ImportIssue(None, "tier", "Row 3: no tier 金卡", "warning"),
                      ImportIssue(4, "phone", "<b>not</b> a phone", REJECTED),
                      ImportIssue(5, None, "duplicate", SKIPPED)])
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, COLUMN_PROBLEM).data(Qt.ItemDataRole.ToolTipRole) == (
        "<p>&lt;b&gt;not&lt;/b&gt; a phone</p>")
    assert [model.index(r, COLUMN_OUTCOME).data() for r in range(3)] == [
        "Warning", "Not imported", "Skipped"]
