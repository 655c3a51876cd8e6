"""Text files (CSV/TSV): one encoding decided for the whole file, the delimiter sniffed.

UTF-16 with a BOM is Excel's "Unicode text" (tab-separated); otherwise strict UTF-8 (a BOM
is dropped), then GB18030, the superset of GBK that Chinese Excel and member systems write.
The encoding is never guessed per field: a file mixing them is read in the first that fits.
"""

import codecs
import csv
import io
from pathlib import Path

from desktop.domain.csv_cells import restore_csv
from desktop.domain.imports import refusals
from desktop.domain.imports.limits import ImportLimits
from desktop.domain.imports.sniff import FileKind
from desktop.domain.imports.table import RawTable, SourceRow

DELIMITERS = (",", "\t", ";")
_SNIFF_LINES = 20


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding name) of the whole file, or a refusal."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise refusals.damaged(path) from None
    if b"\x00" in data:
        if _looks_like_utf16le(data):  # "Unicode text" that lost its BOM
            try:
                return data.decode("utf-16-le"), "utf-16-le"
            except UnicodeDecodeError:
                raise refusals.damaged(path) from None
        raise refusals.not_spreadsheet(path)  # binary, not text
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise refusals.damaged(path) from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    controls = sum(1 for byte in data[:65536] if byte < 0x20 and byte not in b"\t\r\n")
    if controls * 100 > min(len(data), 65536):
        raise refusals.not_spreadsheet(path)
    raise refusals.unknown_encoding(path)


def _looks_like_utf16le(data: bytes) -> bool:
    """UTF-16-LE text: many odd bytes are zero (ASCII digits, separators), few even ones are."""
    head = data[:1024]
    odd, even = head[1::2], head[0::2]
    return len(head) >= 4 and odd.count(0) >= 0.25 * len(odd) and even.count(0) <= len(even) // 20


def sniff_delimiter(text: str, preferred: str = ",") -> str:
    """The delimiter that splits the first lines into the most consistent multi-field rows."""
    sample = text[:65536].splitlines()[:_SNIFF_LINES]
    best, best_score = preferred, 0
    for delimiter in (preferred, *[d for d in DELIMITERS if d != preferred]):
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter) if row]
        except csv.Error:
            continue
        widths = [count for count in counts if count > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) * 1000 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path, limits: ImportLimits) -> RawTable:
    """Every non-blank record of a text file; caps on rows and columns apply as it streams."""
    data = path.read_bytes()  # sniff_file already checked the size
    text, encoding = decode_text(data, path)
    del data
    delimiter = sniff_delimiter(text, "\t" if encoding.startswith("utf-16") else ",")
    rows: list[SourceRow] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""),
                                                   delimiter=delimiter), start=1):
            if number > limits.max_rows:
                raise refusals.too_many_rows(path, limits.max_rows)
            while record and not record[-1].strip():
                record.pop()
            if not record:
                continue
            if len(record) > limits.max_columns:
                raise refusals.too_many_columns(path, limits.max_columns)
            # A cell our own export neutralised ("'+44…") reads as it was before.
            rows.append(SourceRow(number, [restore_csv(cell) if cell.strip() else None
                                           for cell in record]))
    except csv.Error:
        raise refusals.damaged(path) from None
    if not rows:
        raise refusals.no_data(path)
    return RawTable(rows=rows, kind=FileKind.CSV, encoding=encoding, delimiter=delimiter)
