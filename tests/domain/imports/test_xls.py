"""Legacy .xls files (Excel 97-2003, what older member programs export) read like .xlsx."""

from datetime import date, datetime

import pytest
import xlwt

from desktop.domain.imports import FileKind, ImportRejected, read_member_rows
from desktop.domain.members import Birthday
from tests.domain.imports.samples import HEADERS


def write_xls(path, rows, title=None):
    """An .xls with an optional merged title row, as xlwt (like old programs) writes it."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("会员")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    offset = 0
    if title:
        sheet.write_merge(0, 0, 0, len(HEADERS) - 1, title)
        offset = 2
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write(r + offset, c, value, dates)
            elif value is not None:
                sheet.write(r + offset, c, value)
    book.add_sheet("其他").write(0, 0, "无关")
    book.save(str(path))
    return path


def test_an_xls_export_reads_with_header_numbers_and_dates(tmp_path):
    path = write_xls(tmp_path / "会员.xls", [
        HEADERS,
        ["张三", 13800138000, 32996, 120, "男", "老客户"],
        ["李四", "1.3800138E10", datetime(1985, 1, 2), 0, "女", None],
        ["王五", "1.38001E+10", "1990年5月3日", 5, "F", None],
        ["赵六", 13700137000.0, "5月3日", 7, "M", "@SUM(1)"],
    ], title="2024年 会员名单")
    preview = read_member_rows(path, today=date(2026, 1, 1))
    assert preview.kind is FileKind.XLS
    assert preview.sheet_names == ["会员", "其他"]
    assert preview.header_row_number == 3 and preview.headers == HEADERS
    rows = {row.row_number: row for row in preview.rows}
    assert sorted(rows) == [4, 5, 6, 7]
    assert rows[4].fields == {"name": "张三", "phone": "13800138000",
                              "birthday": Birthday(5, 3, 1990), "points": 120, "gender": "m",
                              "notes": "老客户"}
    assert rows[5].fields["birthday"] == Birthday(1, 2, 1985)
    assert [p.field for p in rows[6].problems] == ["phone"]  # lost digits: refused, not guessed
    assert rows[7].ok and rows[7].fields["notes"] == "@SUM(1)"


def test_a_truncated_xls_is_refused_plainly(tmp_path):
    path = write_xls(tmp_path / "good.xls", [HEADERS, ["张三", 13800138000]])
    broken = tmp_path / "broken.xls"
    broken.write_bytes(path.read_bytes()[:700])
    with pytest.raises(ImportRejected) as refused:
        read_member_rows(broken)
    assert refused.value.reason_code == "damaged"
    assert "damaged or incomplete" in str(refused.value)
