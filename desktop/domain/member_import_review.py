"""What the import window shows before writing: the file's columns with samples, every issue.

`load_member_file` reads a file once for its columns (header and a few values each, for the
mapping editor) and once more through `read_member_rows` for the preview. `import_issues`
lists every problem, warning and skipped duplicate by row number, for the list the user
checks before importing. Nothing here writes.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from openpyxl.utils import get_column_letter

from desktop.domain.file_names import safe_file_stem, unique_path
from desktop.domain.imports import ImportPreview, ImportRejected, RawTable, read_member_rows
from desktop.domain.imports.columns import ColumnMapping
from desktop.domain.imports.limits import DEFAULT_LIMITS, ImportLimits
from desktop.domain.imports.preview import read_table
from desktop.domain.imports.sniff import FileKind, sniff_file
from desktop.domain.imports.values import clean_text
from desktop.domain.member_import import ImportPlan
from desktop.i18n import tr

SAMPLES = 3  # values shown per column: enough to recognise it, few enough for one line
SAMPLE_LENGTH = 40
SAMPLE_ROWS = 200  # data rows searched for samples: a sparse column may start blank
MAX_SHEETS_TRIED = 20  # an empty first sheet: the next ones are tried, up to this many

REJECTED, WARNING, SKIPPED = "rejected", "warning", "skipped"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileColumn:
    """One column of the file as the user sees it in Excel: letter, header and some values."""

    index: int  # 0-based, as ColumnMapping counts
    letter: str  # A, B, … AA
    header: str  # '' when the file has no header row or the cell is blank
    samples: tuple[str, ...]


@dataclass(frozen=True)
class LoadedFile:
    """A member file read for the import window: its preview and its columns."""

    path: Path
    preview: ImportPreview
    columns: tuple[FileColumn, ...]


@dataclass(frozen=True)
class ImportIssue:
    """One line of the import's problem list: a row (None: the whole file), what is wrong."""

    row: int | None
    field: str | None  # a member field of columns.FIELDS, None for the whole row
    message: str
    kind: str  # REJECTED, WARNING or SKIPPED


def load_member_file(path: Path | str, sheet: str | int | None = None,
                     mapping: ColumnMapping | None = None,
                     columns: tuple[FileColumn, ...] | None = None,
                     limits: ImportLimits = DEFAULT_LIMITS, progress: Progress | None = None,
                     cancel: Callable[[], bool] | None = None) -> LoadedFile:
    """Read `path` for the import window; refusals raise ImportRejected, nothing is written.

    Pass the `columns` of an earlier read of the same sheet to skip reading them again (a
    changed mapping). Without a `sheet`, a workbook whose first sheet is empty is read from
    the first sheet that has rows. `progress` and `cancel` reach the reader if it takes them.
    """
    path = Path(path)
    read = partial(call_with_progress, read_member_rows, progress=progress, cancel=cancel)
    preview = _preview(read, path, sheet, mapping, limits)
    if columns is None:
        columns = file_columns(read_table(path, preview.sheet, limits), preview)
    return LoadedFile(path, preview, columns)


def _preview(read: Callable[..., ImportPreview], path: Path, sheet: str | int | None,
             mapping: ColumnMapping | None, limits: ImportLimits) -> ImportPreview:
    try:
        return read(path, mapping, sheet, limits)
    except ImportRejected as refusal:
        # A workbook's sheet names are only known once one of its sheets was read: an
        # empty first sheet (a cover page) must not hide the list on the next one.
        if (sheet is not None or refusal.reason_code != "no_data"
                or sniff_file(path, limits) is FileKind.CSV):
            raise
        first_refusal = refusal
    for index in range(1, MAX_SHEETS_TRIED):
        try:
            return read(path, mapping, index, limits)
        except ImportRejected as refusal:
            if refusal.reason_code == "no_sheet":
                break
            if refusal.reason_code != "no_data":
                raise
    raise first_refusal


def file_columns(table: RawTable, preview: ImportPreview) -> tuple[FileColumn, ...]:
    """Each column of the sheet: its header and its first few non-blank values as text."""
    headers = preview.headers
    start = 0
    if preview.header_row_number is not None:
        start = next((i + 1 for i, row in enumerate(table.rows)
                      if row.number == preview.header_row_number), 0)
    data = table.rows[start:start + SAMPLE_ROWS]
    mapped = [column + 1 for column in preview.mapping.columns.values()]
    width = max([len(headers), *mapped, *(len(row.cells) for row in data)])
    samples: list[list[str]] = [[] for _ in range(width)]
    for row in data:
        for index, value in enumerate(row.cells):
            text = clean_text(value)
            if text is not None and len(samples[index]) < SAMPLES:
                samples[index].append(_shortened(text))
    return tuple(FileColumn(index, get_column_letter(index + 1),
                            headers[index] if index < len(headers) else "",
                            tuple(samples[index]))
                 for index in range(width))


def _shortened(text: str) -> str:
    return text if len(text) <= SAMPLE_LENGTH else text[:SAMPLE_LENGTH - 1] + "…"


def import_issues(preview: ImportPreview, plan: ImportPlan | None) -> list[ImportIssue]:
    """Every issue the user should see before importing, by row number (file-wide first).

    With no plan (the file cannot be planned, e.g. no phone column) only the file's own
    problems are listed: each row would otherwise repeat that the phone is missing.
    """
    if preview.problems or plan is None:
        return [ImportIssue(None, None, problem, REJECTED) for problem in preview.problems]
    issues = [ImportIssue(None, "tier", warning, WARNING) for warning in plan.warnings]
    by_row: list[ImportIssue] = []
    with_problems = set()
    for row in preview.rows:
        if row.problems:
            with_problems.add(row.row_number)
            by_row += [ImportIssue(p.row_number, p.field, p.message, REJECTED)
                       for p in row.problems]
    by_row += [ImportIssue(rejected.row, None, rejected.reason, REJECTED)
               for rejected in plan.rejected if rejected.row not in with_problems]
    skipped = _skipped_text(plan.on_duplicate)
    by_row += [ImportIssue(row, None, skipped, SKIPPED) for row in plan.skipped_rows]
    by_row.sort(key=lambda issue: issue.row)  # stable: a row's problems keep their order
    return issues + by_row


def _skipped_text(policy: str) -> str:
    if policy == "skip":
        return tr("member_import", "the phone is already a member, or is on an earlier row; "
                                   "skipped")
    return tr("member_import", "the phone is already a member, or is on an earlier row, and "
                               "this row adds nothing new; skipped")


def rejects_path(source: Path) -> Path:
    """Where the rejected rows of `source` are saved by default: beside it, never over a file."""
    name = tr("member_import", "{name} - rejected rows").format(name=source.stem)
    return unique_path(source.with_name(safe_file_stem(name) + ".xlsx"))


def call_with_progress(function: Callable, *args, progress: Progress | None = None,
                       cancel: Callable[[], bool] | None = None, **kwargs):
    """`function(*args, **kwargs)`, also handing it `progress` and `cancel` if it takes them.

    Reading and planning an import are gaining these keyword parameters; the window passes
    them through here so that it shows their progress as soon as they report it.
    """
    accepted = inspect.signature(function).parameters
    if progress is not None and "progress" in accepted:
        kwargs["progress"] = progress
    if cancel is not None and "cancel" in accepted:
        kwargs["cancel"] = cancel
    return function(*args, **kwargs)
