"""Export of a member list (a search, a segment, or everyone) to .xlsx or .csv, streamed.

Safety and format rules:

- Cells are never formulas. In .xlsx every text is a string cell (inline string), even one
  that starts with '=' or reads like an error code ('#N/A'); numbers and dates are typed
  cells. In .csv a text cell starting with = + - @ tab or CR is prefixed with an apostrophe
  (the OWASP rule), and that applies to the phone column too: '+447911123456' is written
  as "'+447911123456" (Excel and WPS show the apostrophe-prefixed text as-is), Chinese
  mobiles stay plain 11 digits. Numbers written by us (points, money) are not text and are
  never prefixed.
- .csv is UTF-8 with a BOM (so Excel and WPS read Chinese right) and CRLF line ends; money
  is a plain number with two decimals, times 'YYYY-MM-DD HH:MM' in local time.
- .xlsx: openpyxl writes the workbook (bold header, column widths for Chinese text, money
  as ¥#,##0.00, real dates, frozen header) and the rows stream into its sheet, compressed
  as they come (xlsx_stream: constant memory); phones are text so '+' and zeros stay.
- The file appears under its final name only when complete: rows go to NAME.partial,
  renamed with os.replace at the end; a cancel or an error removes the partial file.
"""

import contextlib
import csv
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from db.bulk import one_pass_scan
from db.models import utcnow
from desktop.domain.csv_cells import neutralise_csv
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.member_listing import (
    EVERYONE,
    PAGE_SIZE,
    MemberLine,
    count_matching,
    iter_member_pages,
)
from desktop.domain.member_query import MemberFilter, MemberSort, check_sort
from desktop.domain.phones import mask_phone
from desktop.domain.segments import get_segment
from desktop.i18n import tr, tr_noop

FORMATS = (".xlsx", ".csv")
PARTIAL_SUFFIX = ".partial"
MONEY_FORMAT = "¥#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
# The number format of each typed .xlsx column (0-based): birthday, money and the two times.
_XLSX_FORMATS = {4: DATE_FORMAT, 7: MONEY_FORMAT, 9: TIME_FORMAT, 12: TIME_FORMAT}
# (header, width in Excel characters: a Chinese character counts about two)
COLUMNS: tuple[tuple[str, int], ...] = (
    (tr_noop("member_export", "ID"), 9),
    (tr_noop("member_export", "Name"), 14),
    (tr_noop("member_export", "Phone"), 16),
    (tr_noop("member_export", "Gender"), 7),
    (tr_noop("member_export", "Birthday"), 12),
    (tr_noop("member_export", "Tier"), 10),
    (tr_noop("member_export", "Points"), 9),
    (tr_noop("member_export", "Total spent (¥)"), 14),
    (tr_noop("member_export", "Visits"), 8),
    (tr_noop("member_export", "Last visit"), 17),
    (tr_noop("member_export", "Tags"), 24),
    (tr_noop("member_export", "Source"), 16),
    (tr_noop("member_export", "Joined"), 17),
)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: how many member rows (the header not counted) and where."""

    rows: int
    path: Path


class ExportCancelled(DomainError):
    """The export was cancelled; no file was left behind."""

    context = "member_export"
    template = tr_noop("member_export", "The export was cancelled; no file was written.")
    error_code = "cancelled"
    exit_code = 1


def export_members(path, member_filter: MemberFilter = EVERYONE, sort: MemberSort | None = None,
                   mask_phones: bool = False,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: Callable[[], bool] | None = None,
                   page_size: int = PAGE_SIZE) -> ExportResult:
    """Write the live members the filter holds to `path` (.xlsx or .csv), in `sort` order.

    `progress(done, total)` is called after each page; `cancel()` is asked between pages and
    a true answer raises ExportCancelled. Bad input (extension, segment, sort) raises
    InvalidInput before anything is written.
    """
    target = Path(path)
    kind = check_export_path(target)
    if member_filter.segment:
        get_segment(member_filter.segment)
    if sort is not None:
        check_sort(sort)
    if member_filter.now is None:  # one moment for the count and every page
        member_filter = replace(member_filter, now=utcnow())
    total = count_matching(member_filter) if progress else 0
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    writer = _XlsxWriter(partial) if kind == ".xlsx" else _CsvWriter(partial)
    rows = 0
    try:
        writer.header([tr("member_export", header) for header, _ in COLUMNS])
        with one_pass_scan():  # every member read once: no need to cache the pages
            for page in iter_member_pages(member_filter, sort, page_size):
                if cancel is not None and cancel():
                    raise ExportCancelled()
                for line in page:
                    writer.member(line, mask_phones)
                rows += len(page)
                if progress is not None:
                    progress(rows, max(total, rows))
        if cancel is not None and cancel():
            raise ExportCancelled()
        writer.finish()
        os.replace(partial, target)
    except BaseException:
        writer.abandon()
        partial.unlink(missing_ok=True)
        raise
    return ExportResult(rows=rows, path=target)


def check_export_path(path) -> str:
    """The export format of `path` ('.xlsx' or '.csv'); InvalidInput listing them otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            field=tr("member_export", "File"),
            problem=tr("member_export", "cannot export to a {suffix} file; use one of "
                                        "{formats}").format(suffix=suffix or "''",
                                                            formats=", ".join(FORMATS)))
    return suffix


def _genders() -> dict[str, str]:
    """Gender codes to their words in the current language (looked up once per export)."""
    return {"f": tr("member_export", "Female"), "m": tr("member_export", "Male")}


def _phone(line: MemberLine, mask: bool) -> str:
    return mask_phone(line.phone) if mask else (line.phone or "")


def _birthday(line: MemberLine):
    """A date when the year is known, else the text 'MM-DD'; None when unknown."""
    birthday = line.birthday
    if birthday is None:
        return None
    if birthday.year:
        try:
            return dt.date(birthday.year, birthday.month, birthday.day)
        except ValueError:
            pass
    return str(birthday)


class _CsvWriter:
    """UTF-8 with BOM, CRLF, every text cell neutralised."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self._csv = csv.writer(self._file, lineterminator="\r\n")
        self._genders = _genders()

    def header(self, titles: list[str]) -> None:
        self._csv.writerow([neutralise_csv(title) for title in titles])

    def member(self, line: MemberLine, mask: bool) -> None:
        text = neutralise_csv
        birthday = _birthday(line)
        self._csv.writerow((
            line.id, text(line.name), text(_phone(line, mask)), self._genders.get(line.gender, ""),
            "" if birthday is None else text(str(birthday)), text(line.tier), line.points,
            f"{line.total_spent_cents / 100:.2f}", line.visits, _csv_time(line.last_visit),
            text(line.tags_text), text(line.source), _csv_time(line.joined)))

    def finish(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def abandon(self) -> None:
        self._file.close()


def _csv_time(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class _XlsxWriter:
    """openpyxl writes the workbook, header and sheet settings; rows stream (xlsx_stream)."""

    def __init__(self, path: Path) -> None:
        from openpyxl import Workbook

        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(tr("member_export", "Members"))
        self._genders = _genders()
        self._stream = None  # a StreamedSheet once the header is written

    def header(self, titles: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        from desktop.domain.xlsx_stream import StreamedSheet  # openpyxl: on first export

        for index, (_, width) in enumerate(COLUMNS, 1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        cells = []
        for title in titles:
            cell = WriteOnlyCell(self._sheet, title)
            cell.data_type = "s"
            cell.font = bold
            cells.append(cell)
        self._sheet.append(cells)
        self._stream = StreamedSheet(self._book, self._path, _XLSX_FORMATS)

    def member(self, line: MemberLine, mask: bool) -> None:
        self._stream.row((
            line.id, line.name, _phone(line, mask), self._genders.get(line.gender),
            _birthday(line), line.tier, line.points, line.total_spent_cents / 100,
            line.visits, line.last_visit, line.tags_text, line.source, line.joined))

    def finish(self) -> None:
        self._stream.finish()

    def abandon(self) -> None:
        if self._stream is not None:
            self._stream.abandon()
            return
        # The workbook was never saved (the folder cannot be written, say): close openpyxl's
        # row writer and remove its temporary file, or they linger until collected.
        sheet = self._sheet
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            return
        with contextlib.suppress(Exception):  # best-effort clean-up of a failed export
            if getattr(sheet, "_rows", None) is not None:
                sheet._rows.close()
            writer.close()
            writer.cleanup()
