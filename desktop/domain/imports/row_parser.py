"""Parse a file's data rows into ParsedRows a chunk at a time, one mapped column at a time.

Rows arrive as `Body`: every non-blank row's number and cells, straight from the reader
(a workbook's dense grid is not turned into RawTable rows first). A blank cell is None or
'' (every field parser reads '' as empty too).
"""

from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from desktop.domain.imports import columns
from desktop.domain.imports.column_values import column_parsers
from desktop.domain.imports.columns import ColumnMapping
from desktop.domain.imports.parsed import ParsedRow, Problem
from desktop.domain.imports.sheet_reader import Sheet
from desktop.domain.imports.sniff import FileKind
from desktop.domain.imports.table import RawTable, SourceRow
from desktop.i18n import tr


@dataclass
class Body:
    """A file's non-blank rows as the parser takes them, and how the file was read."""

    head: list[SourceRow]  # the first rows as RawTable rows, for the header search
    numbers: list[int]  # each row's number in the file
    cells: list[list]  # and its cells; a blank one None or ''
    offset: int  # the sheet column of every row's first cell
    uniform: bool  # all rows equally wide
    kind: FileKind
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    encoding: str | None = None
    formula_cells: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of_table(cls, table: RawTable, head_rows: int) -> "Body":
        return cls(table.rows[:head_rows], [row.number for row in table.rows],
                   [row.cells for row in table.rows], 0, False, table.kind, table.sheet,
                   table.sheet_names, table.encoding, table.formula_cells)

    @classmethod
    def of_sheet(cls, sheet: Sheet, kind: FileKind, head_rows: int) -> "Body":
        kept = [index for index in range(len(sheet.grid)) if not sheet.is_blank(index)]
        return cls([sheet.source_row(index) for index in kept[:head_rows]],
                   [sheet.first_row + index + 1 for index in kept],
                   [sheet.grid[index] for index in kept], sheet.first_column, True, kind,
                   sheet.name, sheet.names, None, sheet.formula_cells)


class RowParser:
    """Parses chunks of a Body's rows with one mapping; repeated values are parsed once."""

    def __init__(self, mapping: ColumnMapping, today: date, body: Body) -> None:
        parsers = column_parsers(today)
        # (field, position in a row's cells, parser); a column left of the rows is blank.
        self.plan = [(name, column - body.offset, parsers[name])
                     for name, column in mapping.columns.items()]
        self.uniform = body.uniform
        self.formula_rows: dict[int, set[int]] = {}  # position -> row numbers of formulas
        for number, column in body.formula_cells:
            self.formula_rows.setdefault(column - body.offset, set()).add(number)
        self.formula = tr("imports", "the cell holds a formula; paste the cells as values only")
        self.missing_phone = tr("imports", "the phone is missing")

    def __call__(self, numbers: list[int], rows: list[list]) -> list[ParsedRow]:
        """The ParsedRow of each row that is not blank in the mapped columns, in order."""
        fields: list[dict[str, object]] = [{} for _ in rows]
        problems: dict[int, list[Problem]] = {}
        for name, position, parse in self.plan:
            parsed, wrong = parse(self._column(rows, position))
            formulas = self.formula_rows.get(position)
            if formulas:  # calamine gives a formula's cached value: never used
                for index, number in enumerate(numbers):
                    if number in formulas:
                        parsed[index] = None
                        wrong[index] = self.formula
            for index, value in enumerate(parsed):
                if value is not None:
                    fields[index][name] = value
            for index, message in wrong.items():
                problems.setdefault(index, []).append(Problem(numbers[index], name, message))
        parsed_rows = []
        for index, number in enumerate(numbers):
            row_fields, row_problems = fields[index], problems.get(index)
            if row_problems is None and columns.PHONE in row_fields:  # the common row
                parsed_rows.append(ParsedRow(number, row_fields, []))
            elif parsed_row := self._row(number, rows[index], row_fields, row_problems):
                parsed_rows.append(parsed_row)
        return parsed_rows

    def _column(self, rows: list[list], position: int) -> list:
        if position < 0 or not rows:
            return [None] * len(rows)
        if self.uniform:
            return list(map(itemgetter(position), rows)) if position < len(rows[0]) else \
                [None] * len(rows)
        return [cells[position] if position < len(cells) else None for cells in rows]

    def _row(self, number: int, cells: list, fields: dict[str, object],
             problems: list[Problem] | None) -> ParsedRow | None:
        if not fields and problems is None and self._blank(cells):
            return None
        if columns.PHONE not in fields and not any(
                problem.field == columns.PHONE for problem in problems or ()):
            problems = [*(problems or ()), Problem(number, columns.PHONE, self.missing_phone)]
        return ParsedRow(number, fields, problems or [])

    def _blank(self, cells: list) -> bool:
        return all(position < 0 or position >= len(cells) or cells[position] in (None, "")
                   for _, position, _ in self.plan)
