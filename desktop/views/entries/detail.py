"""The selected entry point's figures, daily sign-ups chart and QR target."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.domain.entry_points import EntryPoint
from desktop.domain.entry_stats import DailySignups, EntryFigures
from desktop.i18n import tr
from desktop.views.entries.chart import SignupChart
from desktop.views.entries.entry_dialog import kind_text
from desktop.views.widgets import Card, label


def _figure(grid: QGridLayout, column: int, caption: str) -> QLabel:
    value = label("–", "stat")
    grid.addWidget(value, 0, column)
    grid.addWidget(label(caption, "muted"), 1, column)
    return value


class EntryDetail(Card):
    """Opens, sign-ups and conversion in large type, the chart beside, the link below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=10)
        self.title = label("", "heading")
        self.body.addWidget(self.title)
        row = QHBoxLayout()
        row.setSpacing(24)
        figures = QGridLayout()
        figures.setHorizontalSpacing(28)
        figures.setVerticalSpacing(0)
        self.opens = _figure(figures, 0, tr("EntriesPage", "Page opens"))
        self.signups = _figure(figures, 1, tr("EntriesPage", "Sign-ups"))
        self.converted = _figure(figures, 2, tr("EntriesPage", "Bought or redeemed"))
        column = QVBoxLayout()
        column.addLayout(figures)
        column.addStretch(1)
        row.addLayout(column)
        self.chart = SignupChart()
        row.addWidget(self.chart, 1)
        self.body.addLayout(row)
        link_row = QHBoxLayout()
        link_row.setSpacing(8)
        self.link_caption = label("", "muted")
        link_row.addWidget(self.link_caption)
        self.link = label("", "path")
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # A form's URL can be long: the label may be cut at the card's edge, never widen it.
        self.link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        link_row.addWidget(self.link, 1)
        self.body.addLayout(link_row)

    def show_entry(self, entry: EntryPoint, figures: EntryFigures, target: str | None) -> None:
        """Show `entry`'s figures and where its QR leads (`target`, None for a counter)."""
        self.title.setText(f"{entry.name} · {kind_text(entry.kind)}")
        self.opens.setText(f"{figures.opens:,}" if entry.kind != "counter" else "–")
        self.signups.setText(f"{figures.signups:,}")
        self.converted.setText(f"{figures.converted:,} ({figures.rate:.0%})"
                               if figures.signups else "0")
        if target is None:
            self.link_caption.setText(tr("EntriesPage", "No QR code: staff sign customers up "
                                                        "at the counter with this entry point."))
            self.link.setText("")
        else:
            self.link_caption.setText(tr("EntriesPage", "The QR code leads to:"))
            self.link.setText(target)
            self.link.setToolTip(target)
        self.link.setVisible(bool(target))

    def show_series(self, series: DailySignups | None) -> None:
        self.chart.set_series(series)
