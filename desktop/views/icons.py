"""The SVG icon set, tinted per state and drawn at the screen's scale so it stays crisp."""

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.views import theme
from resources import resource_path


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


class SvgIconEngine(QIconEngine):
    """Renders a currentColor SVG in one colour per icon state, at any size and scale.

    QIcon's own SVG loader would draw currentColor as black and cannot tint a checked
    navigation button in the brand colour.
    """

    def __init__(self, name: str, color: str, checked_color: str | None = None) -> None:
        super().__init__()
        self._name = name
        self._color = color
        self._checked_color = checked_color or color
        self._renderers: dict[str, QSvgRenderer] = {}
        self._cache: dict[tuple, QPixmap] = {}

    def _renderer(self, mode: QIcon.Mode, state: QIcon.State) -> QSvgRenderer:
        if mode == QIcon.Mode.Disabled:
            color = theme.DISABLED
        elif state == QIcon.State.On:
            color = self._checked_color
        else:
            color = self._color
        renderer = self._renderers.get(color)
        if renderer is None:
            svg = _svg_text(self._name).replace("currentColor", color)
            renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
            self._renderers[color] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode, state).render(painter, QRectF(rect))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        key = (size.width(), size.height(), mode, state, scale)
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = QPixmap(size * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.paint(painter, QRect(0, 0, pixmap.width(), pixmap.height()), mode, state)
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            self._cache[key] = pixmap
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._name, self._color, self._checked_color)


def icon(name: str, color: str = theme.MUTED, checked_color: str | None = None) -> QIcon:
    """The icon `name` (a file in resources/icons, without .svg) in the given colours."""
    return QIcon(SvgIconEngine(name, color, checked_color))


def app_icon() -> QIcon:
    """The ShopCircle logo (full colour, so Qt's own SVG loader draws it)."""
    return QIcon(str(resource_path("icons", "shopcircle.svg")))
