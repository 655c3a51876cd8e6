"""`shopcircle coupons print BATCH --out FILE.pdf [--per-page 8|10]`: printable sheets."""

import os
import sys

from desktop.cli.parser import file_path
from desktop.i18n import tr


def add_print_parser(sub) -> None:
    """Register `coupons print` under the `coupons` subcommands."""
    parser = sub.add_parser(
        "print", help=tr("cli", "A4 sheets of a batch's coupons as PDF"),
        description=tr("cli", "Write the coupons of a batch (its id or uuid) as A4 sheets "
                              "with cut marks. Exit code 1 when the batch does not exist."))
    parser.add_argument("batch", metavar="BATCH", help=tr("cli", "the batch id or uuid"))
    parser.add_argument("--out", type=file_path, required=True, metavar="FILE.pdf",
                        help=tr("cli", "the PDF to write"))
    parser.add_argument("--per-page", type=int, choices=(8, 10), default=8,
                        help=tr("cli", "coupons on each page (default 8)"))
    parser.set_defaults(run=run_print)


def run_print(args, ctx) -> int:
    """Read the batch, then paint its sheets to the PDF."""
    ctx.open_database()
    from desktop.printing.batch_cards import batch_cards

    cards = batch_cards(args.batch)
    app = gui_application()  # noqa: F841 - kept alive while the pages are painted
    from desktop.printing.coupon_sheets import write_pdf

    result = write_pdf(cards, args.out, args.per_page,
                       progress=lambda done, total: ctx.note(
                           tr("cli", "Page {done} of {total}").format(done=done, total=total))
                       if done % 100 == 0 else None)
    ctx.answer({"pages": result.pages, "path": str(result.path)},
               tr("cli", "{count} coupons on {pages} pages written to {path}.").format(
                   count=len(cards), pages=result.pages, path=result.path))
    return 0


def gui_application():
    """Fonts and painting need a QGuiApplication; with no display, the offscreen platform."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["shopcircle"])
