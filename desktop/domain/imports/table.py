"""The raw rows of an import file, as read, before any column has a meaning."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from desktop.domain.imports.sniff import FileKind

Cell = str | float | int | bool | date | datetime | time | timedelta | None


class SourceRow(NamedTuple):
    """One non-blank row and its 1-based row number in the file (what Excel or WPS shows)."""

    number: int
    cells: list[Cell]


@dataclass
class RawTable:
    """Every non-blank row of one sheet or text file, with how the file was read."""

    rows: list[SourceRow]
    kind: FileKind
    sheet: str | None = None  # None for CSV
    sheet_names: list[str] = field(default_factory=list)
    encoding: str | None = None  # None for workbooks
    delimiter: str | None = None
    # (row number, 0-based column) of cells holding a formula: their values are refused.
    formula_cells: frozenset[tuple[int, int]] = frozenset()
