"""The fast mask choice builds exactly the symbols qrcode builds, and scores them as it does."""

import random

import qrcode
import zxingcpp
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M

from desktop.domain.coupon_codes import new_codes
from desktop.printing.coupon_card import qr_path
from desktop.printing.qr_matrix import penalty, qr_matrix, qr_rows


def as_rows(matrix) -> list[int]:
    return [int("".join("1" if cell else "0" for cell in line), 2) for line in matrix]


def qrcode_symbol(data: str, mask: int) -> list[list[bool]]:
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
    symbol.add_data(data)
    symbol.make(fit=True)
    return [[bool(cell) for cell in line] for line in symbol.modules]


def test_penalty_is_qrcodes_lost_point():
    chance = random.Random(4)
    for _ in range(200):
        size = chance.choice([21, 25, 29, 33])
        matrix = [[chance.random() < 0.5 for _ in range(size)] for _ in range(size)]
        assert penalty(as_rows(matrix)) == util.lost_point(matrix)


def test_symbol_is_qrcodes_with_the_lowest_penalty_mask():
    for data in [*new_codes(20), "HTTPS://EXAMPLE.COM/C/K7QM3XHP9TRD", "会员券 2026"]:
        symbols = [qrcode_symbol(data, mask) for mask in range(8)]
        scores = [penalty(as_rows(symbol)) for symbol in symbols]
        assert qr_matrix(data) == symbols[scores.index(min(scores))]


def test_path_draws_a_decodable_code_with_its_quiet_zone():
    code = new_codes(1)[0]
    image = QImage(290, 290, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.fillPath(qr_path(code, QRectF(0, 0, 290, 290)), QColor("black"))
    painter.end()

    assert [result.text for result in zxingcpp.read_barcodes(image)] == [code]
    module = 290 / (len(qr_rows(code)) + 8)
    quiet = round(4 * module) - 1  # the 4-module border stays white
    assert all(image.pixelColor(x, y).lightness() == 255
               for x in range(290) for y in (*range(quiet), *range(290 - quiet, 290)))
