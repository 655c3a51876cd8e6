"""Reading member files for import: safe sniffing, readers, header mapping, cell values.

Qt-free and database-free: `read_member_rows(path)` returns an `ImportPreview` listing every
row and problem; writing the members is the caller's step.
"""

from desktop.domain.imports.columns import FIELDS, ColumnMapping, map_headers
from desktop.domain.imports.errors import ImportRejected
from desktop.domain.imports.limits import DEFAULT_LIMITS, ImportLimits
from desktop.domain.imports.preview import (
    ImportPreview,
    ParsedRow,
    Problem,
    read_member_rows,
    read_table,
)
from desktop.domain.imports.sniff import FileKind
from desktop.domain.imports.table import RawTable, SourceRow
from desktop.domain.imports.values import Birthday

__all__ = [
    "DEFAULT_LIMITS",
    "FIELDS",
    "Birthday",
    "ColumnMapping",
    "FileKind",
    "ImportLimits",
    "ImportPreview",
    "ImportRejected",
    "ParsedRow",
    "Problem",
    "RawTable",
    "SourceRow",
    "map_headers",
    "read_member_rows",
    "read_table",
]
