"""A bounded pass over the XML inside a workbook before any parser sees it.

Calamine loads a whole sheet into memory as a dense rectangle, so the rectangle is measured
first: the pass streams each part in chunks (never more than its declared size, however the
zip lies), refuses DOCTYPE/ENTITY declarations (entity bombs, external entities), finds the
largest row and column a cell names, and records where formulas are. The common case costs a
few C-speed searches per chunk; cells are only walked one by one in chunks holding formulas.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.imports import refusals
from desktop.domain.imports.limits import MB, ImportLimits

CHUNK = 4 * MB
_ROW = re.compile(rb"<(?:[\w.-]+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s>/]")
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
# A cell or row reference whose row is 200000 or more, checked exactly when found.
# Written with a literal ' r="' prefix, which the regex engine scans for quickly.
_BIG_ROW_REF = re.compile(rb' r="([A-Z]*)((?:[2-9]\d{5}|[1-9]\d{6,}))"')
# A cell reference with two or more column letters: a sheet wider than 26 columns.
_WIDE_REF = re.compile(rb' r="([A-Z]{2,})\d+"')
_CELL_OR_FORMULA = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?\br="([A-Z]+)(\d+)"|'
                              rb"<(?:[\w.-]+:)?f[\s>/]")
_ODS_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*)>")
_ODS_FORMULA = re.compile(rb"table:formula=")


@dataclass
class SheetScan:
    """What the pass learnt: size of the used rectangle and the formula cells (row, col)."""

    rows: int = 0
    cells: int = 0
    widest_row: int = 0  # most cells in one row, measured when cells lack references
    max_row: int = 0
    max_column: int = 26  # no two-letter reference seen: at most column Z
    formula_cells: set[tuple[int, int]] = field(default_factory=set)


def column_index(letters: str) -> int:
    """1-based column number of 'A', 'Z', 'AA', …"""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def stream_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path,
                budget: list[int]) -> Iterator[bytes]:
    """The part's bytes in chunks, refused past its declared size or the shared budget."""
    seen = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                seen += len(chunk)
                budget[0] -= len(chunk)
                if seen > info.file_size or budget[0] < 0:
                    raise refusals.expands_too_much(path, info.file_size // MB + 1)
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise refusals.damaged(path) from None


def _chunks_split_on_tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Re-cut chunks at the last '<' so that no tag is split between two pieces."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data[-1024:]  # no tag at all: keep a little, never the whole part
            yield data[:-1024]
            continue
        carry = data[cut:]
        yield data[:cut]
    if carry:
        yield carry


def refuse_declarations(archive: zipfile.ZipFile, path: Path, budget: list[int],
                        skip: str = "", skip_prefix: str = "") -> None:
    """Refuse any XML part declaring a DOCTYPE/ENTITY (but `skip`, scanned elsewhere)."""
    for info in archive.infolist():
        name = info.filename
        if name == skip or (skip_prefix and name.startswith(skip_prefix)):
            continue
        if not name.endswith((".xml", ".rels")):
            continue
        for piece in _chunks_split_on_tags(stream_part(archive, info, path, budget)):
            if _has_declaration(piece):
                raise refusals.xml_entities(path)


def scan_xlsx_sheet(archive: zipfile.ZipFile, member: str, path: Path, limits: ImportLimits,
                    budget: list[int]) -> SheetScan:
    """Measure one worksheet part and locate its formulas, refusing what breaks the limits."""
    scan = SheetScan()
    last_cell: tuple[int, int] | None = None
    open_row: int | None = None  # cells so far in a row cut by the chunk end (no references)
    info = archive.getinfo(member)
    for piece in _chunks_split_on_tags(stream_part(archive, info, path, budget)):
        if _has_declaration(piece):
            raise refusals.xml_entities(path)
        scan.rows += _count_rows(piece)
        if scan.rows > limits.max_rows:
            raise refusals.too_many_rows(path, limits.max_rows)
        # Cells without a reference are placed one after another, so they are counted too.
        cells = _count_cells(piece)
        scan.cells += cells
        if scan.cells > limits.max_cells:
            raise refusals.too_many_cells(path, limits.max_cells)
        if open_row is not None or cells > piece.count(b'<c r="'):
            open_row = _widest_unreferenced_row(piece, scan, open_row or 0)
            if scan.widest_row > limits.max_columns:
                raise refusals.too_many_columns(path, limits.max_columns)
        for match in _BIG_ROW_REF.finditer(piece):
            row = int(match.group(2))
            if row > limits.max_rows:
                raise refusals.too_many_rows(path, limits.max_rows)
            scan.max_row = max(scan.max_row, row)
        for match in _WIDE_REF.finditer(piece):
            column = column_index(match.group(1).decode("ascii"))
            if column > limits.max_columns:
                raise refusals.too_many_columns(path, limits.max_columns)
            scan.max_column = max(scan.max_column, column)
        if _may_hold_formula(piece) and _FORMULA.search(piece):
            last_cell = _locate_formulas(piece, scan, last_cell)
    scan.max_row = max(scan.max_row, scan.rows)
    if scan.max_row * max(scan.max_column, scan.widest_row) > limits.max_cells:
        raise refusals.too_many_cells(path, limits.max_cells)
    return scan


def _has_declaration(piece: bytes) -> bool:
    # bytes.find is far faster than a regex over megabytes; both spellings are exact in XML.
    return b"<!DOCTYPE" in piece or b"<!ENTITY" in piece


def _count_rows(piece: bytes) -> int:
    plain = piece.count(b"<row ") + piece.count(b"<row>")
    if plain or b":row" not in piece:
        return plain
    return len(_ROW.findall(piece))  # rows written with a namespace prefix, e.g. <x:row>


def _count_cells(piece: bytes) -> int:
    plain = piece.count(b"<c ") + piece.count(b"<c>")
    if plain or b":c" not in piece:
        return plain
    return len(_CELL.findall(piece))


def _widest_unreferenced_row(piece: bytes, scan: SheetScan, carried: int) -> int:
    """Cells without `r` are placed side by side: count them row by row (a rare, slower path).

    Returns the count of the row still open at the end of `piece`, carried into the next.
    """
    segments = piece.split(b"<row")
    count = carried
    for index, segment in enumerate(segments):
        if index:
            count = 0
        count += _count_cells(segment)
        scan.widest_row = max(scan.widest_row, count)
    return count


def _may_hold_formula(piece: bytes) -> bool:
    # Every formula element starts '<f' or, namespaced, ':f'; other matches ('<filterMode',
    # text) only cost the exact search that follows.
    return b"<f" in piece or b":f" in piece


def _locate_formulas(piece: bytes, scan: SheetScan,
                     last_cell: tuple[int, int] | None) -> tuple[int, int] | None:
    for match in _CELL_OR_FORMULA.finditer(piece):
        if match.group(1):
            last_cell = (int(match.group(2)), column_index(match.group(1).decode()) - 1)
        elif last_cell is not None:
            scan.formula_cells.add(last_cell)
    return last_cell


def scan_ods_content(archive: zipfile.ZipFile, path: Path, limits: ImportLimits,
                     budget: list[int]) -> SheetScan:
    """Measure an OpenDocument spreadsheet's rows and cells, repeats expanded.

    LibreOffice pads sheets with huge repeats of empty rows and cells, which cost nothing;
    repeats of cells holding values are counted as the cells they become. Formulas refuse
    the file, since their cells are not located (ods is rare among shops).
    """
    scan = SheetScan()
    position = 0  # rows so far, repeats expanded
    info = archive.getinfo("content.xml")
    for piece in _chunks_split_on_tags(stream_part(archive, info, path, budget)):
        if _has_declaration(piece):
            raise refusals.xml_entities(path)
        if _ODS_FORMULA.search(piece):
            raise refusals.ods_formulas(path)
        for segment in piece.split(b"<table:table-row")[1:]:
            head = segment[: segment.find(b">") + 1]
            repeat = _ODS_ROWS_REPEATED.search(head)
            repeat_count = int(repeat.group(1)) if repeat else 1
            position += repeat_count
            width = _ods_row_width(segment)
            if not width:
                continue
            scan.rows = scan.max_row = position
            scan.cells += width * repeat_count
            scan.max_column = max(scan.max_column, width)
            if position > limits.max_rows:
                raise refusals.too_many_rows(path, limits.max_rows)
            if width > limits.max_columns:
                raise refusals.too_many_columns(path, limits.max_columns)
            if scan.cells > limits.max_cells or position * scan.max_column > limits.max_cells:
                raise refusals.too_many_cells(path, limits.max_cells)
    return scan


def _ods_row_width(segment: bytes) -> int:
    """The column after the last cell holding a value in one row, cell repeats expanded."""
    if b"office:value-type" not in segment:
        return 0
    column = width = 0
    for match in _ODS_CELL.finditer(segment):
        attributes = match.group(1)
        repeat = _ODS_COLUMNS_REPEATED.search(attributes)
        column += int(repeat.group(1)) if repeat else 1
        if b"office:value-type" in attributes:
            width = column
    return width
