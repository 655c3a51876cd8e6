"""Builders of sample import files, generated in each test's tmp_path."""

import re
import zipfile
from pathlib import Path

import openpyxl

HEADERS = ["客户姓名", "手机号码：", "出生日期", "积分", "性别", "备注"]


def write_xlsx(path: Path, rows: list[list], title: str | None = None) -> Path:
    """An xlsx with an optional merged title row and a blank row above `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "会员"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, change) -> Path:
    """Rewrite one part of a zip in place with `change(bytes) -> bytes`."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, change(data) if info.filename == part else data)
    return path


def replace_sheet_data(path: Path, sheet_data: bytes) -> Path:
    """Swap the first sheet's <sheetData> (and drop its <dimension>) for `sheet_data`."""
    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return re.sub(rb"<sheetData>.*</sheetData>|<sheetData\s*/>", lambda _: sheet_data, xml,
                      flags=re.S)
    return rewrite_part(path, "xl/worksheets/sheet1.xml", change)


def insert_doctype(path: Path, part: str, doctype: bytes) -> Path:
    """Put a DOCTYPE (entity bomb, external entity) before the root element of `part`."""
    def change(xml: bytes) -> bytes:
        root = re.search(rb"<[A-Za-z]", xml).start()
        return xml[:root] + doctype + xml[root:]
    return rewrite_part(path, part, change)


def write_ods(path: Path, body: bytes) -> Path:
    """A minimal OpenDocument spreadsheet whose table rows are `body`."""
    content = (b'<?xml version="1.0" encoding="UTF-8"?>'
               b'<office:document-content '
               b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               b'office:version="1.2"><office:body><office:spreadsheet>'
               b'<table:table table:name="Sheet1">' + body +
               b"</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
                b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                b"</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_row(*texts: str) -> bytes:
    """One ODS table row of string cells."""
    cells = b"".join(b'<table:table-cell office:value-type="string"><text:p>' +
                     text.encode() + b"</text:p></table:table-cell>" for text in texts)
    return b"<table:table-row>" + cells + b"</table:table-row>"
