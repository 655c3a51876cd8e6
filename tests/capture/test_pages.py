"""The phone page's markup: the coupon's QR decodes, typed text comes back escaped."""

import re

import zxingcpp
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from desktop.capture.pages import form_page, qr_svg, result_page
from desktop.capture.signup import SignupForm, SignupPage, SignupResult

PAGE = SignupPage("张记 <b>小馆</b>", "#C8102E", "#333333", "", "第一行\n第二行")


def test_coupon_qr_svg_decodes_to_the_code(qapp):
    svg = qr_svg("K7QM3XHP9TRD")
    image = QImage(300, 300, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    QSvgRenderer(QByteArray(svg.encode())).render(painter)
    painter.end()
    assert [result.text for result in zxingcpp.read_barcodes(image)] == ["K7QM3XHP9TRD"]


def test_result_page_shows_the_code_in_groups_with_its_qr():
    page = result_page(PAGE, SignupResult(1, "<i>张三</i>", False, "K7QM-3XHP-9TRD"))
    assert '<div class="code">K7QM-3XHP-9TRD</div>' in page
    assert 'aria-label="K7QM3XHP9TRD"' in page
    assert "&lt;i&gt;张三&lt;/i&gt;" in page and "<i>" not in page
    assert "&lt;b&gt;小馆&lt;/b&gt;" in page


def test_form_page_keeps_values_escaped_and_unticks_the_partner_box():
    page = form_page(PAGE, SignupForm(name='"><script>', phone="1", marketing=True),
                     {"phone": "<bad>"})
    assert 'value="&quot;&gt;&lt;script&gt;"' in page and "<script>" not in page
    assert '<p class="problem">&lt;bad&gt;</p>' in page
    assert re.search(r'name="marketing" value="1" checked>', page)
    assert re.search(r'name="partner" value="1">', page)
    assert "<p>第一行\n第二行</p>" in page
