"""Broken and hostile files are refused quickly with a typed, plain message."""

import random
import time
import zipfile

import pytest

from desktop.domain.imports import FileKind, ImportLimits, ImportRejected, read_table
from desktop.domain.imports.sniff import OLE2_MAGIC
from tests.domain.imports.samples import (
    insert_doctype,
    ods_row,
    replace_sheet_data,
    write_ods,
    write_xlsx,
)

BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
EXTERNAL = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def refused(path, **kwargs) -> ImportRejected:
    """The refusal of reading `path`, which must come within a generous bound."""
    started = time.monotonic()
    with pytest.raises(ImportRejected) as caught:
        read_table(path, **kwargs)
    assert time.monotonic() - started < 5
    error = caught.value
    assert error.exit_code == 2 and error.error_code == "import_rejected"
    assert path.name in error.user_message()
    return error


@pytest.fixture
def member_xlsx(tmp_path):
    return write_xlsx(tmp_path / "members.xlsx", [["姓名", "手机"], ["张三", 13800138000]])


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert refused(path).reason_code == "empty"


def test_refusal_speaks_chinese(tmp_path):
    from desktop import i18n
    i18n.set_language("zh_CN")
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    assert refused(path).user_message() == "无法导入 空.csv：文件是空的。请选择保存会员名单的文件。"


def test_missing_file(tmp_path):
    assert refused(tmp_path / "nowhere.csv").reason_code == "missing"


def test_random_bytes_named_xlsx(tmp_path):
    path = tmp_path / "random.xlsx"
    path.write_bytes(random.Random(3).randbytes(64 * 1024))
    assert refused(path).reason_code == "not_spreadsheet"


def test_truncated_xlsx(member_xlsx):
    data = member_xlsx.read_bytes()
    member_xlsx.write_bytes(data[: len(data) // 2])
    assert refused(member_xlsx).reason_code == "damaged"


def test_csv_renamed_xlsx_is_read_as_the_csv_it_is(tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes("姓名,手机\n张三,13800138000\n".encode())
    table = read_table(path)
    assert table.kind is FileKind.CSV
    assert table.rows[1].cells == ["张三", "13800138000"]


def test_password_protected_xlsx_is_an_encrypted_ole2_container(tmp_path):
    path = tmp_path / "locked.xlsx"
    stream = "EncryptionInfo".encode("utf-16-le")
    path.write_bytes(OLE2_MAGIC + bytes(504) + stream + bytes(2048))
    error = refused(path)
    assert error.reason_code == "encrypted"
    assert "password" in error.user_message()


def test_ole2_garbage_is_damaged(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(OLE2_MAGIC + random.Random(1).randbytes(4096))
    assert refused(path).reason_code == "damaged"


def test_file_over_the_size_cap(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 1000)
    assert refused(path, limits=ImportLimits(max_file_bytes=1000)).reason_code == "too_large"


def test_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "bomb.xlsx"
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(624):
                part.write(zeros)
    assert path.stat().st_size < 4 * 1024 * 1024
    assert refused(path).reason_code == "zip_bomb"


def test_declared_dimension_of_the_whole_sheet_allocates_nothing(member_xlsx):
    def change(xml: bytes) -> bytes:
        return xml.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"')
    from tests.domain.imports.samples import rewrite_part
    rewrite_part(member_xlsx, "xl/worksheets/sheet1.xml", change)
    table = read_table(member_xlsx)
    assert [row.cells for row in table.rows] == [["姓名", "手机"], ["张三", 13800138000]]


@pytest.mark.parametrize(("reference", "code"), [
    ("XFD1", "too_many_columns"), ("A1048576", "too_many_rows"), ("CV200000", "too_many_cells"),
])
def test_a_far_cell_would_make_a_huge_rectangle(member_xlsx, reference, code):
    data = (b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
            b'<row r="' + reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode() +
            b'"><c r="' + reference.encode() + b'"><v>1</v></c></row></sheetData>')
    replace_sheet_data(member_xlsx, data)
    assert refused(member_xlsx).reason_code == code


def test_sheet_without_dimension_and_a_million_rows(member_xlsx):
    replace_sheet_data(member_xlsx, b"<sheetData>" + b"<row><c><v>1</v></c></row>" * 1_000_000
                       + b"</sheetData>")
    assert refused(member_xlsx).reason_code == "too_many_rows"


@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, EXTERNAL])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_entity_declarations_are_refused(member_xlsx, doctype, part):
    insert_doctype(member_xlsx, part, doctype)
    assert refused(member_xlsx).reason_code == "xml_entities"


def test_entity_bomb_in_shared_strings(tmp_path):
    import openpyxl
    path = tmp_path / "shared.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "手机"])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    part = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/styles.xml"
    insert_doctype(path, part, BILLION_LAUGHS)
    assert refused(path).reason_code == "xml_entities"


def test_too_many_rows_in_a_csv(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b"name,phone\n" + b"a,13800138000\n" * 2000)
    assert refused(path, limits=ImportLimits(max_rows=1000)).reason_code == "too_many_rows"


def test_too_many_columns_in_a_csv(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(b",".join(b"c%d" % i for i in range(150)) + b"\n")
    assert refused(path).reason_code == "too_many_columns"


def test_unknown_sheet(member_xlsx):
    assert refused(member_xlsx, sheet="不存在").reason_code == "no_sheet"


def test_ods_formulas_are_refused(tmp_path):
    body = ods_row("姓名", "积分") + (b'<table:table-row><table:table-cell office:value-type='
                                     b'"float" office:value="2" table:formula="of:=1+1"/>'
                                     b"</table:table-row>")
    assert refused(write_ods(tmp_path / "f.ods", body)).reason_code == "formulas"


def test_ods_repeated_row_with_values_is_refused(tmp_path):
    body = ods_row("姓名", "手机") + (b'<table:table-row table:number-rows-repeated="5000000">'
                                     b'<table:table-cell office:value-type="string">'
                                     b"<text:p>x</text:p></table:table-cell></table:table-row>")
    assert refused(write_ods(tmp_path / "r.ods", body)).reason_code == "too_many_rows"


def test_ods_repeated_cell_with_a_value_is_refused(tmp_path):
    body = ods_row("姓名", "手机") + (b'<table:table-row><table:table-cell office:value-type='
                                     b'"string" table:number-columns-repeated="16384">'
                                     b"<text:p>x</text:p></table:table-cell></table:table-row>")
    assert refused(write_ods(tmp_path / "c.ods", body)).reason_code == "too_many_columns"


def test_ods_entity_declaration_is_refused(tmp_path):
    path = write_ods(tmp_path / "e.ods", ods_row("姓名", "手机"))
    insert_doctype(path, "content.xml", EXTERNAL)
    assert refused(path).reason_code == "xml_entities"


def test_ods_padding_of_empty_rows_is_fine(tmp_path):
    body = ods_row("姓名", "手机") + ods_row("张三", "13800138000") + (
        b'<table:table-row table:number-rows-repeated="1048574">'
        b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    table = read_table(write_ods(tmp_path / "ok.ods", body))
    assert table.kind is FileKind.ODS
    assert [row.cells for row in table.rows] == [["姓名", "手机"], ["张三", "13800138000"]]


def test_a_wide_row_of_cells_without_references(member_xlsx):
    narrow = b"<row><c><v>1</v></c></row>"
    wide = b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    replace_sheet_data(member_xlsx, b"<sheetData>" + narrow * 1000 + wide + b"</sheetData>")
    assert refused(member_xlsx).reason_code == "too_many_columns"


def test_cells_without_references_are_counted(member_xlsx):
    row = b"<row>" + b"<c><v>1</v></c>" * 10 + b"</row>"
    replace_sheet_data(member_xlsx, b"<sheetData>" + row * 200 + b"</sheetData>")
    limits = ImportLimits(max_cells=1000)
    assert refused(member_xlsx, limits=limits).reason_code == "too_many_cells"
