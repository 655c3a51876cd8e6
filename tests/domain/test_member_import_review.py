"""What the import window shows before writing: columns with samples, issues, file names."""

import openpyxl
import pytest

from desktop.domain.file_names import safe_file_stem, unique_path
from desktop.domain.imports import ImportRejected
from desktop.domain.member_import import plan_import
from desktop.domain.member_import_review import (
    REJECTED,
    SKIPPED,
    WARNING,
    call_with_progress,
    import_issues,
    load_member_file,
    rejects_path,
)
from desktop.domain.members import MemberInput, add_member
from tests.domain.imports.samples import write_xlsx


def test_columns_carry_letter_header_and_the_first_values_below_the_header(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", [
        ["序号", "客户姓名", "手机号码：", "备注"],
        [1, "张三", 13800138000, None],
        [2, "李四", 13900139000.0, "x" * 60],
        [3, "王五", "13700137000", "老客户"],
        [4, "赵六", "13600136000", "第四个"],
    ], title="某某店 会员")
    loaded = load_member_file(path)
    assert loaded.preview.header_row_number == 3
    assert [(c.letter, c.header) for c in loaded.columns] == [
        ("A", "序号"), ("B", "客户姓名"), ("C", "手机号码："), ("D", "备注")]
    assert loaded.columns[2].samples == ("13800138000", "13900139000", "13700137000")
    assert loaded.columns[3].samples == ("x" * 39 + "…", "老客户", "第四个")  # blanks skipped
    again = load_member_file(path, mapping=loaded.preview.mapping, columns=loaded.columns)
    assert again.columns is loaded.columns


def test_a_workbook_whose_first_sheet_is_empty_is_read_from_the_next(tmp_path):
    path = tmp_path / "cover.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "封面"
    book.create_sheet("空白")
    book.create_sheet("会员").append(["姓名", "手机"])
    book["会员"].append(["张三", 13800138000])
    book.save(path)
    loaded = load_member_file(path)
    assert loaded.preview.sheet == "会员" and loaded.preview.sheet_names == ["封面", "空白", "会员"]
    with pytest.raises(ImportRejected) as refused:
        load_member_file(path, sheet="封面")  # asked for by name: no guessing
    assert refused.value.reason_code == "no_data"


def test_a_workbook_with_no_rows_at_all_is_refused_as_empty(tmp_path):
    path = tmp_path / "blank.xlsx"
    book = openpyxl.Workbook()
    book.create_sheet("Sheet2")
    book.save(path)
    with pytest.raises(ImportRejected) as refused:
        load_member_file(path)
    assert refused.value.reason_code == "no_data"


def test_issues_list_problems_plan_rejections_warnings_and_duplicates_by_row(db, tmp_path):
    add_member(MemberInput(name="老会员", phone="13600136000"))
    path = tmp_path / "m.csv"
    path.write_text("姓名,手机,积分,等级\n"
                    "张三,13800138000,abc,\n"  # row 2: bad points
                    ",13900139000,,\n"  # row 3: a new member without a name
                    "老会员,13600136000,,\n"  # row 4: already a member
                    "王五,13500135000,,银卡\n"  # row 5: no such tier
                    "王五,13500135000,,\n", encoding="utf-8")  # row 6: same phone as row 5
    preview = load_member_file(path).preview
    issues = import_issues(preview, plan_import(preview, "skip", source=path))
    assert [(i.row, i.field, i.kind) for i in issues] == [
        (None, "tier", WARNING), (2, "points", REJECTED), (3, None, REJECTED),
        (4, None, SKIPPED), (6, None, SKIPPED)]
    assert "银卡" in issues[0].message and "needs a name" in issues[2].message
    assert "whole number" in issues[1].message


def test_without_a_phone_column_only_the_file_problem_is_listed(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("名字,号码\n张三,13800138000\n李四,13900139000\n", encoding="utf-8")
    preview = load_member_file(path).preview
    issues = import_issues(preview, None)
    assert len(issues) == 1 and issues[0].row is None
    assert "phone number" in issues[0].message


def test_progress_and_cancel_reach_only_a_function_that_takes_them():
    seen = []

    def old(a, b=0):
        return a + b

    def new(a, progress=None, cancel=None):
        seen.append((progress, cancel))
        return a

    report, stop = object(), object()
    assert call_with_progress(old, 1, b=2, progress=report, cancel=stop) == 3
    assert call_with_progress(new, 5, progress=report, cancel=stop) == 5
    assert seen == [(report, stop)]


def test_file_names_are_safe_on_windows_and_never_replace_a_file(tmp_path):
    assert safe_file_stem('会员-a/b:c?"<>|d-2026-11-23. ') == "会员-a-b-c-d-2026-11-23"
    assert safe_file_stem("...") == "-"
    first = tmp_path / "x.xlsx"
    assert unique_path(first) == first
    first.write_bytes(b"")
    (tmp_path / "x (2).xlsx").write_bytes(b"")
    assert unique_path(first) == tmp_path / "x (3).xlsx"
    source = tmp_path / "会员.csv"
    assert rejects_path(source) == tmp_path / "会员 - rejected rows.xlsx"
