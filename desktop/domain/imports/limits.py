"""Size limits checked before and while a file is parsed, so hostile files stay cheap."""

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """Caps on what an import file may contain; the defaults suit a shop's member list."""

    max_file_bytes: int = 50 * MB
    max_zip_members: int = 500
    # One uncompressed part of an xlsx/ods, and all of them: 200,000 rows of ten columns take
    # about 100 MB of sheet XML, and calamine holds shared strings whole in memory.
    max_member_bytes: int = 128 * MB
    max_total_bytes: int = 192 * MB
    max_rows: int = 200_000
    max_columns: int = 100
    # Cells written, and the rows × columns rectangle calamine allocates: bounds its memory.
    max_cells: int = 6_000_000
    header_scan_rows: int = 20


DEFAULT_LIMITS = ImportLimits()
