"""`shopcircle entries poster` end to end: the file, its QR's full URL, refusals (both DBs)."""

import zxingcpp
from PySide6.QtGui import QImage

from db import close_db, init_db
from db.models import EntryPoint
from desktop.capture.server import lan_address
from desktop.domain.settings import set_setting
from tests.e2e.test_cli import answer, db_arg, shopcircle  # noqa: F401
from tests.printing.conftest import render_pdf


def decoded(image: QImage) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_poster_of_a_sign_up_page_carries_a_full_url(qapp, db_arg, tmp_path):  # noqa: F811
    page = answer(shopcircle("--db", db_arg, "--json", "entries", "add", "门口海报", "--kind",
                             "page", home=tmp_path))
    out = tmp_path / "door.pdf"
    made = shopcircle("--db", db_arg, "--json", "entries", "poster", str(page["id"]),
                      "--template", "a6", "--out", str(out), "--hours", "9:00-21:00",
                      home=tmp_path)
    assert made.returncode == 0, made.stderr
    expected = f"http://{lan_address()}:8080{page['qr_url']}"
    assert answer(made) == {"ok": True, "path": str(out), "template": "a6", "qr_url": expected}
    assert decoded(render_pdf(out, 100)[0]) == [expected]

    init_db(db_arg)
    try:
        set_setting("signup_base_url", "https://shop.example.com/")
        token = EntryPoint.get_by_id(page["id"]).token
    finally:
        close_db()
    square = tmp_path / "moments.png"
    made = shopcircle("--db", db_arg, "--json", "entries", "poster", str(page["id"]),
                      "--template", "square", "--out", str(square), home=tmp_path)
    assert made.returncode == 0, made.stderr
    image = QImage(str(square))
    assert (image.width(), image.height()) == (1080, 1080)
    assert decoded(image) == [f"https://shop.example.com/s/{token}"]


def test_refusals_exit_2_and_write_nothing(db_arg, tmp_path):  # noqa: F811
    counter = answer(shopcircle("--db", db_arg, "--json", "entries", "add", "收银台", "--kind",
                                "counter", home=tmp_path))
    cases = [([str(counter["id"]), "--template", "a4"], "Entry point"),
             (["999", "--template", "a4"], None),
             ([str(counter["id"]), "--template", "square"], "Output file")]
    for args, field in cases:
        out = tmp_path / "poster.pdf"
        refused = shopcircle("--db", db_arg, "--json", "entries", "poster", *args, "--out",
                             str(out), home=tmp_path)
        assert refused.returncode == 2, (args, refused.stdout, refused.stderr)
        result = answer(refused)
        if field:
            assert result["error"] == "invalid_input" and result["message"].startswith(field)
        else:
            assert result["error"] == "entry_point_not_found"
        assert not out.exists()
    assert sorted(path.name for path in tmp_path.glob("poster*")) == []
