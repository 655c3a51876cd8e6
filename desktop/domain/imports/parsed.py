"""A data row as the preview shows it: its member fields and its problems, by row number."""

from dataclasses import dataclass, field

from desktop.domain.imports.columns import field_label
from desktop.i18n import tr


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


@dataclass(slots=True)
class ParsedRow:
    """A data row's member fields (name -> value) and its problems; usable if none."""

    row_number: int
    fields: dict[str, object]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the row can be imported as it is."""
        return not self.problems
