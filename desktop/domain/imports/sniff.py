"""Decide what a file is from its bytes, never its name, and refuse what is unsafe to open.

A CSV renamed `.xlsx` is read as the CSV it is: shops rename files, and the content is what
matters. A zip is a workbook only with the parts of one (`xl/workbook.xml` for xlsx, the
OpenDocument mimetype for ods); an OLE2 container is an `.xls`, unless it holds an
`EncryptionInfo` stream, which is how Excel stores a password-protected `.xlsx`.
"""

import enum
import zipfile
from pathlib import Path

from desktop.domain.imports import refusals
from desktop.domain.imports.limits import MB, ImportLimits

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class FileKind(enum.StrEnum):
    """The formats member import reads."""

    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def sniff_file(path: Path, limits: ImportLimits) -> FileKind:
    """The kind of `path` judged from its first bytes; refuses empty, huge and encrypted files."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        raise refusals.missing(path) from None
    if size == 0:
        raise refusals.empty(path)
    if size > limits.max_file_bytes:
        raise refusals.too_large(path, limits.max_file_bytes // MB)
    if head.startswith(OLE2_MAGIC):
        # The directory of an encrypted OOXML file names its EncryptionInfo stream; the whole
        # file is at most max_file_bytes, so searching it is bounded.
        if ENCRYPTION_STREAM in path.read_bytes():
            raise refusals.encrypted(path)
        return FileKind.XLS
    if head.startswith((ZIP_MAGIC, b"PK\x05\x06")):
        return _zip_kind(path, limits)
    return FileKind.CSV


def _zip_kind(path: Path, limits: ImportLimits) -> FileKind:
    names = {info.filename for info in check_zip(path, limits)}
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "content.xml" in names and "mimetype" in names:
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as part:
            if part.read(len(ODS_MIMETYPE)) == ODS_MIMETYPE:
                return FileKind.ODS
    raise refusals.not_spreadsheet(path)


def check_zip(path: Path, limits: ImportLimits) -> list[zipfile.ZipInfo]:
    """The zip's directory, refused if it has too many parts or declares a bomb's sizes."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refusals.damaged(path) from None
    if len(infos) > limits.max_zip_members:
        raise refusals.too_many_parts(path, len(infos))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refusals.encrypted(path)
        if info.file_size > limits.max_member_bytes:
            raise refusals.expands_too_much(path, limits.max_member_bytes // MB)
        total += info.file_size
    if total > limits.max_total_bytes:
        raise refusals.expands_too_much(path, limits.max_total_bytes // MB)
    return infos
