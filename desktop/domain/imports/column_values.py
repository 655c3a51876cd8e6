"""Parse a whole column of cells at once: the common cells on a fast path, repeats parsed once.

A 100,000-row list spends most of its reading time here, so each member field gets the
cheapest exact route to what `values` returns for a cell: plain text and plain 11-digit
mobiles are recognised inline, few-valued fields (gender, birthday, points, tags) are
memoised, and every other cell goes to the `values` parser itself, which stays the rule.
"""

from collections.abc import Callable
from datetime import date
from functools import partial

from desktop.domain.imports import columns, values

# (values, problems): the parsed value of each cell (None when empty or wrong) and the
# problem of each wrong cell by its position in the column.
ColumnResult = tuple[list, dict[int, str]]
ColumnParser = Callable[[list], ColumnResult]


def column_parsers(today: date) -> dict[str, ColumnParser]:
    """A column parser for each member field; memos live as long as the returned parsers."""
    return {
        columns.NAME: partial(_text_column, limit=50),
        columns.PHONE: _phone_column,
        columns.GENDER: _memoised(values.parse_gender),
        columns.BIRTHDAY: _memoised(partial(values.parse_birthday, today=today)),
        columns.WECHAT: partial(_text_column, limit=50),
        columns.TIER: partial(_text_column, limit=50),
        columns.POINTS: _memoised(values.parse_points),
        columns.TAGS: _memoised(values.parse_tags, copy_lists=True),
        columns.NOTES: partial(_text_column, limit=1000),
    }


def _text_column(cells: list, limit: int) -> ColumnResult:
    """values.parse_text of each cell; text needing no cleaning skips the call."""
    parsed: list = []
    problems: dict[int, str] = {}
    append = parsed.append
    for index, cell in enumerate(cells):
        if cell is None:
            append(None)
            continue
        # values.clean_text's own common case, inline.
        if cell.__class__ is str and cell.isprintable() and "  " not in cell:
            text = cell.strip(" ") or None
            if text is None or len(text) <= limit:
                append(text)
                continue
        value, problem = values.parse_text(cell, limit)
        append(value)
        if problem is not None:
            problems[index] = problem
    return parsed, problems


def _phone_column(cells: list) -> ColumnResult:
    """values.parse_phone of each cell; an 11-digit mobile as text or number skips the call."""
    parsed: list = []
    problems: dict[int, str] = {}
    append = parsed.append
    for index, cell in enumerate(cells):
        if cell is None:
            append(None)
            continue
        kind = cell.__class__
        text = cell if kind is str else (
            str(int(cell)) if kind is int or (kind is float and cell.is_integer()) else None)
        # What normalise_phone returns unchanged: 1[3-9] and nine more ASCII digits.
        if (text is not None and len(text) == 11 and text.isdigit() and text.isascii()
                and text[0] == "1" and "3" <= text[1] <= "9"):
            append(text)
            continue
        value, problem = values.parse_phone(cell)
        append(value)
        if problem is not None:
            problems[index] = problem
    return parsed, problems


def _memoised(parser: Callable, copy_lists: bool = False) -> ColumnParser:
    """A column parser calling `parser` once per distinct cell (its results are immutable,
    or lists copied per cell with `copy_lists`)."""
    cache: dict[object, tuple[object, str | None]] = {}

    def parse(cells: list) -> ColumnResult:
        parsed: list = []
        problems: dict[int, str] = {}
        append = parsed.append
        for index, cell in enumerate(cells):
            if cell is None:
                append(None)
                continue
            # 1, 1.0 and True are equal keys: only text is its own key.
            key = cell if cell.__class__ is str else (cell.__class__, cell)
            try:
                value, problem = cache[key]
            except KeyError:
                value, problem = cache[key] = parser(cell)
            except TypeError:  # unhashable: never from a reader, but parse it anyway
                value, problem = parser(cell)
            if copy_lists and value.__class__ is list:
                value = list(value)
            append(value)
            if problem is not None:
                problems[index] = problem
        return parsed, problems

    return parse
