"""The export dialog: the filtered list to .xlsx or .csv, masked phones, progress and cancel."""

import csv
import datetime as dt
import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt

from desktop.domain import member_export
from desktop.domain.member_query import MemberFilter, MemberSort
from desktop.domain.members import MemberInput, add_member
from desktop.views.members import export_dialog
from desktop.views.members.export_dialog import (
    PAGE_DONE,
    PAGE_FORM,
    PAGE_PROGRESS,
    ExportDialog,
    default_export_name,
)

PEOPLE = (("张三", "13800138000"), ("张三丰", "13800138111"), ("李四", "13900139000"),
          ("<b>x</b>", "13800138222"))


@pytest.fixture
def people(sqlite_db):
    for name, phone in PEOPLE:
        add_member(MemberInput(name=name, phone=phone))


@pytest.fixture
def save_as(monkeypatch):
    """Answers the save-as dialog with the paths queued in the returned list."""
    answers: list = []
    monkeypatch.setattr(export_dialog.dialogs, "choose_save_file",
                        lambda parent, title, suggested, name_filter: answers.pop(0))
    return answers


def open_dialog(qtbot, member_filter, title="搜索 138", sort=None):
    dialog = ExportDialog(None, member_filter, sort, title)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.total is not None, timeout=5000)
    return dialog


def test_the_filtered_list_goes_to_a_csv_chosen_by_name_with_phones_masked(
        qtbot, people, recorded_dialogs, save_as, tmp_path):
    dialog = open_dialog(qtbot, MemberFilter(search="138"), sort=MemberSort("phone", False))
    assert dialog.count_label.text() == "3 members in this list"
    save_as.append(tmp_path / "sms list.csv")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.csv_button.isChecked()  # the name chose the format
    assert dialog.path_label.text() == str(tmp_path / "sms list.csv")
    dialog.mask_check.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_DONE, timeout=10_000)

    assert dialog.result.rows == 3
    raw = (tmp_path / "sms list.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel and WPS
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert [(line[1], line[2]) for line in lines[1:]] == [
        ("张三", "138****8000"), ("张三丰", "138****8111"), ("<b>x</b>", "138****8222")]
    assert dialog.done_label.text() == f"3 members were exported to {tmp_path / 'sms list.csv'}"
    assert dialog.done_label.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.named("open_folder_in_explorer") == [(tmp_path,)]
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_xlsx_is_the_default_and_a_name_without_extension_gets_one(
        qtbot, people, save_as, tmp_path):
    dialog = open_dialog(qtbot, MemberFilter(), title="All members")
    assert dialog.xlsx_button.isChecked() and dialog.path.suffix == ".xlsx"
    save_as.append(tmp_path / "everyone")
    dialog.choose_path()
    assert dialog.path == tmp_path / "everyone.xlsx"
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    sheet = openpyxl.load_workbook(dialog.path).active
    phones = sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert phones == sorted(phone for _, phone in PEOPLE)  # not masked: the box was unticked


def test_cancel_during_the_export_leaves_no_file(qtbot, sqlite_db, save_as, monkeypatch,
                                                 tmp_path):
    for number in range(30):
        add_member(MemberInput(name=f"会员{number}", phone=f"1360000{number:04d}"))
    reached, proceed = threading.Event(), threading.Event()
    real_export = member_export.export_members

    def held_export(path, member_filter, sort, mask, progress=None, cancel=None):
        def progress_then_wait(done, total):
            progress(done, total)
            reached.set()
            proceed.wait(10)
        return real_export(path, member_filter, sort, mask, progress=progress_then_wait,
                           cancel=cancel, page_size=10)

    monkeypatch.setattr(export_dialog, "export_members", held_export)
    dialog = open_dialog(qtbot, MemberFilter(), title="All")
    out = tmp_path / "exports"
    out.mkdir()
    save_as.append(out / "all.csv")
    dialog.choose_path()
    dialog.start_export()
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    assert dialog.stack.currentIndex() == PAGE_PROGRESS
    qtbot.waitUntil(lambda: "10 of 30" in dialog.progress_panel.count_label.text())
    assert (out / "all.csv.partial").exists()  # rows are being written

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels; the dialog waits for the clean-up
    assert dialog.isVisible()
    proceed.set()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == PAGE_FORM, timeout=10_000)
    assert list(out.iterdir()) == []
    assert dialog.result is None
    assert dialog.notice_label.text() == "The export was cancelled; no file was written."
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_file_that_cannot_be_written_is_said_in_the_dialog(qtbot, people, save_as,
                                                              tmp_path):
    dialog = open_dialog(qtbot, MemberFilter())
    save_as.append(tmp_path / "no such folder" / "x.xlsx")
    dialog.choose_path()
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.notice_label.isVisible(), timeout=10_000)
    assert dialog.stack.currentIndex() == PAGE_FORM
    assert "cannot be written there" in dialog.notice_label.text()


def test_an_empty_list_cannot_be_exported(qtbot, people):
    dialog = open_dialog(qtbot, MemberFilter(search="没有这个人"))
    assert dialog.count_label.text() == "0 members in this list"
    assert not dialog.export_button.isEnabled()


def test_the_default_name_says_what_which_list_and_when(qtbot, sqlite_db):
    from desktop.views import translation

    day = dt.date(2026, 11, 23)
    assert default_export_name("New members", day, ".xlsx") == "Members-New members-2026-11-23.xlsx"
    assert default_export_name("Members", day, ".csv") == "Members-2026-11-23.csv"
    assert default_export_name("a/b", day, ".csv") == "Members-a-b-2026-11-23.csv"
    translation.apply_language("zh_CN")
    assert default_export_name("新会员", day, ".xlsx") == "会员-新会员-2026-11-23.xlsx"


def test_the_format_choice_changes_the_suggested_name(qtbot, people):
    dialog = open_dialog(qtbot, MemberFilter(segment="new"), title="New members")
    assert dialog.path.name.startswith("Members-New members-")
    dialog.csv_button.click()
    assert dialog.path.suffix == ".csv" and dialog.path_label.text().endswith(".csv")
