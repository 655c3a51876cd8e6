"""Coupon sheets as the printer and a phone camera see them: decodable, uncut, A4, embedded."""

import subprocess

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from desktop.printing.coupon_sheets import sheet_geometry, write_pdf, write_pngs
from tests.printing.conftest import render_pdf

DPI = 150


def decoded(image: QImage) -> list[str]:
    return sorted(result.text for result in zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormat.QRCode))


def ink_in(image: QImage, left_mm: float, top_mm: float, right_mm: float,
           bottom_mm: float) -> int:
    """Pixels darker than paper white inside the box (millimetres from the page corner)."""
    per_mm = DPI / 25.4
    x0, x1 = round(left_mm * per_mm), round(right_mm * per_mm)
    y0, y1 = round(top_mm * per_mm), round(bottom_mm * per_mm)
    line_bytes = image.bytesPerLine()
    bits = bytes(image.constBits())
    return sum(1 for y in range(y0, y1) for value in bits[y * line_bytes + x0:y * line_bytes + x1]
               if value < 250)


@pytest.mark.parametrize(("per_page", "language"), [(8, "zh"), (10, "en"), (10, "zh")])
def test_every_printed_qr_decodes_to_its_code(tmp_path, cards_factory, per_page, language):
    cards = cards_factory(per_page + 3, language)  # a full page and a part page
    result = write_pdf(cards, tmp_path / "sheet.pdf", per_page)

    assert result.pages == 2 and result.path == tmp_path / "sheet.pdf"
    assert not (tmp_path / "sheet.pdf.partial").exists()
    pages = render_pdf(result.path, DPI)
    assert len(pages) == 2
    codes = [card.code for card in cards]
    assert decoded(pages[0]) == sorted(codes[:per_page])
    assert decoded(pages[1]) == sorted(codes[per_page:])


@pytest.mark.parametrize("per_page", [8, 10])
def test_nothing_is_printed_near_a_cut_and_marks_sit_outside(tmp_path, cards_factory, per_page):
    result = write_pdf(cards_factory(per_page, "en"), tmp_path / "sheet.pdf", per_page)
    page = render_pdf(result.path, DPI)[0]
    geometry = sheet_geometry(per_page)
    xs, ys = geometry.cut_xs(), geometry.cut_ys()
    top, bottom, left, right = ys[0], ys[-1], xs[0], xs[-1]

    for x in xs:  # within 3 mm of every vertical cut, on the cards' side of it
        assert ink_in(page, max(left, x - 3), top, min(right, x + 3), bottom) == 0, x
    for y in ys:
        assert ink_in(page, left, max(top, y - 3), right, min(bottom, y + 3)) == 0, y
    for x in xs:  # a cut mark in line with each cut, above and below the grid
        assert ink_in(page, x - 0.5, top - 8, x + 0.5, top - 2) > 0
        assert ink_in(page, x - 0.5, bottom + 2, x + 0.5, bottom + 8) > 0
    for y in ys:
        assert ink_in(page, left - 8, y - 0.5, left - 2, y + 0.5) > 0
        assert ink_in(page, right + 2, y - 0.5, right + 8, y + 0.5) > 0
    # ... and nothing at all within the 5 mm printers cannot reach
    assert ink_in(page, 0, 0, 210, 5) == ink_in(page, 0, 292, 210, 297) == 0
    assert ink_in(page, 0, 0, 5, 297) == ink_in(page, 205, 0, 210, 297) == 0
    # the cards do carry ink, so the blank bands above are no accident of rendering
    assert ink_in(page, left + 3, top + 3, xs[1] - 3, ys[1] - 3) > 1000


def test_pdf_is_a4_with_fonts_embedded(tmp_path, cards_factory):
    result = write_pdf(cards_factory(2, "zh"), tmp_path / "sheet.pdf", 8)

    info = subprocess.run(["pdfinfo", str(result.path)], capture_output=True, text=True,
                          check=True).stdout
    assert "595.2 x 841.92 pts (A4)" in info or "595 x 842 pts (A4)" in info
    fonts = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts, "the sheet has text"
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the 'emb' column


def test_cancelled_sheet_leaves_no_file(tmp_path, cards_factory):
    seen = []
    result = write_pdf(cards_factory(20, "en"), tmp_path / "sheet.pdf", 8,
                       progress=lambda done, total: seen.append((done, total)),
                       cancel=lambda: len(seen) >= 1)

    assert result.cancelled and result.path is None
    assert seen == [(1, 3)]
    assert list(tmp_path.iterdir()) == []


def test_pngs_one_per_code_and_each_decodes(tmp_path, cards_factory):
    cards = cards_factory(3, "zh")
    files = write_pngs(cards, tmp_path / "pngs")

    assert [path.name for path in files] == [f"{card.code_display}.png" for card in cards]
    for path, card in zip(files, cards, strict=True):
        image = QImage(str(path))
        assert image.width() == 1080
        assert decoded(image) == [card.code]


def test_print_preview_paints_the_same_sheets_on_the_printer(tmp_path, cards_factory,
                                                              monkeypatch):
    from PySide6.QtCore import Signal
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from desktop.printing import coupon_sheets

    class PreviewThatPrints(QPrintPreviewDialog):
        """Stands in for the person: 'prints' to a PDF file at once, as the dialog would."""

        paintRequested = Signal(QPrinter)

        def __init__(self, printer, parent=None):
            super().__init__(printer, parent)
            self.target = printer

        def exec(self):
            self.target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.target.setOutputFileName(str(tmp_path / "printed.pdf"))
            self.paintRequested.emit(self.target)
            return QPrintPreviewDialog.DialogCode.Accepted

    monkeypatch.setattr(coupon_sheets, "QPrintPreviewDialog", PreviewThatPrints)
    cards = cards_factory(10, "en")

    assert coupon_sheets.print_with_preview(None, cards, 10)

    pages = render_pdf(tmp_path / "printed.pdf", DPI)
    assert len(pages) == 1
    assert decoded(pages[0]) == sorted(card.code for card in cards)
    geometry = sheet_geometry(10)  # true to size from the paper's edge: the cuts are white
    for x in geometry.cut_xs()[1:-1]:
        assert ink_in(pages[0], x - 3, geometry.top, x + 3, geometry.cut_ys()[-1]) == 0
    assert ink_in(pages[0], geometry.left + 3, geometry.top + 3, geometry.left + 87,
                  geometry.top + 49) > 1000
