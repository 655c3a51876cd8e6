"""The poster templates' paper sizes (Qt-free, so the command line can list them cheaply)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """A poster's paper: page size, margin and QR square (quiet zone included), in mm."""

    width: float
    height: float
    margin: float
    qr: float
    panels: int = 1  # 2: a table tent, the upper panel upside down
    mono: bool = False  # thermal receipt printers print black only
    png_only: bool = False


TEMPLATES = {
    "a4": Template(210, 297, 10, 120),
    "a5-tent": Template(148, 210, 6, 64, panels=2),
    "a6": Template(105, 148, 6, 62),
    # The QR's quiet zone is plain paper, so on strips it may reach into the side margins.
    "receipt80": Template(80, 180, 5, 78, mono=True),
    "receipt58": Template(58, 150, 5, 56, mono=True),
    "square": Template(100, 100, 6, 48, png_only=True),
}
