"""The measured side of the coupons benchmark: one case per process (see coupons.py).

    python benchmarks/coupons_child.py CASE --count N --out RESULT.json [--pdf FILE]

Cases: `print` (write_pdf of N cards, 10 a page, with long Chinese texts),
`print-baseline` (segno computing the N QR matrices alone, error correction M) and
`generate` (generate_batch of N codes into a fresh SQLite store: made and stored). The codes
and the store are made before the clock starts; each case writes {"seconds": ...} to --out.

`build-store` makes a store of N printed coupons at --db (generate_batch in batches of
100,000, progress on stderr); `redeem` times redeem() on such a store (a copy: it writes)
for N different codes per kind of entry and writes {kind: [milliseconds, ...]} to --out.
"""

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the checkout is importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=("print", "print-baseline", "generate", "build-store",
                                         "redeem"))
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pdf", type=Path)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()

    if args.case in ("build-store", "redeem"):
        from benchmarks.coupons_redeem import build_store, time_redeem

        if args.case == "build-store":
            build_store(args.db, args.count)
            args.out.write_text(json.dumps({"built": args.count}), encoding="utf-8")
        else:
            args.out.write_text(json.dumps(time_redeem(args.db, args.count)), encoding="utf-8")
        return 0
    if args.case == "generate":
        args.out.write_text(json.dumps({"seconds": generate(args)}), encoding="utf-8")
        return 0

    from desktop.domain.coupon_codes import display, new_codes

    codes = new_codes(args.count)
    if args.case == "print-baseline":
        import segno

        start = time.perf_counter()
        for code in codes:
            segno.make_qr(code, error="m", boost_error=False).matrix  # noqa: B018
        seconds = time.perf_counter() - start
    else:
        from PySide6.QtGui import QGuiApplication

        from desktop.printing.coupon_card import CouponCard
        from desktop.printing.coupon_sheets import write_pdf

        app = QGuiApplication(["bench"])  # noqa: F841 - fonts need it alive
        cards = [CouponCard(
            store_name="老街坊手工面馆·人民路旗舰店", title="新会员专享满减券", value_text="¥20",
            condition_text="满¥100可用", validity_text="2026-12-01 至 2027-01-31",
            terms="每桌限用一张，不与其他优惠同享，不找零，不兑换现金。节假日通用。",
            code=code, code_display=display(code)) for code in codes]
        start = time.perf_counter()
        write_pdf(cards, args.pdf, per_page=10)
        seconds = time.perf_counter() - start
    args.out.write_text(json.dumps({"seconds": seconds}), encoding="utf-8")
    return 0


def generate(args: argparse.Namespace) -> float:
    """Seconds to generate and store args.count codes in one batch of a fresh store."""
    from db import init_db
    from desktop.domain.coupon_issuing import generate_batch
    from desktop.domain.coupons import TemplateInput, add_template

    init_db(str(args.out.with_suffix(".db")))
    template = add_template(TemplateInput(title="Bench", kind="amount", value=2000))
    generate_batch(template.id, 10)  # the first statements prepared, as in a running app
    start = time.perf_counter()
    generate_batch(template.id, args.count)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
