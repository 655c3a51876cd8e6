"""Cards with long Chinese and English texts, and rendering PDFs back to images."""

import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.domain.coupon_codes import display, new_codes
from desktop.printing.coupon_card import CouponCard

LONG_TEXTS = {
    "zh": dict(
        store_name="老街坊手工面馆·人民路旗舰店（原解放路老店搬迁新址）欢迎您",
        title="新会员专享满减券，到店消费即可使用，每位会员限领一张",
        value_text="¥20", condition_text="满¥100可用",
        validity_text="2026-12-01 至 2027-01-31",
        terms="每桌限用一张，不与其他优惠同享，不找零，不兑换现金。节假日通用。" * 3),
    "en": dict(
        store_name="The Old Neighbourhood Noodle House, People's Road Flagship (formerly Jiefang)",
        title="Welcome discount for new members, on any visit to the shop",
        value_text="10% off", condition_text="On orders of ¥100 or more",
        validity_text="Valid 1 Dec 2026 – 31 Jan 2027",
        terms="One coupon per table. Cannot be combined with other offers. No change "
              "given, not exchangeable for cash. " * 3),
}


def make_cards(count: int, language: str = "zh") -> list[CouponCard]:
    """`count` cards with fresh codes and the long texts of `language`."""
    return [CouponCard(code=code, code_display=display(code), primary_color="#1F5FAD",
                       **LONG_TEXTS[language]) for code in new_codes(count)]


def render_pdf(pdf: Path, dpi: int) -> list[QImage]:
    """Every page of `pdf` as a greyscale image, rendered by poppler's pdftoppm."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)],
                   check=True, timeout=120)
    pages = sorted(pdf.parent.glob(prefix.name + "-*.png"))
    return [QImage(str(page)).convertToFormat(QImage.Format.Format_Grayscale8)
            for page in pages]


@pytest.fixture
def cards_factory(qapp):
    return make_cards
