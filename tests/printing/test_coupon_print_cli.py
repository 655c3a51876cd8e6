"""`coupons print BATCH`: a stored batch becomes sheets whose QR codes are its codes."""

import argparse
import datetime as dt
import io
import json

import pytest
import zxingcpp

from db import close_db, init_db
from desktop.cli.commands.coupon_print import add_print_parser
from desktop.cli.context import CliContext
from desktop.cli.main import _report
from desktop.domain.coupon_issuing import generate_batch
from desktop.domain.coupons import TemplateInput, add_template
from desktop.printing.batch_cards import batch_cards
from tests.printing.conftest import render_pdf


def stored_batch(count: int, **template) -> str:
    values = dict(title="满100减20", kind="amount", value=2000, min_spend_cents=10000,
                  valid_from=dt.date(2026, 12, 1), valid_to=dt.date(2026, 12, 31),
                  terms="每桌限用一张") | template
    return generate_batch(add_template(TemplateInput(**values)).id, count).batch_uuid


def test_cards_carry_the_batch_codes_and_template_texts(db, qapp):
    uuid = stored_batch(3)
    cards = batch_cards(uuid)

    from db.models import Coupon, CouponBatch
    batch = CouponBatch.get(CouponBatch.uuid == uuid)
    codes = [c.code for c in Coupon.select().where(Coupon.batch == batch).order_by(Coupon.id)]
    assert [card.code for card in cards] == codes
    assert batch_cards(str(batch.id)) == cards  # the id finds the same batch
    card = cards[0]
    assert (card.title, card.value_text, card.condition_text, card.validity_text,
            card.terms) == ("满100减20", "¥20 off", "Min. spend ¥100",
                            "Valid 2026-12-01 – 2026-12-31", "每桌限用一张")
    assert card.code_display == f"{codes[0][:4]}-{codes[0][4:8]}-{codes[0][8:]}"


def test_days_from_issue_print_the_last_day(db, qapp):
    uuid = stored_batch(1, valid_from=None, valid_to=None, valid_days=30)
    expected = (dt.datetime.now() + dt.timedelta(days=30)).date().isoformat()
    assert batch_cards(uuid)[0].validity_text == f"Valid until {expected}"


def run_cli(db_url: str, *argv: str) -> tuple[int, dict]:
    parser = argparse.ArgumentParser()
    add_print_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["print", *argv])
    out = io.StringIO()
    ctx = CliContext(db=db_url, json=True, lang=None, stdout=out, stderr=io.StringIO())
    try:
        code = args.run(args, ctx)
    except Exception as exc:  # as desktop.cli.main does for every command
        code = _report(exc, as_json=False)
        return code, {}
    finally:
        ctx.close()
    return code, json.loads(out.getvalue())


def test_print_command_writes_decodable_sheets(sqlite_url, tmp_path, qapp):
    init_db(sqlite_url)
    try:
        uuid = stored_batch(11)
        codes = sorted(card.code for card in batch_cards(uuid))
    finally:
        close_db()

    code, answer = run_cli(sqlite_url, uuid, "--out", str(tmp_path / "batch.pdf"),
                           "--per-page", "10")

    assert code == 0
    assert answer == {"ok": True, "pages": 2, "path": str(tmp_path / "batch.pdf")}
    printed = [result.text for page in render_pdf(tmp_path / "batch.pdf", 150)
               for result in zxingcpp.read_barcodes(page)]
    assert sorted(printed) == codes


def test_unknown_batch_is_refused(sqlite_url, tmp_path, qapp, capsys):
    code, _ = run_cli(sqlite_url, "999", "--out", str(tmp_path / "x.pdf"))

    assert code == 1
    assert "There is no coupon batch 999." in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("per_page", ["9", "0"])
def test_only_8_or_10_per_page(per_page):
    parser = argparse.ArgumentParser()
    add_print_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["print", "1", "--out", "x.pdf", "--per-page", per_page])
