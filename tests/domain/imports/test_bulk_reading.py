"""Reading a large list: column-at-a-time parsing equals the cell parsers, progress, cancel."""

from datetime import date, datetime

import openpyxl
import pytest

from desktop.domain.imports import ImportPreview, read_member_rows, read_table, values
from desktop.domain.imports.column_values import column_parsers
from desktop.domain.imports.errors import ImportCancelled
from desktop.domain.member_import import ImportCancelled as ImportCancelledOfImport

TODAY = date(2026, 1, 1)
# Cells as readers give them: clean and dirty text, numbers of each type, dates, blanks.
CELLS = [
    None, "", " ", "  ", "\t", "\u200b", "张三", " 王五 ", "a  b", "张\x7f三", "x" * 51,
    "x" * 1001, "=1+1", "13800138000", " 13800138000", "138-0013-8000", "+86 139 0013 9000",
    "１３８００１３８０００", "1.38001E+10", "1.3800138001E10", "13800138000.0", "12345",
    "23800138000", "12800138000", 13800138000, 13800138000.0, 1.5, -13800138000, True, False,
    0, 1, 1.0, 10.5, "1,200", "-5", "nan", 1e30, "男", "女士", "Male", "f", "x",
    datetime(1990, 5, 3), datetime(1990, 5, 3, 10, 0), date(1985, 1, 2), "1990-05-03",
    "5月3日", 32996, 32996.5, 19900503, "2099-01-01", 60, "咖啡；VIP", "a,b,a", " , ", 5,
]
CELL_PARSERS = {
    "name": lambda cell: values.parse_text(cell, 50),
    "phone": values.parse_phone,
    "gender": values.parse_gender,
    "birthday": lambda cell: values.parse_birthday(cell, TODAY),
    "wechat": lambda cell: values.parse_text(cell, 50),
    "tier": lambda cell: values.parse_text(cell, 50),
    "points": values.parse_points,
    "tags": values.parse_tags,
    "notes": lambda cell: values.parse_text(cell, 1000),
}


@pytest.mark.parametrize("field", sorted(CELL_PARSERS))
def test_column_parsers_give_what_the_cell_parsers_give(field):
    parse_column = column_parsers(TODAY)[field]
    cells = CELLS * 2  # the second half answered from a memo where there is one
    parsed, problems = parse_column(cells)
    for index, cell in enumerate(cells):
        value, problem = CELL_PARSERS[field](cell) if cell is not None else (None, None)
        assert (parsed[index], problems.get(index)) == (None if problem else value, problem), (
            field, cell)
    assert len(parsed) == len(cells)


def test_memoised_tag_lists_are_not_shared_between_rows():
    parsed, _ = column_parsers(TODAY)["tags"](["a,b", "a,b"])
    assert parsed == [["a", "b"], ["a", "b"]] and parsed[0] is not parsed[1]


def write_rows(tmp_path, rows, name="list.csv"):
    path = tmp_path / name
    path.write_text("姓名,手机\n" + "".join(f"{n},{p}\n" for n, p in rows), encoding="utf-8")
    return path


def test_progress_counts_data_rows_every_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.domain.imports.preview.CHUNK", 2)
    path = write_rows(tmp_path, [(f"会员{i}", f"1380013800{i}") for i in range(7)])
    calls = []
    preview = read_member_rows(path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 7), (2, 7), (4, 7), (6, 7), (7, 7)]
    assert [row.row_number for row in preview.rows] == list(range(2, 9))


def test_cancel_stops_reading_with_the_import_cancel(tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.domain.imports.preview.CHUNK", 2)
    path = write_rows(tmp_path, [(f"会员{i}", f"1380013800{i}") for i in range(7)])
    asked = []
    with pytest.raises(ImportCancelled):
        read_member_rows(path, cancel=lambda: asked.append(1) or len(asked) > 3)
    assert len(asked) == 4  # before reading, after it, before chunks 1 and 2
    assert ImportCancelled is ImportCancelledOfImport  # one class: the window catches either
    assert isinstance(read_member_rows(path, cancel=lambda: False), ImportPreview)


def test_rows_keep_their_numbers_when_a_sheet_starts_below_row_one(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"] = "姓名", "手机"
    sheet["C4"], sheet["D4"] = "张三", "13800138000"
    sheet["C6"], sheet["D6"] = "李四", "139"
    path = tmp_path / "low.xlsx"
    book.save(path)
    assert [(row.number, row.cells) for row in read_table(path).rows] == [
        (3, [None, None, "姓名", "手机"]), (4, [None, None, "张三", "13800138000"]),
        (6, [None, None, "李四", "139"])]
    preview = read_member_rows(path)
    assert (preview.header_row_number, preview.mapping.columns) == (3, {"name": 2, "phone": 3})
    assert [(row.row_number, row.ok) for row in preview.rows] == [(4, True), (6, False)]
    assert preview.rows[0].fields == {"name": "张三", "phone": "13800138000"}


def test_workbook_blanks_and_formulas_read_like_before(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["姓名", "手机", "积分", "备注"], ["张三", "13800138000", "=1+1", None],
                [None, None, None, "only a note"], ["  ", None, None, None],
                [None, None, None, None], ["李四", 13900139000, 5, " x "]):
        sheet.append(row)
    path = tmp_path / "blanks.xlsx"
    book.save(path)
    rows = {row.row_number: row for row in read_member_rows(path).rows}
    assert sorted(rows) == [2, 3, 4, 6]  # row 5 is blank; 3 and 4 lack a phone
    assert [p.field for p in rows[2].problems] == ["points"] and "formula" in str(
        rows[2].problems[0])
    assert [p.field for p in rows[3].problems] == ["phone"]
    assert rows[3].fields == {"notes": "only a note"} and rows[4].fields == {}
    assert rows[6].ok and rows[6].fields == {"name": "李四", "phone": "13900139000",
                                             "points": 5, "notes": "x"}


def test_what_a_paused_block_made_is_not_left_to_the_young_collection():
    import gc

    from desktop.domain.imports.gc_pause import paused_gc

    with paused_gc():
        kept = [[index] for index in range(20_000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_count()[0] < 1000  # not 20,000 objects to traverse
    assert gc.is_tracked(kept[0]) and len(kept) == 20_000
