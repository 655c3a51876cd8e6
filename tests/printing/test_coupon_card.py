"""A single card: the preview widget and PNG show a decodable code, however long the texts."""

import dataclasses

import zxingcpp
from PySide6.QtGui import QImage

from desktop.printing.coupon_card import CouponCardPreview, card_image
from tests.printing.conftest import make_cards


def codes_in(image: QImage) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_preview_paints_the_card_and_follows_changes(qtbot):
    first, second = make_cards(2, "en")
    preview = CouponCardPreview(first)
    qtbot.addWidget(preview)
    preview.resize(600, 400)
    preview.show()
    qtbot.waitExposed(preview)
    assert codes_in(preview.grab().toImage()) == [first.code]

    preview.set_card(second)
    assert preview.card() == second
    assert codes_in(preview.grab().toImage()) == [second.code]
    assert preview.heightForWidth(600) == 400


def test_endless_texts_stay_in_their_boxes(qapp):
    card = dataclasses.replace(
        make_cards(1, "zh")[0], store_name="店" * 200, title="长" * 300, value_text="¥" + "9" * 40,
        condition_text="x" * 500, validity_text="y" * 500, terms="条款" * 1000)
    image = card_image(card, 900).convertToFormat(QImage.Format.Format_Grayscale8)

    assert codes_in(image) == [card.code]
    margin = 30  # 3 mm of the 90 mm card at 900 px
    border = [(x, y) for x in range(900) for y in (*range(margin), *range(600 - margin, 600))]
    border += [(x, y) for y in range(600) for x in (*range(margin), *range(900 - margin, 900))]
    assert all(image.pixelColor(x, y).lightness() == 255 for x, y in border)
    texts = [(x, y) for x in range(40, 470, 3) for y in range(150, 560, 3)]
    assert sum(image.pixelColor(x, y).lightness() < 128 for x, y in texts) > 1000  # drawn


def test_store_logo_sits_in_the_band(qapp):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt

    logo = QImage(40, 40, QImage.Format.Format_RGB32)
    logo.fill(Qt.GlobalColor.green)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    logo.save(buffer, "PNG")
    card = dataclasses.replace(make_cards(1, "en")[0], logo_png=bytes(data))
    image = card_image(card, 900)

    greens = [(x, y) for x in range(40, 200) for y in range(40, 130)
              if image.pixelColor(x, y).name() == "#00ff00"]
    assert len(greens) > 2000  # a logo of about 6 x 6 mm, its own colour
    assert codes_in(image) == [card.code]
