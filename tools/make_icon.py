"""Render the app logo (resources/icons/shopcircle.svg) into the Windows icon shopcircle.ico.

    python tools/make_icon.py            # rewrite resources/icons/shopcircle.ico

Qt renders each size from the SVG; the .ico container (one PNG-compressed image per size, as
Windows Vista and later read them) is written here, so no imaging library is needed. Run it
after changing the logo and commit both files: build.spec uses the .ico.
"""

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "shopcircle.svg"
ICO = ROOT / "resources" / "icons" / "shopcircle.ico"
# What Explorer, the taskbar and the title bar ask for, at 100-200 % display scaling.
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent size x size square, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icon: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG image per size (ICONDIR, ICONDIRENTRY[], image data)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(pngs)
    entries, images = [], []
    for size, png in sorted(pngs.items()):
        dimension = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        # width, height, palette size, reserved, colour planes, bits per pixel, length, offset
        entry = struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(png), offset)
        entries.append(entry)
        images.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(images)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--out", type=Path, default=ICO)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QPainter needs one
    pngs = {size: render_png(args.svg, size) for size in SIZES}
    args.out.write_bytes(ico_bytes(pngs))
    sizes = ", ".join(map(str, SIZES))
    print(f"{args.out}: {len(pngs)} sizes ({sizes}), {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
