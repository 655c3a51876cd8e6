"""Text files in every encoding shops meet, and workbooks with title rows and formulas."""

import codecs
from datetime import date, datetime

import openpyxl
import pytest

from desktop.domain.imports import (
    Birthday,
    ColumnMapping,
    FileKind,
    ImportRejected,
    read_member_rows,
    read_table,
)
from tests.domain.imports.samples import HEADERS, write_xlsx

ROWS = [["姓名", "手机", "备注"], ["张三", "13800138000", "老客户"], ["李四", "13900139000", ""]]


def _csv(rows, delimiter=",") -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize(("encoding", "prefix", "expected"), [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("gbk", b"", "gb18030"),
    ("gb18030", b"", "gb18030"),
])
def test_csv_encodings(tmp_path, encoding, prefix, expected):
    path = tmp_path / "members.csv"
    path.write_bytes(prefix + _csv(ROWS).encode(encoding))
    table = read_table(path)
    assert (table.kind, table.encoding, table.delimiter) == (FileKind.CSV, expected, ",")
    assert [row.cells for row in table.rows] == [ROWS[0], ROWS[1], ["李四", "13900139000"]]
    assert [row.number for row in table.rows] == [1, 2, 3]


def test_utf16_unicode_text_is_tab_separated(tmp_path):
    path = tmp_path / "members.txt"
    path.write_bytes(_csv(ROWS, "\t").encode("utf-16"))  # BOM + UTF-16-LE, as Excel writes
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows[1].cells == ROWS[1]


def test_semicolon_delimiter(tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(_csv(ROWS, ";"), encoding="utf-8")
    assert read_table(path).delimiter == ";"


def test_gbk_file_decoded_as_a_whole_not_per_field(tmp_path):
    # In GBK, '浣犲ソ' is the very bytes of UTF-8 '你好': that field alone would decode as
    # UTF-8, but the file as a whole does not, so every field is read as GB18030.
    utf8_looking = "你好".encode().decode("gbk")
    rows = [["姓名", "手机"], [utf8_looking, "13800138000"], ["王五", "13700137000"]]
    path = tmp_path / "gbk.csv"
    path.write_bytes(_csv(rows).encode("gbk"))
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert table.rows[1].cells[0] == utf8_looking  # not '你好', which per-field UTF-8 would give
    assert table.rows[2].cells[0] == "王五"


def test_quoted_multiline_csv_keeps_record_numbers(tmp_path):
    path = tmp_path / "members.csv"
    path.write_text('姓名,手机,备注\n张三,13800138000,"两行\n备注"\n李四,13900139000,\n',
                    encoding="utf-8")
    preview = read_member_rows(path)
    assert [row.row_number for row in preview.rows] == [2, 3]
    assert preview.rows[0].fields["notes"] == "两行 备注"


def test_unknown_encoding_is_refused(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("name,phone\nJosé,13800138000\n".encode("utf-16-le")[:-1].replace(
        b"\x00", b"") + b"\xff\xfe\xff\n")
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    assert caught.value.reason_code == "encoding"


@pytest.fixture
def exported_xlsx(tmp_path):
    """A member list as another program exports it: title, Chinese headers, numbers as phones."""
    path = write_xlsx(tmp_path / "export.xlsx", [
        HEADERS,
        ["张三", 13800138000, 32996, 120, "男", "老客户"],
        ["李四", "1.3800138E10", datetime(1985, 1, 2), 0, "女", None],
        ["王五", "1.38001E+10", "1990年5月3日", 5, "F", "=HYPERLINK(\"x\")"],
        [None, None, None, None, None, None],
        ["赵六", 13700137000.0, "5月3日", "=1+1", "M", "@SUM(1)"],
    ], title="2024年 会员名单")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for cell in ("F6", "F8"):  # text that looks like a formula, stored as text
        sheet[cell].data_type = "s"
    book.create_sheet("其他").append(["无关"])
    book.save(path)
    return path


def test_header_found_below_title_and_merged_cells(exported_xlsx):
    preview = read_member_rows(exported_xlsx, today=date(2026, 1, 1))
    assert preview.kind is FileKind.XLSX and preview.sheet == "会员"
    assert preview.sheet_names == ["会员", "其他"]
    assert preview.header_row_number == 3
    assert preview.headers == HEADERS
    assert preview.mapping.columns == {"name": 0, "phone": 1, "birthday": 2, "points": 3,
                                       "gender": 4, "notes": 5}


def test_rows_values_and_problems_by_row_number(exported_xlsx):
    preview = read_member_rows(exported_xlsx, today=date(2026, 1, 1))
    rows = {row.row_number: row for row in preview.rows}
    assert sorted(rows) == [4, 5, 6, 8]  # row 7 is blank
    assert rows[4].fields == {"name": "张三", "phone": "13800138000",
                              "birthday": Birthday(5, 3, 1990), "points": 120, "gender": "m",
                              "notes": "老客户"}
    assert rows[5].ok and rows[5].fields["phone"] == "13800138000"
    assert rows[5].fields["birthday"] == Birthday(1, 2, 1985)
    assert [p.field for p in rows[6].problems] == ["phone"]
    assert rows[6].fields["notes"] == '=HYPERLINK("x")'
    assert [p.field for p in rows[8].problems] == ["points"]  # the formula cell
    assert rows[8].fields["birthday"] == Birthday(5, 3) and rows[8].fields["notes"] == "@SUM(1)"
    messages = [str(problem) for problem in preview.row_problems]
    assert messages[0].startswith("Row 6, Phone:") and "lost" in messages[0]
    assert messages[1].startswith("Row 8, Points:") and "formula" in messages[1]
    assert [row.row_number for row in preview.valid_rows] == [4, 5]


def test_mapping_chosen_by_the_user(exported_xlsx):
    mapping = ColumnMapping()
    mapping.assign("phone", 1)
    mapping.assign("tier", 0)  # the user says the first column is the tier
    preview = read_member_rows(exported_xlsx, mapping=mapping)
    assert preview.rows[0].fields == {"phone": "13800138000", "tier": "张三"}


def test_other_sheet_by_name_or_index(exported_xlsx):
    assert read_table(exported_xlsx, sheet="其他").rows[0].cells == ["无关"]
    assert read_table(exported_xlsx, sheet=1).sheet == "其他"


def test_no_phone_column_is_a_file_problem(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("姓名,备注\n张三,x\n", encoding="utf-8")
    preview = read_member_rows(path)
    assert preview.problems and "phone" in preview.problems[0]


def test_export_of_another_member_system():
    """A committed GBK export: title rows, phones as numbers, one broken value of each kind."""
    from pathlib import Path
    path = Path(__file__).parents[2] / "data" / "imports" / "member_system_export_gbk.csv"
    preview = read_member_rows(path, today=date(2026, 1, 1))
    assert (preview.encoding, preview.header_row_number) == ("gb18030", 3)
    rows = {row.row_number: row for row in preview.rows}
    assert sorted(rows) == [4, 5, 6, 7, 9]
    assert rows[4].fields == {"name": "张三", "phone": "13800138000", "gender": "m",
                              "birthday": Birthday(5, 3, 1990), "tier": "金卡",
                              "points": 1200, "notes": "老客户"}
    assert rows[5].ok and rows[5].fields["phone"] == "13800139000"
    assert {p.field for p in rows[6].problems} == {"phone", "birthday"}
    assert [p.field for p in rows[7].problems] == ["points"]
    assert rows[9].ok and rows[9].fields["phone"] == "13700137000"
    assert rows[9].fields["notes"] == "=1+1"


def test_utf16_without_bom(tmp_path):
    path = tmp_path / "members.txt"
    path.write_bytes(_csv(ROWS, "\t").encode("utf-16-le"))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")
    assert table.rows[1].cells == ROWS[1]
