"""Read a member file into a preview: every row's fields and every problem, by row number.

Nothing is written here; the import step takes the preview's valid rows once the user has
seen the problems and chosen a duplicate policy.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from desktop.domain.imports import columns, values
from desktop.domain.imports.columns import ColumnMapping, field_label
from desktop.domain.imports.csv_reader import read_csv
from desktop.domain.imports.header import find_header
from desktop.domain.imports.limits import DEFAULT_LIMITS, ImportLimits
from desktop.domain.imports.sheet_reader import read_workbook
from desktop.domain.imports.sniff import FileKind, sniff_file
from desktop.domain.imports.table import RawTable
from desktop.i18n import tr

_PARSERS = {
    columns.NAME: lambda value: values.parse_text(value, 50),
    columns.PHONE: values.parse_phone,
    columns.GENDER: values.parse_gender,
    columns.WECHAT: lambda value: values.parse_text(value, 50),
    columns.TIER: lambda value: values.parse_text(value, 50),
    columns.POINTS: values.parse_points,
    columns.TAGS: values.parse_tags,
    columns.NOTES: lambda value: values.parse_text(value, 1000),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row), where the user can find it in the file."""

    row_number: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field is None:
            return tr("imports", "Row {row}: {problem}").format(row=self.row_number,
                                                                 problem=self.message)
        return tr("imports", "Row {row}, {field}: {problem}").format(
            row=self.row_number, field=field_label(self.field), problem=self.message)


@dataclass
class ParsedRow:
    """A data row's member fields (name -> value) and its problems; usable if none."""

    row_number: int
    fields: dict[str, object]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the row can be imported as it is."""
        return not self.problems


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
                     today: date | None = None) -> ImportPreview:
    """Read `path` and parse every data row with `mapping` (the automatic one if None)."""
    table = read_table(path, sheet, limits)
    guess = find_header(table.rows, limits.header_scan_rows)
    mapping = mapping.copy() if mapping is not None else guess.mapping
    start = 0 if guess.index is None else guess.index + 1
    problems = []
    if mapping.column_of(columns.PHONE) is None:
        problems.append(tr("imports", "No column was recognised as the phone number; choose "
                                      "it in the column mapping."))
    plan = _plan(mapping, today or date.today())
    rows = []
    for source in table.rows[start:]:
        parsed = _parse_row(source.number, source.cells, plan, table.formula_cells)
        if parsed is not None:
            rows.append(parsed)
    return ImportPreview(rows=rows, mapping=mapping, headers=guess.headers,
                         header_row_number=guess.row_number, kind=table.kind,
                         encoding=table.encoding, sheet=table.sheet,
                         sheet_names=table.sheet_names, problems=problems)


def _plan(mapping: ColumnMapping, today: date) -> list[tuple[str, int, Callable]]:
    """(field, column, parser) for each mapped field, bound once rather than per cell."""
    parsers = dict(_PARSERS)
    parsers[columns.BIRTHDAY] = partial(values.parse_birthday, today=today)
    for name in _REPEATING:
        parsers[name] = _memoised(parsers[name])
    return [(name, column, parsers[name]) for name, column in mapping.columns.items()]


# Fields whose few distinct values repeat down a long list, and whose results are immutable.
_REPEATING = (columns.GENDER, columns.TIER, columns.POINTS, columns.BIRTHDAY)
_MEMO_SIZE = 10_000


def _memoised(parser: Callable) -> Callable:
    cache: dict[tuple[type, object], tuple[object, str | None]] = {}

    def parse(value: object) -> tuple[object, str | None]:
        key = (type(value), value)  # 1, 1.0 and True are equal keys otherwise
        try:
            return cache[key]
        except KeyError:
            result = parser(value)
            if len(cache) < _MEMO_SIZE:
                cache[key] = result
            return result
        except TypeError:  # unhashable: never from a reader, but parse it anyway
            return parser(value)

    return parse


def _parse_row(number: int, cells: list, plan: list[tuple[str, int, Callable]],
               formulas: frozenset[tuple[int, int]]) -> ParsedRow | None:
    fields: dict[str, object] = {}
    problems: list[Problem] = []
    blank = True
    width = len(cells)
    for name, column, parser in plan:
        value = cells[column] if column < width else None
        if formulas and (number, column) in formulas:  # calamine gives the cached value
            blank = False
            problems.append(Problem(number, name, tr(
                "imports", "the cell holds a formula; paste the cells as values only")))
            continue
        if value is None:
            continue
        blank = False
        parsed, problem = parser(value)
        if problem:
            problems.append(Problem(number, name, problem))
        elif parsed is not None:
            fields[name] = parsed
    if blank:
        return None
    if columns.PHONE not in fields and not any(p.field == columns.PHONE for p in problems):
        problems.append(Problem(number, columns.PHONE, tr("imports", "the phone is missing")))
    return ParsedRow(number, fields, problems)
