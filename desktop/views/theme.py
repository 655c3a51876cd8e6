"""The look: neutral greys, the store's brand colour as the one accent, the UI font."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from resources import resource_path

# Microsoft YaHei UI is the Chinese Windows UI font; Noto Sans CJK SC stands in elsewhere.
FONT_FAMILIES = ["Microsoft YaHei UI", "Noto Sans CJK SC", "PingFang SC", "Segoe UI", "sans-serif"]
BODY_POINT_SIZE = 10

BACKGROUND = "#F4F5F7"
SURFACE = "#FFFFFF"
BORDER = "#E2E5EA"
INPUT_BORDER = "#C9CED6"
HOVER = "#ECEEF2"
TEXT = "#1F2329"
MUTED = "#5C6470"  # 5.9:1 on white, 5.4:1 on BACKGROUND
DISABLED = "#A5ABB5"
DANGER = "#B42318"
DANGER_BORDER = "#D92D20"
SUCCESS = "#067647"
DEFAULT_BRAND = "#C8102E"


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def mix(color: str, other: str, amount: float) -> str:
    """`color` moved `amount` (0..1) of the way towards `other`."""
    a, b = _rgb(color), _rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


def luminance(color: str) -> float:
    """WCAG relative luminance."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours (1..21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on `background`."""
    return "#FFFFFF" if contrast("#FFFFFF", background) >= contrast(TEXT, background) else TEXT


def readable_accent(brand: str, background: str) -> str:
    """The brand colour, darkened just enough to reach 4.5:1 as text on `background`."""
    color = brand
    for _ in range(20):
        if contrast(color, background) >= 4.5:
            return color
        color = mix(color, "#000000", 0.1)
    return TEXT


def valid_color(color: str | None) -> str:
    """`color` when it is a #RRGGBB value, else the default brand colour."""
    if color and len(color) == 7 and color.startswith("#"):
        try:
            _rgb(color)
            return color.upper()
        except ValueError:
            pass
    return DEFAULT_BRAND


def ui_font() -> QFont:
    """The application font: the system's CJK UI face at body size."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(BODY_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
    return font


def stylesheet(brand: str) -> str:
    """The application style sheet for a brand colour."""
    brand = valid_color(brand)
    tint = mix(brand, "#FFFFFF", 0.9)
    accent_text = readable_accent(brand, tint)
    chevron = resource_path("icons", "chevron-down.svg").as_posix()
    return f"""
QMainWindow, QWidget#Root, QWidget#PageArea, QScrollArea#PageScroll > QWidget > QWidget {{
    background: {BACKGROUND};
}}
QDialog {{ background: {SURFACE}; }}
QLabel {{ color: {TEXT}; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="title"] {{ font-size: 18pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="error"] {{ color: {DANGER}; }}
QLabel[role="stat"] {{ font-size: 24pt; font-weight: 600; }}
QFrame#NavRail {{ background: {SURFACE}; border: none; border-right: 1px solid {BORDER}; }}
QLabel#AppName {{ font-size: 12pt; font-weight: 600; }}
QPushButton#NavButton {{
    border: none; border-radius: 8px; padding: 9px 12px; color: {MUTED};
    font-size: 10.5pt; text-align: left; background: transparent;
}}
QPushButton#NavButton:hover {{ background: {HOVER}; color: {TEXT}; }}
QPushButton#NavButton:checked {{ background: {tint}; color: {accent_text}; font-weight: 600; }}
QPushButton#NavButton:focus {{ outline: none; border: 1px solid {brand}; }}
QFrame#Header {{ background: {SURFACE}; border: none; border-bottom: 1px solid {BORDER}; }}
QLabel#StoreName {{ font-size: 13pt; font-weight: 600; }}
QFrame#Card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QFrame#Card QLabel {{ background: transparent; }}
QFrame#ActionBar {{ background: {SURFACE}; border: none; border-top: 1px solid {BORDER}; }}
QPushButton {{
    background: {SURFACE}; color: {TEXT}; border: 1px solid {INPUT_BORDER};
    border-radius: 6px; padding: 6px 16px; min-height: 20px;
}}
QPushButton:hover {{ background: {HOVER}; }}
QPushButton:pressed {{ background: {mix(HOVER, "#000000", 0.05)}; }}
QPushButton:focus {{ border: 1px solid {brand}; }}
QPushButton:disabled {{ color: {DISABLED}; border-color: {BORDER}; }}
QPushButton[primary="true"], QDialogButtonBox QPushButton:default {{
    background: {brand}; color: {text_on(brand)}; border: 1px solid {brand};
}}
QPushButton[primary="true"] {{ font-weight: 600; }}
QPushButton[primary="true"]:hover, QDialogButtonBox QPushButton:default:hover {{
    background: {mix(brand, "#000000", 0.1)};
}}
QPushButton[primary="true"]:focus, QDialogButtonBox QPushButton:default:focus {{
    border: 2px solid {mix(brand, "#000000", 0.35)};
}}
QPushButton[link="true"] {{
    background: transparent; border: none; color: {readable_accent(brand, SURFACE)};
    padding: 2px 4px; text-decoration: underline;
}}
QPushButton#Swatch {{ border: 1px solid {INPUT_BORDER}; border-radius: 6px; padding: 0; }}
QLineEdit, QComboBox {{
    background: {SURFACE}; color: {TEXT}; border: 1px solid {INPUT_BORDER};
    border-radius: 6px; padding: 5px 8px; min-height: 20px;
    selection-background-color: {brand}; selection-color: {text_on(brand)};
}}
QLineEdit:focus, QComboBox:focus {{ border: 1px solid {brand}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{ border: 1px solid {DANGER_BORDER}; }}
QComboBox::drop-down {{ border: none; width: 24px; }}
QComboBox::down-arrow {{ image: url("{chevron}"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{
    background: {SURFACE}; border: 1px solid {BORDER}; selection-background-color: {tint};
    selection-color: {TEXT}; outline: none;
}}
QLabel#Toast {{
    background: {TEXT}; color: #FFFFFF; border-radius: 8px; padding: 10px 18px;
}}
QLabel#LogoPreview {{
    background: {BACKGROUND}; border: 1px dashed {INPUT_BORDER}; border-radius: 8px;
}}
QScrollArea {{ border: none; background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {INPUT_BORDER}; border-radius: 4px; min-height: 32px; }}
QScrollBar::handle:horizontal {{ background: {INPUT_BORDER}; border-radius: 4px; min-width: 32px; }}
QScrollBar::handle:hover {{ background: {DISABLED}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
"""


_applied: dict[str, str | None] = {"brand": None}
FUSION_PROPERTY = "shopcircleFusion"


def apply_theme(app: QApplication, brand: str, force: bool = False) -> None:
    """Fusion with a light palette (the same on every Windows theme) and our style sheet.

    Restyling every widget is slow, so the same brand colour twice is a no-op.
    """
    brand = valid_color(brand)
    if not force and _applied["brand"] == brand and app.styleSheet():
        return
    _applied["brand"] = brand
    if not app.property(FUSION_PROPERTY):
        # startup.create_application starts in Fusion; an application made elsewhere (the
        # tests' own) is switched here, once.
        app.setStyle("Fusion")
        app.setProperty(FUSION_PROPERTY, True)
    # Dark-mode Windows would otherwise hand Fusion a dark palette under our light sheet.
    app.styleHints().setColorScheme(Qt.ColorScheme.Light)
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, BACKGROUND),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Base, SURFACE),
        (QPalette.ColorRole.AlternateBase, BACKGROUND),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.Button, SURFACE),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.ToolTipBase, TEXT),
        (QPalette.ColorRole.ToolTipText, "#FFFFFF"),
        (QPalette.ColorRole.PlaceholderText, MUTED),
        (QPalette.ColorRole.Highlight, brand),
        (QPalette.ColorRole.HighlightedText, text_on(brand)),
        (QPalette.ColorRole.Link, readable_accent(brand, SURFACE)),
    ):
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(DISABLED))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(DISABLED))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(DISABLED))
    app.setPalette(palette)
    app.setFont(ui_font())
    app.setStyleSheet(stylesheet(brand))
