"""Entry-point posters: A4, A5 table tent, A6, receipt strips and a square image, PDF or PNG."""

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from desktop.i18n import tr_noop
from desktop.printing.coupon_card import fit_text, logo_image, qr_path
from desktop.printing.poster_templates import TEMPLATES, Template
from desktop.printing.qr_matrix import QUIET_ZONE, qr_rows
from desktop.views.theme import MUTED, TEXT

DEFAULT_HOOK = tr_noop("posters", "Scan to join — 10% off")
SCAN_HINT = tr_noop("posters", "Scan with your phone camera or WeChat")
PDF_RESOLUTION = 1200
POSTER_DPI = 300
SQUARE_PIXELS = 1080
UNIT = 10  # layout in tenths of a millimetre: fonts sized to 0.1 mm, not whole millimetres


@dataclass(frozen=True)
class Poster:
    """Everything printed on a poster, as ready-made text."""

    store_name: str
    headline: str
    qr_url: str  # a full URL: phones cannot open a bare path
    entry_name: str
    hook: str = ""
    footer: str = ""  # address, hours, phone
    privacy: str = ""
    scan_hint: str = ""
    primary_color: str = "#C8102E"
    accent_color: str = "#F2A900"
    logo_png: bytes | None = None


def render_poster(template: str, poster: Poster, path: Path) -> Path:
    """Write the poster as PDF (true size) or PNG (300 dpi; square 1080 px) by `path`'s suffix.

    Written to path.partial and renamed once complete. ValueError for an unknown template,
    a suffix other than .pdf/.png, or a PDF of the square (an image for phones).
    """
    spec = TEMPLATES.get(template)
    if spec is None:
        raise ValueError(f"unknown template {template!r}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".png") or (suffix == ".pdf" and spec.png_only):
        raise ValueError(f"{template} cannot be written as {suffix or 'a file without suffix'}")
    partial = path.with_name(path.name + ".partial")
    try:
        if suffix == ".pdf":
            _write_pdf(spec, poster, partial, path.stem)
        else:
            _write_png(spec, poster, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def paint_poster(painter: QPainter, spec: Template, poster: Poster) -> None:
    """Paint the whole page; the painter works in tenths of a millimetre from the corner."""
    page = QRectF(0, 0, spec.width * UNIT, spec.height * UNIT)
    painter.fillRect(page, Qt.GlobalColor.white)
    if spec.panels == 1:
        _paint_panel(painter, spec, poster, page)
        return
    half = page.height() / 2
    lower = QRectF(0, half, page.width(), half)
    _paint_panel(painter, spec, poster, lower)
    painter.save()  # the upper panel turned round, to read from the far side once folded
    painter.translate(page.width(), half)
    painter.rotate(180)
    _paint_panel(painter, spec, poster, QRectF(0, 0, page.width(), half))
    painter.restore()
    pen = QPen(QColor(MUTED), 3, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QLineF(spec.margin * UNIT, half, page.width() - spec.margin * UNIT, half))


def _write_pdf(spec: Template, poster: Poster, target: Path, title: str) -> None:
    writer = QPdfWriter(str(target))
    writer.setResolution(PDF_RESOLUTION)
    size = QPageSize(QSizeF(spec.width, spec.height), QPageSize.Unit.Millimeter)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    writer.setCreator("ShopCircle")
    writer.setTitle(title)
    painter = QPainter(writer)
    try:
        scale = writer.logicalDpiX() / 25.4 / UNIT
        painter.scale(scale, writer.logicalDpiY() / 25.4 / UNIT)
        paint_poster(painter, spec, poster)
    finally:
        painter.end()


def _write_png(spec: Template, poster: Poster, target: Path) -> None:
    pixels_per_mm = SQUARE_PIXELS / spec.width if spec.png_only else POSTER_DPI / 25.4
    image = QImage(round(spec.width * pixels_per_mm), round(spec.height * pixels_per_mm),
                   QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)  # the page may end a fraction of a pixel short
    dots_per_metre = round(pixels_per_mm * 1000)
    image.setDotsPerMeterX(dots_per_metre)  # prints at true size from an image viewer
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(pixels_per_mm / UNIT, pixels_per_mm / UNIT)
        paint_poster(painter, spec, poster)
    finally:
        painter.end()
    # Moderate compression: level 9 triples the time for a few per cent.
    if not image.save(str(target), "PNG", 70):
        raise OSError(f"could not write {target}")


@dataclass(frozen=True)
class _Layout:
    band: QRectF
    headline: QRectF
    hook: QRectF
    qr: QRectF  # quiet zone included
    name: QRectF
    hint: QRectF
    footer: QRectF
    privacy: QRectF


def _paint_panel(painter: QPainter, spec: Template, poster: Poster, panel: QRectF) -> None:
    inner = panel.adjusted(*(spec.margin * UNIT,) * 2, *(-spec.margin * UNIT,) * 2)
    qr = min(spec.qr * UNIT, panel.width() - 20)  # the quiet zone stays 1 mm off the edge
    if inner.width() > inner.height() * 1.2:
        layout = _side_by_side(inner, qr)
    else:
        layout = _stacked(inner, panel, qr)
    primary = QColor("#000000" if spec.mono else poster.primary_color)
    _paint_band(painter, layout.band, poster, spec.mono)
    painter.setPen(QColor("#000000" if spec.mono else TEXT))
    _centred(painter, layout.headline, poster.headline, bold=True, smallest=30)
    painter.setPen(primary)
    _centred(painter, layout.hook, poster.hook, bold=True)
    painter.fillPath(qr_path(poster.qr_url, layout.qr), QColor("#000000"))
    muted = QColor("#000000" if spec.mono else MUTED)
    painter.setPen(muted)
    _centred(painter, layout.name, poster.entry_name)
    painter.setPen(QColor("#000000" if spec.mono else TEXT))
    _centred(painter, layout.hint, poster.scan_hint, share=0.5)
    _centred(painter, layout.footer, poster.footer, share=0.3)
    painter.setPen(muted)
    _centred(painter, layout.privacy, poster.privacy, share=0.3)


def _stacked(inner: QRectF, panel: QRectF, qr: float) -> _Layout:
    """Top to bottom: store, headline, hook, QR, its name, scan hint, footer, privacy."""
    small = max(35.0, qr * 0.05)
    rest = inner.height() - qr - 2.6 * small
    rows = [rest * 0.2, rest * 0.32, rest * 0.16, qr, small, small * 1.6, rest * 0.2, rest * 0.12]
    boxes, top = [], inner.top()
    for height in rows:
        boxes.append(QRectF(inner.left(), top, inner.width(), height))
        top += height
    qr_box = QRectF(panel.center().x() - qr / 2, boxes[3].top(), qr, qr)
    return _Layout(boxes[0], boxes[1], boxes[2], qr_box, *boxes[4:])


def _side_by_side(inner: QRectF, qr: float) -> _Layout:
    """Texts on the left, QR with its name and scan hint on the right (a landscape panel)."""
    small = max(35.0, qr * 0.05)
    qr = min(qr, inner.height() - 2.6 * small)
    right = QRectF(inner.right() - qr, inner.top(), qr, inner.height())
    left = QRectF(inner.left(), inner.top(), right.left() - 40 - inner.left(), inner.height())
    top = right.top() + (right.height() - qr - 2.6 * small) / 2
    qr_box = QRectF(right.left(), top, qr, qr)
    name = QRectF(right.left(), qr_box.bottom(), qr, small)
    hint = QRectF(right.left(), name.bottom(), qr, small * 1.6)
    boxes, top = [], left.top()
    for share in (0.2, 0.3, 0.17, 0.2, 0.13):
        boxes.append(QRectF(left.left(), top, left.width(), left.height() * share))
        top += left.height() * share
    return _Layout(boxes[0], boxes[1], boxes[2], qr_box, name, hint, boxes[3], boxes[4])


def _paint_band(painter: QPainter, band: QRectF, poster: Poster, mono: bool) -> None:
    """The store's name on its brand colour (black on white for receipts), logo first."""
    band = band.adjusted(0, 0, 0, -band.height() * 0.12)  # air before the headline
    if mono:
        painter.fillRect(QRectF(band.left(), band.bottom() - 6, band.width(), 6),
                         QColor("#000000"))
    else:
        painter.fillRect(band, QColor(poster.primary_color))
        painter.fillRect(QRectF(band.left(), band.bottom() - band.height() * 0.08,
                                band.width(), band.height() * 0.08),
                         QColor(poster.accent_color))
    pad = min(band.height() * 0.15, 30)
    text_box = band.adjusted(pad, pad, -pad, -pad - (0 if mono else band.height() * 0.08))
    logo = None if mono else logo_image(poster.logo_png)
    if logo is not None:
        side = text_box.height()
        aspect = min(logo.width() / logo.height(), 3.0)
        target = QRectF(text_box.left(), text_box.top(), side * aspect, side)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, logo, QRectF(0, 0, logo.height() * aspect, logo.height()))
        painter.restore()
        text_box.setLeft(target.right() + pad)
    painter.setPen(QColor("#000000" if mono else "#FFFFFF"))
    _centred(painter, text_box, poster.store_name, bold=True)


def _centred(painter: QPainter, box: QRectF, text: str, *, bold: bool = False,
             smallest: int = 20, share: float = 0.7) -> None:
    """`text` centred in `box`, wrapped, at the largest size that fits (2 mm at the least).

    `share`: the tallest font as a share of the box, so a roomy box holds modest small print.
    """
    if not text or box.height() <= 0:
        return
    largest = max(smallest, int(box.height() * share))
    font, shown = fit_text(text, box.width(), box.height(), largest, smallest, bold, False, False)
    painter.setFont(font)
    width = _balanced_width(QFontMetricsF(font), shown, box.width())
    narrowed = QRectF(box.center().x() - width / 2, box.top(), width, box.height())
    painter.drawText(narrowed, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, shown)


def _balanced_width(metrics: QFontMetricsF, text: str, width: float) -> float:
    """The narrowest width that keeps the line count: no lone word or character on a line."""
    flags = int(Qt.TextFlag.TextWordWrap)
    lines = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()
    low, high = width / 2, width
    for _ in range(8):
        middle = (low + high) / 2
        needed = metrics.boundingRect(QRectF(0, 0, middle, 1e6), flags, text)
        if needed.height() <= lines and needed.width() <= middle:
            high = middle
        else:
            low = middle
    return high


def qr_module_count(data: str) -> int:
    """Modules across the symbol of `data` with its quiet zone (for size checks)."""
    return len(qr_rows(data)) + 2 * QUIET_ZONE
