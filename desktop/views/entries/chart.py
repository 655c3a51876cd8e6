"""A small bar chart of daily sign-ups, drawn with QPainter (no QtCharts)."""

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.domain.entry_stats import DailySignups
from desktop.i18n import tr
from desktop.views import theme


class SignupChart(QWidget):
    """One bar per day, the busiest day's count at the top left, first and last dates below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: DailySignups | None = None
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(320, 100)

    def set_series(self, series: DailySignups | None) -> None:
        self.series = series
        total = series.total if series else 0
        self.setAccessibleName(tr("EntriesPage", "Sign-ups per day, last 30 days: {n}").format(
            n=total))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.series is None or not self.series.days:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(0, line + 4, 0, -(line + 6))
        peak = max(self.series.counts)
        muted = QColor(theme.MUTED)
        painter.setPen(muted)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft,
                         tr("EntriesPage", "Busiest day: {n}").format(n=peak) if peak
                         else tr("EntriesPage", "No sign-ups in the last 30 days"))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        slot = area.width() / len(self.series.counts)
        accent = QColor(self.palette().color(self.palette().ColorRole.Highlight))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        for index, count in enumerate(self.series.counts):
            if not count:
                continue
            height = max(2.0, area.height() * count / peak)
            painter.drawRect(QRectF(area.left() + index * slot + slot * 0.15,
                                    area.bottom() - height, slot * 0.7, height))
        painter.setPen(muted)
        below = QRectF(0, area.bottom() + 4, self.width(), line)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft,
                         self.series.days[0].strftime("%m-%d"))
        painter.drawText(below, Qt.AlignmentFlag.AlignRight,
                         self.series.days[-1].strftime("%m-%d"))
        painter.end()
