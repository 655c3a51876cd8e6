"""Workbooks (.xlsx, .xls, .ods) through python-calamine, measured before they are loaded.

Calamine is fast but loads a sheet whole, as a dense rectangle, and returns formulas' cached
values. So for xlsx and ods the XML is first streamed within limits (`xmlscan`): entity
declarations refused, the rectangle measured, formula cells located (ods formulas refuse the
file, since their cells are not located). An `.xls` is at most `max_file_bytes` of BIFF, whose
sheets cannot exceed 65,536 × 256 cells; its size is checked once loaded, and its formulas are
not detected (calamine does not expose them), which is documented for the user.
"""

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from desktop.domain.imports import refusals, xmlscan
from desktop.domain.imports.limits import ImportLimits
from desktop.domain.imports.sniff import FileKind
from desktop.domain.imports.table import RawTable, SourceRow

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Sheet:
    """One loaded sheet as calamine gives it: dense rows, a blank cell being ''."""

    grid: list[list]  # from the first used row and column on, all rows equally wide
    first_row: int  # 0-based position of grid[0] in the sheet, and of its first cell
    first_column: int
    name: str
    names: list[str]
    formula_cells: frozenset[tuple[int, int]]

    def is_blank(self, index: int) -> bool:
        """True when grid row `index` has no value at all."""
        row = self.grid[index]
        return row.count("") == len(row)

    def source_row(self, index: int) -> SourceRow:
        """Grid row `index` as a RawTable row: blanks None, trailing ones dropped, padded to
        its columns' real positions."""
        cells = [None if value == "" else value for value in self.grid[index]]
        while cells and cells[-1] is None:
            cells.pop()
        return SourceRow(self.first_row + index + 1, [None] * self.first_column + cells)


def read_workbook(path: Path, kind: FileKind, limits: ImportLimits,
                  sheet: str | int | None = None) -> RawTable:
    """The non-blank rows of one sheet (the first unless `sheet` names or numbers another)."""
    loaded = load_sheet(path, kind, limits, sheet)
    rows = [loaded.source_row(index) for index in range(len(loaded.grid))
            if not loaded.is_blank(index)]
    return RawTable(rows=rows, kind=kind, sheet=loaded.name, sheet_names=loaded.names,
                    formula_cells=loaded.formula_cells)


def load_sheet(path: Path, kind: FileKind, limits: ImportLimits,
               sheet: str | int | None = None) -> Sheet:
    """One sheet measured (xlsx, ods) and loaded; refusals raise ImportRejected, as does a
    sheet without a single value (no_data)."""
    formula_cells: frozenset[tuple[int, int]] = frozenset()
    if kind in (FileKind.XLSX, FileKind.ODS):
        formula_cells = _prescan(path, kind, limits, sheet)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise refusals.encrypted(path) from None
    except (CalamineError, OSError, ValueError):
        raise refusals.damaged(path) from None
    try:
        names = list(workbook.sheet_names)
        name = _choose(names, sheet, path)
        try:
            loaded = workbook.get_sheet_by_name(name)
        except PasswordError:
            raise refusals.encrypted(path) from None
        except (CalamineError, ValueError):
            raise refusals.damaged(path) from None
        if loaded.height > limits.max_rows:
            raise refusals.too_many_rows(path, limits.max_rows)
        if loaded.width > limits.max_columns:
            raise refusals.too_many_columns(path, limits.max_columns)
        # to_python starts at the first used row and column (iter_rows at row 0 instead).
        first_row, first_column = loaded.start if loaded.height else (0, 0)
        grid = loaded.to_python() if loaded.height else []
    finally:
        workbook.close()
    result = Sheet(grid, first_row, first_column, name, names, formula_cells)
    if all(result.is_blank(index) for index in range(len(grid))):
        raise refusals.no_data(path)
    return result


def _choose(names: list[str], sheet: str | int | None, path: Path) -> str:
    if not names:
        raise refusals.no_data(path)
    if sheet is None:
        return names[0]
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return names[sheet]
        raise refusals.no_sheet(path, str(sheet))
    if sheet not in names:
        raise refusals.no_sheet(path, sheet)
    return sheet


def _prescan(path: Path, kind: FileKind, limits: ImportLimits,
             sheet: str | int | None) -> frozenset[tuple[int, int]]:
    budget = [limits.max_total_bytes]
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise refusals.damaged(path) from None
    with archive:
        if kind is FileKind.ODS:
            xmlscan.refuse_declarations(archive, path, budget, skip="content.xml")
            xmlscan.scan_ods_content(archive, path, limits, budget)
            return frozenset()
        # Other sheets are never loaded, so only the chosen one is streamed and measured.
        xmlscan.refuse_declarations(archive, path, budget, skip_prefix="xl/worksheets/")
        parts = _xlsx_sheet_parts(archive, path)
        name = _choose([name for name, _ in parts], sheet, path)
        member = dict(parts)[name]
        if member not in archive.namelist():
            raise refusals.damaged(path)
        scan = xmlscan.scan_xlsx_sheet(archive, member, path, limits, budget)
        return frozenset(scan.formula_cells)


def _xlsx_sheet_parts(archive: zipfile.ZipFile, path: Path) -> list[tuple[str, str]]:
    """(sheet name, zip member) in workbook order; the XML was checked for declarations."""
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        targets = {}
        if "xl/_rels/workbook.xml.rels" in archive.namelist():
            rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            for rel in rels.iter(f"{_PKG_REL}Relationship"):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join("xl", target))
                targets[rel.get("Id")] = target
    except (ET.ParseError, KeyError, zipfile.BadZipFile):
        raise refusals.damaged(path) from None
    return [(node.get("name", ""), targets.get(node.get(f"{_REL}id"), ""))
            for node in book.iter(f"{_MAIN}sheet")]
