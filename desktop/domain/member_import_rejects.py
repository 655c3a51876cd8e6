"""The rejected rows of a members import, saved as an .xlsx the shop can fix and import again.

The sheet holds the file's own header and cells, then the row number and the reason. Text is
always written as a text cell, so a name like `=HYPERLINK(...)` stays the text it was and
never becomes a formula. The file appears under its name only once complete.
"""

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from desktop.domain.imports import ImportPreview, read_table
from desktop.i18n import tr


def write_rejects(out: Path | str, source: Path | str, preview: ImportPreview,
                  rejected: Iterable) -> Path:
    """Write the rejected rows (objects with .row and .reason) of `source` to `out`."""
    out = Path(out)
    reasons = {item.row: item.reason for item in rejected}
    table = read_table(source, preview.sheet)
    cells_by_row = {row.number: row.cells for row in table.rows}
    header = cells_by_row.get(preview.header_row_number) if preview.header_row_number else None
    width = max([len(header or [])] + [len(cells_by_row.get(n, [])) for n in reasons])
    if header is None:
        header = [tr("member_import", "Column {number}").format(number=i + 1)
                  for i in range(width)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(tr("member_import", "Rejected rows")[:31])

    def line(values: list) -> list:
        return [_cell(sheet, value) for value in values]

    sheet.append(line([*_padded(header, width), tr("member_import", "Row in file"),
                       tr("member_import", "Reason")]))
    for number in sorted(reasons):
        sheet.append(line([*_padded(cells_by_row.get(number, []), width), number,
                           reasons[number]]))
    partial = out.with_name(out.name + ".partial")
    try:
        workbook.save(partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _padded(cells: list, width: int) -> list:
    return list(cells) + [None] * (width - len(cells))


def _cell(sheet, value) -> WriteOnlyCell:
    """A cell holding `value`; text always as a text cell, never a formula."""
    if isinstance(value, dt.time | dt.timedelta):
        value = str(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell._value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)
