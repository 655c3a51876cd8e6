"""Every reason an import file is refused, written once with its translatable advice."""

from pathlib import Path

from desktop.domain.imports.errors import ImportRejected
from desktop.i18n import tr


def _reject(path: Path | str, code: str, reason: str, advice: str) -> ImportRejected:
    return ImportRejected(path=Path(path).name, reason=reason, advice=advice, reason_code=code)


def _resave() -> str:
    return tr("imports", "Open it in Excel or WPS, save it again as .xlsx or .csv and import "
                         "that file.")


def missing(path) -> ImportRejected:
    return _reject(path, "missing", tr("imports", "the file does not exist or cannot be opened."),
                   tr("imports", "Check that the file is there and not open in another program."))


def empty(path) -> ImportRejected:
    return _reject(path, "empty", tr("imports", "the file is empty."),
                   tr("imports", "Choose the file that holds the member list."))


def too_large(path, limit_mb: int) -> ImportRejected:
    return _reject(path, "too_large",
                   tr("imports", "the file is larger than {limit} MB.").format(limit=limit_mb),
                   tr("imports", "Import only the member list, or split it into smaller files."))


def encrypted(path) -> ImportRejected:
    return _reject(path, "encrypted", tr("imports", "the file is protected by a password."),
                   tr("imports", "Open it in Excel, remove the password, save it and import "
                                 "it again."))


def damaged(path) -> ImportRejected:
    return _reject(path, "damaged", tr("imports", "the file is damaged or incomplete."),
                   _resave())


def not_spreadsheet(path) -> ImportRejected:
    return _reject(path, "not_spreadsheet",
                   tr("imports", "the file is neither a spreadsheet (.xlsx, .xls, .ods) nor a "
                                 "text (.csv) file."), _resave())


def expands_too_much(path, limit_mb: int) -> ImportRejected:
    return _reject(path, "zip_bomb",
                   tr("imports", "the file would expand to more than {limit} MB when opened, "
                                 "far more than a member list needs.").format(limit=limit_mb),
                   tr("imports", "Copy only the member list into a new workbook and import "
                                 "that."))


def too_many_parts(path, count: int) -> ImportRejected:
    return _reject(path, "too_many_parts",
                   tr("imports", "the file is made of too many parts ({count}).").format(
                       count=count), _resave())


def xml_entities(path) -> ImportRejected:
    return _reject(path, "xml_entities",
                   tr("imports", "the file contains XML entity declarations, which spreadsheets "
                                 "do not need and which can be used to attack a computer."),
                   _resave())


def too_many_rows(path, limit: int) -> ImportRejected:
    return _reject(path, "too_many_rows",
                   tr("imports", "the sheet has more than {limit} rows.").format(limit=limit),
                   tr("imports", "Split the list into files of at most {limit} rows.").format(
                       limit=limit))


def too_many_columns(path, limit: int) -> ImportRejected:
    return _reject(path, "too_many_columns",
                   tr("imports", "the sheet has more than {limit} columns.").format(limit=limit),
                   tr("imports", "Delete the columns that are not needed and import again."))


def too_many_cells(path, limit: int) -> ImportRejected:
    return _reject(path, "too_many_cells",
                   tr("imports", "the sheet spans more than {limit} cells.").format(limit=limit),
                   tr("imports", "Delete the unused rows and columns, or split the list into "
                                 "smaller files."))


def unknown_encoding(path) -> ImportRejected:
    return _reject(path, "encoding",
                   tr("imports", "the text is neither UTF-8 nor GBK/GB18030."),
                   tr("imports", "In Excel, save it as \"CSV UTF-8\" and import that file."))


def no_sheet(path, sheet: str) -> ImportRejected:
    return _reject(path, "no_sheet",
                   tr("imports", "the workbook has no sheet \"{sheet}\".").format(sheet=sheet),
                   tr("imports", "Choose one of the sheets in the workbook."))


def no_data(path) -> ImportRejected:
    return _reject(path, "no_data", tr("imports", "the sheet holds no rows."),
                   tr("imports", "Choose the sheet or file that holds the member list."))


def ods_formulas(path) -> ImportRejected:
    return _reject(path, "formulas", tr("imports", "the sheet contains formulas."),
                   tr("imports", "Copy the cells and paste them as values only, then import "
                                 "again."))
