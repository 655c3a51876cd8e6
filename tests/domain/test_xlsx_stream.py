"""Streamed .xlsx rows read back exactly as openpyxl's own write-only writer's rows."""

import datetime as dt

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from desktop.domain.xlsx_stream import StreamedSheet

FORMATS = {2: "yyyy-mm-dd", 3: "¥#,##0.00", 4: "yyyy-mm-dd hh:mm"}
ROWS = [
    [1, "张三", dt.date(1990, 5, 3), 123.45, dt.datetime(2026, 1, 2, 3, 4, 5), "VIP, 咖啡"],
    [2, '=HYPERLINK("http://x")', None, 0.0, None, "#N/A"],
    [3, "a & b <c> d", dt.date(1900, 1, 1), 1e-7, dt.datetime(1999, 12, 31, 23, 59), " x "],
    [4, "", None, 12345678.9, None, "@SUM(1)"],
]


def book_with_header():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("会员")
    sheet.column_dimensions["B"].width = 20
    sheet.freeze_panes = "A2"
    header = WriteOnlyCell(sheet, "ID")
    header.font = openpyxl.styles.Font(bold=True)
    sheet.append([header, "Name"])
    return book, sheet


def openpyxl_reference(path):
    """The same rows through openpyxl's own cells, text forced to text as the export did."""
    book, sheet = book_with_header()
    for values in ROWS:
        cells = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value)
            if isinstance(value, str):
                cell.data_type = "s"
            if column in FORMATS:
                cell.number_format = FORMATS[column]
            cells.append(cell if value not in (None, "") else None)
        sheet.append(cells)
    book.save(path)


def cells(path):
    sheet = openpyxl.load_workbook(path).active
    return sheet, [[(c.value, c.data_type, c.number_format if c.value is not None else None,
                     c.is_date) for c in row] for row in sheet.iter_rows()]


def test_rows_read_back_like_openpyxls_own(tmp_path):
    book, _ = book_with_header()
    target = tmp_path / "streamed.xlsx"
    stream = StreamedSheet(book, target, FORMATS)
    for values in ROWS:
        stream.row(values)
    stream.finish()
    openpyxl_reference(tmp_path / "reference.xlsx")
    sheet, streamed = cells(target)
    _, reference = cells(tmp_path / "reference.xlsx")
    assert streamed == reference
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 20
    assert sheet["B3"].value == '=HYPERLINK("http://x")' and sheet["B3"].data_type == "s"
    assert sheet["B4"].value == "a & b <c> d" and sheet["F4"].value == " x "
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reference.xlsx", "streamed.xlsx"]


def test_control_characters_are_dropped_and_odd_values_refused(tmp_path):
    book, _ = book_with_header()
    target = tmp_path / "odd.xlsx"
    stream = StreamedSheet(book, target, {})
    stream.row([1, "张\x01三\x1f"])
    for odd in (float("nan"), True, b"bytes"):
        with pytest.raises(TypeError):
            stream.row([odd])
    stream.finish()
    assert openpyxl.load_workbook(target).active["B2"].value == "张三"


def test_abandon_leaves_only_the_file_the_caller_removes(tmp_path):
    book, _ = book_with_header()
    target = tmp_path / "gone.xlsx"
    stream = StreamedSheet(book, target, FORMATS)
    stream.row(ROWS[0])
    stream.abandon()
    assert [p.name for p in tmp_path.iterdir()] == ["gone.xlsx"]
