"""Coupon sheets: A4 pages of 8 or 10 cards with cut marks, as PDF or printed; PNG per card."""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QRectF
from PySide6.QtGui import (
    QColor,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desktop.domain.file_names import safe_file_stem
from desktop.printing.coupon_card import CouponCard, card_image, paint_card

A4_MM = (210.0, 297.0)
COLUMNS = 2
CARD_WIDTH_MM = 90.0
CARD_HEIGHT_MM = {8: 65.0, 10: 52.0}  # four or five rows of 260 mm in all
MARK_GAP_MM = 2.0  # cut marks start this far outside the cards ...
MARK_LENGTH_MM = 6.0  # ... and end 8 mm out, inside a margin of 10 mm or more
PDF_RESOLUTION = 1200

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SheetResult:
    """What a sheet run made: pages, the file (None when printing) and whether it stopped."""

    pages: int
    path: Path | None
    cancelled: bool = False


@dataclass(frozen=True)
class SheetGeometry:
    """Where the cards sit on an A4 page, in millimetres from its top left corner."""

    per_page: int
    card_width: float
    card_height: float
    left: float
    top: float

    @property
    def rows(self) -> int:
        return self.per_page // COLUMNS

    def card_rect(self, index: int) -> QRectF:
        """The index-th card on a page (row by row), in millimetres."""
        row, column = divmod(index, COLUMNS)
        return QRectF(self.left + column * self.card_width, self.top + row * self.card_height,
                      self.card_width, self.card_height)

    def cut_xs(self) -> list[float]:
        return [self.left + column * self.card_width for column in range(COLUMNS + 1)]

    def cut_ys(self) -> list[float]:
        return [self.top + row * self.card_height for row in range(self.rows + 1)]


def sheet_geometry(per_page: int) -> SheetGeometry:
    """The layout of 8 (2 x 4 of 90 x 65 mm) or 10 (2 x 5 of 90 x 52 mm) cards, centred."""
    if per_page not in CARD_HEIGHT_MM:
        raise ValueError(f"per_page must be 8 or 10, not {per_page}")
    height = CARD_HEIGHT_MM[per_page]
    width = CARD_WIDTH_MM
    return SheetGeometry(per_page, width, height, (A4_MM[0] - COLUMNS * width) / 2,
                         (A4_MM[1] - per_page // COLUMNS * height) / 2)


def page_count(cards: int, per_page: int) -> int:
    """Pages needed for `cards` cards."""
    return max(1, -(-cards // per_page))


def write_pdf(cards: Sequence[CouponCard], path: Path, per_page: int = 8,
              progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> SheetResult:
    """Write the sheets to `path` (via path.partial, renamed when complete)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(_a4_layout())
    writer.setCreator("ShopCircle")
    writer.setTitle(path.stem)
    finished = paint_sheets(writer, cards, per_page, progress, cancel)
    if not finished:
        partial.unlink(missing_ok=True)
        return SheetResult(0, None, cancelled=True)
    os.replace(partial, path)
    return SheetResult(page_count(len(cards), per_page), path)


def write_pngs(cards: Sequence[CouponCard], folder: Path, width: int = 1080) -> list[Path]:
    """One PNG per card, `width` pixels wide, named by its code; returns the files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for card in cards:
        target = folder / f"{safe_file_stem(card.code_display or card.code)}.png"
        if not card_image(card, width).save(str(target), "PNG"):
            raise OSError(f"could not write {target}")
        written.append(target)
    return written


def print_with_preview(parent: QWidget | None, cards: Sequence[CouponCard],
                       per_page: int = 8) -> bool:
    """The system print dialog with a preview of the sheets; True when it was printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_a4_layout())
    printer.setFullPage(True)  # the sheet keeps its own margins, true to size from the edge
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.paintRequested.connect(lambda device: paint_sheets(device, cards, per_page))
    return dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted


def paint_sheets(device: QPagedPaintDevice, cards: Sequence[CouponCard], per_page: int,
                 progress: Progress | None = None,
                 cancel: Callable[[], bool] | None = None) -> bool:
    """Paint every card onto `device`'s pages; False when cancelled part way."""
    geometry = sheet_geometry(per_page)
    pages = page_count(len(cards), per_page)
    painter = QPainter(device)
    try:
        # Work in millimetres from the paper's corner, whatever the device's resolution.
        scale = device.logicalDpiX() / 25.4
        painter.scale(scale, device.logicalDpiY() / 25.4)
        for page in range(pages):
            if cancel is not None and cancel():
                return False
            if page:
                device.newPage()
            _paint_cut_marks(painter, geometry)
            for index, card in enumerate(cards[page * per_page:(page + 1) * per_page]):
                paint_card(painter, geometry.card_rect(index), card)
            if progress is not None:
                progress(page + 1, pages)
    finally:
        painter.end()
    return True


def _paint_cut_marks(painter: QPainter, geometry: SheetGeometry) -> None:
    """Hairlines in the margin, in line with every cut, never touching a card."""
    painter.save()
    pen = QPen(QColor("#000000"), 0.25)
    painter.setPen(pen)
    near, far = MARK_GAP_MM, MARK_GAP_MM + MARK_LENGTH_MM
    top, bottom = geometry.cut_ys()[0], geometry.cut_ys()[-1]
    left, right = geometry.cut_xs()[0], geometry.cut_xs()[-1]
    for x in geometry.cut_xs():
        painter.drawLine(QLineF(x, top - far, x, top - near))
        painter.drawLine(QLineF(x, bottom + near, x, bottom + far))
    for y in geometry.cut_ys():
        painter.drawLine(QLineF(left - far, y, left - near, y))
        painter.drawLine(QLineF(right + near, y, right + far, y))
    painter.restore()


def _a4_layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
