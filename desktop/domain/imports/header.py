"""Find the header row under title rows and merged cells, and map its columns."""

from dataclasses import dataclass

from desktop.domain.imports.columns import NAME, PHONE, ColumnMapping, map_headers, match_header
from desktop.domain.imports.table import SourceRow


@dataclass
class HeaderGuess:
    """The row taken as the header (None if none looked like one) and its automatic mapping."""

    row_number: int | None
    index: int | None  # position in RawTable.rows
    headers: list[str]
    mapping: ColumnMapping


def _score(row: SourceRow) -> int:
    fields = {}
    for cell in row.cells:
        if isinstance(cell, str):
            name, strength = match_header(cell)
            if name:
                fields[name] = max(fields.get(name, 0), strength)
    score = sum(fields.values())
    # The phone and name columns are what a member list cannot lack.
    return score + 2 * (PHONE in fields) + (NAME in fields)


def find_header(rows: list[SourceRow], scan_rows: int = 20) -> HeaderGuess:
    """The best-scoring of the first `scan_rows` rows; a title row matches at most one name."""
    best_index, best_score = None, 0
    for index, row in enumerate(rows[:scan_rows]):
        score = _score(row)
        if score > best_score and sum(cell is not None for cell in row.cells) >= 2:
            best_index, best_score = index, score
    if best_index is None:
        return HeaderGuess(None, None, [], ColumnMapping())
    row = rows[best_index]
    headers = ["" if cell is None else str(cell).strip() for cell in row.cells]
    return HeaderGuess(row.number, best_index, headers, map_headers(row.cells))
