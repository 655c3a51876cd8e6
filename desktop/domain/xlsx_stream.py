"""A large .xlsx sheet streamed to disk: openpyxl writes the workbook, rows are serialised here.

openpyxl's write-only sheet builds a cell object and an lxml element per value, three
quarters of a 100,000-member export. So openpyxl writes the whole workbook (styles, sheet
settings, the header row) to a small template, and the data rows are written as
`<row>` XML straight into a copy of it, compressed as they come: memory stays constant
and openpyxl's own reader (and Excel, WPS) read the result as if openpyxl had written it.

Cells are typed by their Python value: text is always an inline string (never a formula,
illegal control characters dropped), int and (finite) float are numbers, a date or datetime
is an Excel serial with the column's number format. None leaves the cell out.
"""

import contextlib
import datetime as dt
import math
import os
import re
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE
_NEEDS_ESCAPE = re.compile(r"[&<>\000-\010\013\014\016-\037]")
_SHEET_END = b"</sheetData>"
_ROWS_PER_WRITE = 500  # rows compressed at once: fewer, larger writes


class StreamedSheet:
    """One sheet whose rows after the header are appended with `row(values)`.

    `book` is an openpyxl write-only Workbook holding this one sheet, its settings and
    header already appended; `formats` maps a column (0-based) to the number format of its
    dates and numbers. `finish()` completes the file; after `abandon()` the caller removes
    it.
    """

    def __init__(self, book, path: Path, formats: dict[int, str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        sheet = book.worksheets[0]
        self._styles: dict[int, str] = {}
        for column, number_format in formats.items():
            cell = WriteOnlyCell(sheet)
            cell.number_format = number_format
            self._styles[column] = f' s="{cell.style_id}"'  # registers it with the workbook
        self._template = path.with_name(path.name + ".template")
        self._archive = self._out = None
        try:
            book.save(self._template)
            part = sheet.path.lstrip("/")  # known once saved
            self._archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
            with zipfile.ZipFile(self._template) as template:
                for info in template.infolist():
                    if info.filename != part:
                        self._archive.writestr(info, template.read(info.filename))
                head, end, self._tail = template.read(part).rpartition(_SHEET_END)
            if not end:
                raise ValueError("the template sheet has no rows")
            entry = zipfile.ZipInfo(part, time.localtime()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            self._out = self._archive.open(entry, "w")
            self._out.write(head)
        except BaseException:
            self.abandon()
            raise
        finally:
            self._template.unlink(missing_ok=True)
        self._path = path
        self._letters: list[str] = []
        self._number = 1  # the header's row
        self._pending: list[str] = []  # rows not yet compressed

    def row(self, values: Sequence) -> None:
        """Append one row; values as described in the module's docstring."""
        self._number += 1
        number = str(self._number)
        letters = self._letters
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        parts = [f'<row r="{number}">']
        for column, value in enumerate(values):
            if value is None:
                continue
            kind = value.__class__
            reference = letters[column] + number
            if kind is str:
                if not value:
                    continue
                if _NEEDS_ESCAPE.search(value):
                    value = _escaped(value)
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(f'<c r="{reference}" t="inlineStr"><is><t{space}>{value}</t>'
                             f'</is></c>')
            elif kind is int:
                parts.append(f'<c r="{reference}" t="n"{self._styles.get(column, "")}>'
                             f'<v>{value}</v></c>')
            else:
                if kind is dt.date or kind is dt.datetime:
                    value = to_excel(value)
                elif kind is not float or not math.isfinite(value):
                    raise TypeError(f"cannot write {value!r} to a streamed sheet")
                parts.append(f'<c r="{reference}" t="n"{self._styles.get(column, "")}>'
                             f'<v>{value:.16g}</v></c>')
        parts.append("</row>")
        self._pending.append("".join(parts))
        if len(self._pending) >= _ROWS_PER_WRITE:
            self._flush()

    def _flush(self) -> None:
        self._out.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()

    def finish(self) -> None:
        """Close the sheet and the file, and make it durable."""
        self._flush()
        self._out.write(_SHEET_END + self._tail)
        self._out.close()
        self._archive.close()
        with open(self._path, "rb+") as handle:
            os.fsync(handle.fileno())

    def abandon(self) -> None:
        """Close what is open; the caller removes the file itself."""
        for part in (self._out, self._archive):
            if part is not None:
                with contextlib.suppress(OSError, ValueError, zipfile.BadZipFile):
                    part.close()  # best effort: the export already failed


def _escaped(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
