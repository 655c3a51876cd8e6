"""Posters as the printer and a phone see them: true size, QR decodes and is big, no clipping."""

import re
import subprocess

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from desktop.printing import posters
from desktop.printing.posters import TEMPLATES, Poster, render_poster
from tests.printing.conftest import render_pdf

DPI = 100
URL = "http://192.168.100.200:8080/s/vMH09ezq0Rm7gtk5V8up7KRbxZfX4Z0SUgV4CJkkDLc"
LONG = {
    "zh": dict(store_name="老街坊手工面馆·人民路旗舰店（原解放路老店搬迁新址）欢迎您",
               headline="新会员专享：扫码加入会员，到店消费享受折扣和生日礼遇",
               hook="扫码入会 立享9折", footer="人民路188号\n9:00-21:00  ·  0571-88886666",
               privacy="您的手机号仅用于本店会员服务和优惠通知。",
               scan_hint="用手机相机或微信扫一扫", entry_name="门口海报"),
    "en": dict(store_name="The Old Neighbourhood Noodle House, People's Road Flagship "
                          "(formerly Jiefang)",
               headline="New members: scan to join and enjoy discounts and a birthday treat "
                        "on every visit",
               hook="Scan to join — 10% off", footer="188 People's Road\n9:00-21:00  ·  "
                                                   "0571-88886666",
               privacy="Your phone number is used only for this store's membership and offers.",
               scan_hint="Scan with your phone camera or WeChat", entry_name="Door poster"),
}
# Smallest printed QR symbol (quiet zone not counted), in mm.
MIN_QR_MM = {"a4": 60, "a5-tent": 25, "a6": 25, "receipt80": 50, "receipt58": 40}
MARGIN_MM = 4.9  # nothing printed within 5 mm of an edge (a box may end right at 5 mm)
PAGE_POINTS = {"a4": "595 x 842", "a5-tent": "420 x 595", "a6": "297 x 420",
               "receipt80": "227 x 510", "receipt58": "164 x 425"}


def poster(language: str) -> Poster:
    return Poster(qr_url=URL, primary_color="#1F5FAD", **LONG[language])


def qr_results(image: QImage) -> list:
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def symbol_mm(result, per_mm: float) -> float:
    corners = result.position
    return abs(corners.top_right.x - corners.top_left.x + corners.bottom_right.x
               - corners.bottom_left.x) / 2 / per_mm


def margin_ink(image: QImage, margin_px: int) -> int:
    """Dark pixels within `margin_px` of any edge of a greyscale image."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    line_bytes, bits = gray.bytesPerLine(), bytes(gray.constBits())
    width, height = gray.width(), gray.height()
    dark = 0
    for y in range(height):
        row = bits[y * line_bytes:y * line_bytes + width]
        span = row if y < margin_px or y >= height - margin_px else (
            row[:margin_px] + row[width - margin_px:])
        dark += sum(1 for value in span if value < 200)
    return dark


@pytest.fixture
def elided(monkeypatch):
    """Every text drawn shortened with an ellipsis: a poster must show all of its texts."""
    shortened = []
    original = posters.fit_text

    def recording(text, *args):
        font, shown = original(text, *args)
        if shown != text:
            shortened.append(text)
        return font, shown

    monkeypatch.setattr(posters, "fit_text", recording)
    return shortened


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("template", [name for name, spec in TEMPLATES.items()
                                      if not spec.png_only])
def test_pdf_is_true_size_and_its_qr_decodes_big_enough(qapp, tmp_path, template, language,
                                                         elided):
    path = render_poster(template, poster(language), tmp_path / "poster.pdf")

    assert path == tmp_path / "poster.pdf" and not (tmp_path / "poster.pdf.partial").exists()
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert f"Page size:       {PAGE_POINTS[template]} pts" in info.replace(".00", "")
    assert re.search(r"^Pages: +1$", info, re.MULTILINE)
    [page] = render_pdf(path, DPI)
    found = qr_results(page)
    assert [result.text for result in found] == [URL] * TEMPLATES[template].panels
    per_mm = DPI / 25.4
    assert all(symbol_mm(result, per_mm) >= MIN_QR_MM[template] for result in found)
    assert margin_ink(page, int(MARGIN_MM * per_mm)) == 0
    assert elided == []


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(("template", "size"), [("a4", (2480, 3508)), ("a6", (1240, 1748)),
                                                ("receipt58", (685, 1772)),
                                                ("square", (1080, 1080))])
def test_png_has_its_pixel_size_and_decodes(qapp, tmp_path, template, size, language,
                                            elided):
    path = render_poster(template, poster(language), tmp_path / "poster.png")

    image = QImage(str(path))
    assert (image.width(), image.height()) == size
    assert [result.text for result in qr_results(image)] == [URL]
    if template != "square":
        assert round(image.dotsPerMeterX() * 0.0254) == 300
    assert margin_ink(image, int(MARGIN_MM * image.width() / TEMPLATES[template].width)) == 0
    assert elided == []


def test_tent_panels_face_opposite_ways_about_the_fold(qapp, tmp_path):
    path = render_poster("a5-tent", poster("en"), tmp_path / "tent.pdf")

    [page] = render_pdf(path, DPI)
    found = sorted(qr_results(page), key=lambda result: result.position.top_left.y)
    assert len(found) == 2
    upper, lower = found
    half = page.height() / 2
    assert upper.position.bottom_right.y < half < lower.position.top_left.y
    assert lower.orientation == 0 and abs(upper.orientation) == 180
    fold = page.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = [bytes(fold.constBits())[y * fold.bytesPerLine():][:fold.width()]
            for y in range(int(half) - 1, int(half) + 2)]
    assert max(sum(1 for value in row if value < 230) for row in rows) > fold.width() // 2


def test_unusable_requests_write_nothing(qapp, tmp_path):
    for template, name in (("square", "a.pdf"), ("a4", "a.jpg"), ("a3", "a.pdf")):
        with pytest.raises(ValueError):
            render_poster(template, poster("zh"), tmp_path / name)
    assert list(tmp_path.iterdir()) == []
