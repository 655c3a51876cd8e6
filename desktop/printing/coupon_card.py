"""One coupon card painted with QPainter: brand band, value, texts, vector QR and its code."""

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.printing.qr_matrix import QUIET_ZONE, qr_rows
from desktop.views.theme import FONT_FAMILIES, MUTED, TEXT

# The card is laid out in units of a tenth of a millimetre on a 90 mm wide card and scaled to
# whatever rectangle it is painted in, so a sheet, a PNG and the preview look alike.
DESIGN_WIDTH = 900
SAFE = 40  # 4 mm: nothing important within 3 mm of a cut, and a little to spare
GAP = 25
MONO_FAMILIES = ["DejaVu Sans Mono", "Consolas", "Noto Sans Mono", "monospace"]


@dataclass(frozen=True)
class CouponCard:
    """Everything printed on one coupon, as ready-made text."""

    store_name: str
    title: str
    value_text: str  # "¥20", "9折", "10% off"
    condition_text: str  # "满¥100可用" or ""
    validity_text: str
    terms: str
    code: str  # normalised, as the QR carries it
    code_display: str  # K7QM-3XHP-9TRD
    primary_color: str = "#C8102E"
    accent_color: str = "#F2A900"
    logo_png: bytes | None = None


def paint_card(painter: QPainter, rect: QRectF, card: CouponCard) -> None:
    """Paint `card` filling `rect`; nothing is drawn within SAFE of the rectangle's edges."""
    height = DESIGN_WIDTH * rect.height() / rect.width()
    layout = _layout(round(height))
    painter.save()
    painter.translate(rect.topLeft())
    painter.scale(rect.width() / DESIGN_WIDTH, rect.height() / height)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(QRectF(0, 0, DESIGN_WIDTH, height), Qt.GlobalColor.white)
    _paint_band(painter, layout.band, card)
    painter.setPen(QColor(card.primary_color))
    _fitted(painter, layout.value, card.value_text, 150, 60, bold=True)
    painter.setPen(QColor(TEXT))
    _fitted(painter, layout.title, card.title, 46, 24, bold=True)
    lines = [text for text in (card.condition_text, card.validity_text) if text]
    for index, line in enumerate(lines):  # each its own half, so one long line hides no other
        box = QRectF(layout.details)
        box.setHeight(box.height() / len(lines))
        box.moveTop(box.top() + index * box.height())
        _fitted(painter, box, line, 30, 20)
    painter.setPen(QColor(MUTED))
    _fitted(painter, layout.terms, card.terms, 24, 16)
    painter.fillPath(qr_path(card.code, layout.qr), QColor("#000000"))
    painter.setPen(QColor(TEXT))
    _fitted(painter, layout.code, card.code_display, 52, 24, bold=True, mono=True)
    painter.restore()


def qr_path(data: str, square: QRectF) -> QPainterPath:
    """The QR of `data` filling `square` with its quiet zone: one path, a rectangle per run."""
    return _qr_path(data, square.x(), square.y(), square.width())


def card_image(card: CouponCard, width: int = 1080) -> QImage:
    """The card as an image `width` pixels wide at the printed proportions (90 x 60 mm)."""
    image = QImage(width, width * 2 // 3, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    paint_card(painter, QRectF(image.rect()), card)
    painter.end()
    return image


class CouponCardPreview(QWidget):
    """A card painted at the widget's width, for live previews."""

    def __init__(self, card: CouponCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._card = card
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_card(self, card: CouponCard) -> None:
        """Show another card (or the same one with new texts)."""
        self._card = card
        self.update()

    def card(self) -> CouponCard:
        """The card shown."""
        return self._card

    def sizeHint(self) -> QSize:
        return QSize(450, 300)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width * 2 // 3

    def paintEvent(self, event) -> None:
        width = min(self.width(), self.height() * 3 / 2)
        rect = QRectF(0, 0, width, width * 2 / 3)
        rect.moveCenter(QRectF(self.rect()).center())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(QColor("#C9CED6"))
        painter.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
        paint_card(painter, rect, self._card)
        painter.end()


@dataclass(frozen=True)
class _Layout:
    band: QRectF
    value: QRectF
    title: QRectF
    details: QRectF
    terms: QRectF
    qr: QRectF
    code: QRectF


@lru_cache(maxsize=16)
def _layout(height: int) -> _Layout:
    """Boxes for a card DESIGN_WIDTH wide and `height` high: texts left, QR and code right."""
    code_height = 60
    qr_side = min(height - 2 * SAFE - code_height - 10, DESIGN_WIDTH * 0.40)
    right = DESIGN_WIDTH - SAFE
    qr = QRectF(right - qr_side, SAFE, qr_side, qr_side)
    code = QRectF(qr.left() - GAP, qr.bottom() + 10, qr_side + GAP, code_height)
    left = SAFE
    text_width = qr.left() - GAP - left
    band = QRectF(left, SAFE, text_width, 90)
    bottom = height - SAFE
    room = bottom - band.bottom() - 10
    value = QRectF(left, band.bottom() + 10, text_width, room * 0.34)
    title = QRectF(left, value.bottom(), text_width, room * 0.22)
    details = QRectF(left, title.bottom(), text_width, room * 0.24)
    terms = QRectF(left, details.bottom(), text_width, bottom - details.bottom())
    return _Layout(band, value, title, details, terms, qr, code)


def _paint_band(painter: QPainter, band: QRectF, card: CouponCard) -> None:
    """The store's name in white on its brand colour, its logo first when it has one."""
    painter.fillRect(band, QColor(card.primary_color))
    painter.fillRect(QRectF(band.left(), band.bottom() - 8, band.width(), 8),
                     QColor(card.accent_color))
    text_box = band.adjusted(20, 0, -20, -8)
    logo = logo_image(card.logo_png)
    if logo is not None:
        side = text_box.height() - 16
        aspect = min(logo.width() / logo.height(), 3.0)  # a wide logo, within reason
        target = QRectF(text_box.left(), text_box.top() + 8, side * aspect, side)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        # The same cached QImage every card: a PDF embeds it once, not once per coupon.
        painter.drawImage(target, logo, QRectF(0, 0, logo.height() * aspect, logo.height()))
        painter.restore()
        text_box.setLeft(target.right() + 15)
    painter.setPen(QColor("#FFFFFF"))
    _fitted(painter, text_box, card.store_name, 40, 22, bold=True)


@lru_cache(maxsize=8)
def logo_image(data: bytes | None) -> QImage | None:
    """The logo PNG as an image for painting, None when there is none or it cannot be read."""
    if not data:
        return None
    image = QImage.fromData(data)
    return None if image.isNull() else image


def _fitted(painter: QPainter, box: QRectF, text: str, largest: int, smallest: int, *,
            bold: bool = False, mono: bool = False, single_line: bool = False) -> None:
    """Draw `text` in `box` at the largest size that fits, wrapped, elided at the smallest."""
    if not text or box.height() <= 0:
        return
    font, shown = fit_text(text, box.width(), box.height(), largest, smallest, bold, mono,
                       single_line)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    if mono:
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    if not single_line:
        flags |= Qt.TextFlag.TextWordWrap
    painter.drawText(box, flags, shown)


@lru_cache(maxsize=256)
def fit_text(text: str, width: float, height: float, largest: int, smallest: int, bold: bool,
             mono: bool, single_line: bool) -> tuple[QFont, str]:
    """The font (pixel size in design units) and the text to draw; cached per sheet's texts."""
    flags = 0 if single_line else int(Qt.TextFlag.TextWordWrap)
    size = largest
    while True:
        font = _font(size, bold, mono)
        metrics = QFontMetricsF(font)
        needed = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text)
        if (needed.width() <= width and needed.height() <= height) or size <= smallest:
            break
        size = max(smallest, int(size * 0.9))
    if needed.width() <= width and needed.height() <= height:
        return font, text
    return font, _elided(text, metrics, width, height, flags)


def _elided(text: str, metrics: QFontMetricsF, width: float, height: float,
            flags: int) -> str:
    """The longest start of `text` that fits with an ellipsis (even a CJK run, no spaces)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        candidate = text[:middle].rstrip() + "…"
        box = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, candidate)
        if box.width() <= width and box.height() <= height:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _font(pixel_size: int, bold: bool, mono: bool) -> QFont:
    font = QFont()
    font.setFamilies(MONO_FAMILIES + FONT_FAMILIES if mono else FONT_FAMILIES)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    # Layout happens in design units and is scaled: hinting would snap it to the wrong grid.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@lru_cache(maxsize=4)
def _qr_path(data: str, x: float, y: float, side: float) -> QPainterPath:
    rows = qr_rows(data)
    count = len(rows)
    module = side / (count + 2 * QUIET_ZONE)
    origin_x = x + QUIET_ZONE * module
    origin_y = y + QUIET_ZONE * module
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for index, row in enumerate(rows):
        bits = format(row, f"0{count}b")
        top = origin_y + index * module
        column = 0
        while column < count:
            start = bits.find("1", column)
            if start < 0:
                break
            end = bits.find("0", start)
            end = count if end < 0 else end
            path.addRect(origin_x + start * module, top, (end - start) * module, module)
            column = end
    return path
