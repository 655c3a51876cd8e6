"""MappingEditor: each column of an import file, its header and sample values, and its field."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QScrollArea, QWidget

from desktop.domain.imports import FIELDS, ColumnMapping
from desktop.domain.imports.columns import field_label
from desktop.domain.member_import_review import FileColumn
from desktop.i18n import tr
from desktop.views import theme
from desktop.views.members.action_dialog import plain_label

EDITOR_STYLE = f"""
QScrollArea#MappingEditor {{ border: 1px solid {theme.BORDER}; border-radius: 8px;
    background: {theme.SURFACE}; }}
QWidget#MappingRows {{ background: {theme.SURFACE}; }}
"""
COMBO_WIDTH = 150
IGNORE = ""  # the combo's data for "Ignore this column"


class MappingEditor(QScrollArea):
    """One line per file column: 'B  手机号码' over its samples, and a field combo.

    A field goes to one column only: choosing it for a column sets the column that had it to
    "Ignore". `mapping_changed` carries the new mapping after each choice.
    """

    mapping_changed = Signal(object)  # ColumnMapping

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MappingEditor")
        self.setStyleSheet(EDITOR_STYLE)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mapping = ColumnMapping()
        self.combos: list[QComboBox] = []
        self._rows: QWidget | None = None

    def set_columns(self, columns: tuple[FileColumn, ...], mapping: ColumnMapping) -> None:
        """Show the file's columns with `mapping` chosen in the combos."""
        self.mapping = mapping.copy()
        rows = QWidget()
        rows.setObjectName("MappingRows")
        grid = QGridLayout(rows)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 1)
        self.combos = []
        for column in columns:
            header = column.header or tr("ImportWizard", "(no header)")
            title = plain_label(f"{column.letter}  {header}")
            title.setWordWrap(True)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            samples = plain_label(" · ".join(column.samples) or tr("ImportWizard", "(empty)"),
                                  "muted", wrap=True)
            combo = self._combo(column)
            line = 2 * column.index
            grid.addWidget(title, line, 0)
            grid.addWidget(samples, line + 1, 0)
            grid.addWidget(combo, line, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            grid.setRowMinimumHeight(line + 1, samples.sizeHint().height() + 8)
            self.combos.append(combo)
        grid.setRowStretch(2 * len(columns), 1)
        self.setWidget(rows)
        self._rows = rows
        self._show_mapping()

    def _combo(self, column: FileColumn) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumWidth(COMBO_WIDTH)
        combo.setAccessibleName(tr("ImportWizard", "Field for column {letter}").format(
            letter=column.letter))
        combo.addItem(tr("ImportWizard", "Ignore"), IGNORE)
        for name in FIELDS:
            combo.addItem(field_label(name), name)
        combo.activated.connect(lambda _index, c=column.index: self._chosen(c))
        return combo

    def set_enabled_choices(self, enabled: bool) -> None:
        """Lock the combos while the file is read again (a choice would be lost)."""
        for combo in self.combos:
            combo.setEnabled(enabled)

    def choose(self, column: int, field: str | None) -> None:
        """Choose `field` (None: ignore) for `column`, as the user would."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field or IGNORE))
        self._chosen(column)

    def _chosen(self, column: int) -> None:
        field = self.combos[column].currentData() or None
        mapping = self.mapping.copy()
        if field is None:
            for name, index in list(mapping.columns.items()):
                if index == column:
                    mapping.assign(name, None)
        else:
            mapping.assign(field, column)
        if mapping.columns == self.mapping.columns:
            return
        self.mapping = mapping
        self._show_mapping()
        self.mapping_changed.emit(mapping.copy())

    def _show_mapping(self) -> None:
        by_column = {index: name for name, index in self.mapping.columns.items()}
        for index, combo in enumerate(self.combos):
            combo.setCurrentIndex(combo.findData(by_column.get(index, IGNORE)))
