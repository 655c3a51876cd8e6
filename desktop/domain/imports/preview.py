"""Read a member file into a preview: every row's fields and every problem, by row number.

Nothing is written here; the import step takes the preview's valid rows once the user has
seen the problems and chosen a duplicate policy.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain.imports import columns
from desktop.domain.imports.columns import ColumnMapping
from desktop.domain.imports.csv_reader import read_csv
from desktop.domain.imports.errors import check_cancel
from desktop.domain.imports.gc_pause import paused_gc
from desktop.domain.imports.header import find_header
from desktop.domain.imports.limits import DEFAULT_LIMITS, ImportLimits
from desktop.domain.imports.parsed import ParsedRow, Problem
from desktop.domain.imports.row_parser import Body, RowParser
from desktop.domain.imports.sheet_reader import load_sheet, read_workbook
from desktop.domain.imports.sniff import FileKind, sniff_file
from desktop.domain.imports.table import RawTable
from desktop.i18n import tr

CHUNK = 5000  # rows parsed between progress reports and cancel checks
Progress = Callable[[int, int], None]


@dataclass
class ImportPreview:
    """What an import would do, shown before anything is written."""

    rows: list[ParsedRow]
    mapping: ColumnMapping
    headers: list[str]
    header_row_number: int | None
    kind: FileKind
    encoding: str | None
    sheet: str | None
    sheet_names: list[str]
    problems: list[str] = field(default_factory=list)  # about the whole file

    @property
    def row_problems(self) -> list[Problem]:
        """Every row's problems, in file order."""
        return [problem for row in self.rows for problem in row.problems]

    @property
    def valid_rows(self) -> list[ParsedRow]:
        """The rows that can be imported."""
        return [row for row in self.rows if row.ok]


def read_table(path: Path | str, sheet: str | int | None = None,
               limits: ImportLimits = DEFAULT_LIMITS) -> RawTable:
    """The raw rows of a member file of any supported kind; refusals raise ImportRejected."""
    path = Path(path)
    kind = sniff_file(path, limits)
    if kind is FileKind.CSV:
        return read_csv(path, limits)
    return read_workbook(path, kind, limits, sheet)


def read_member_rows(path: Path | str, mapping: ColumnMapping | None = None,
                     sheet: str | int | None = None, limits: ImportLimits = DEFAULT_LIMITS,
                     today: date | None = None, *, progress: Progress | None = None,
                     cancel: Callable[[], bool] | None = None) -> ImportPreview:
    """Read `path` and parse every data row with `mapping` (the automatic one if None).

    `progress(done, total)` counts data rows: (0, total) once the file is read, then every
    CHUNK rows parsed. `cancel()` is asked before the file is read, once it is and before
    each chunk; a true answer raises ImportCancelled.
    """
    with paused_gc():
        return _read_member_rows(path, mapping, sheet, limits, today or date.today(),
                                 progress, cancel)


def _read_member_rows(path: Path | str, mapping: ColumnMapping | None,
                      sheet: str | int | None, limits: ImportLimits, today: date,
                      progress: Progress | None,
                      cancel: Callable[[], bool] | None) -> ImportPreview:
    check_cancel(cancel)
    body = _read_body(Path(path), sheet, limits)
    check_cancel(cancel)
    guess = find_header(body.head, limits.header_scan_rows)
    mapping = mapping.copy() if mapping is not None else guess.mapping
    start = 0 if guess.index is None else guess.index + 1
    problems = []
    if mapping.column_of(columns.PHONE) is None:
        problems.append(tr("imports", "No column was recognised as the phone number; choose "
                                      "it in the column mapping."))
    parse = RowParser(mapping, today, body)
    total = len(body.numbers) - start
    rows: list[ParsedRow] = []
    if progress is not None:
        progress(0, total)
    for first in range(start, len(body.numbers), CHUNK):
        check_cancel(cancel)
        rows += parse(body.numbers[first:first + CHUNK], body.cells[first:first + CHUNK])
        if progress is not None:
            progress(min(first + CHUNK, len(body.numbers)) - start, total)
    return ImportPreview(rows=rows, mapping=mapping, headers=guess.headers,
                         header_row_number=guess.row_number, kind=body.kind,
                         encoding=body.encoding, sheet=body.sheet,
                         sheet_names=body.sheet_names, problems=problems)


def _read_body(path: Path, sheet: str | int | None, limits: ImportLimits) -> Body:
    """read_table's rows, as the row parser takes them (a workbook's stay calamine's)."""
    kind = sniff_file(path, limits)
    if kind is FileKind.CSV:
        return Body.of_table(read_csv(path, limits), limits.header_scan_rows)
    return Body.of_sheet(load_sheet(path, kind, limits, sheet), kind, limits.header_scan_rows)
