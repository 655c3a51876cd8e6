"""Qt table models over a member's purchases and points ledger, paged off the UI thread.

Each model holds the lines fetched so far, newest first. The panel hands it the first page
(read with the member's detail); when the view scrolls to the end, `fetchMore` reads the next
page on the database thread and appends it, unless the model was reset to another member
in between.
"""

import datetime as dt
from collections.abc import Callable

from desktop.domain.member_detail import (
    HistoryPage,
    LedgerLine,
    PurchaseLine,
    member_purchases,
    points_ledger,
)
from desktop.domain.money import format_yuan
from desktop.i18n import tr, tr_noop
from desktop.views.members.model import local_date, relative_hint
from desktop.views.paged_model import PagedTableModel

PAGE_SIZE = 50

# Ledger reasons as the shop owner reads them; an unknown reason shows as stored.
REASONS = {
    "purchase": tr_noop("MemberHistory", "Purchase"),
    "refund": tr_noop("MemberHistory", "Refund"),
    "expiry": tr_noop("MemberHistory", "Expired"),
    "redemption": tr_noop("MemberHistory", "Redeemed"),
    "referral": tr_noop("MemberHistory", "Referral reward"),
    "adjustment": tr_noop("MemberHistory", "Adjustment"),
    "import": tr_noop("MemberHistory", "Imported balance"),
}


def local_time(moment: dt.datetime) -> str:
    """A stored naive-UTC time as the shop's local date and minute."""
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def signed(number: int) -> str:
    """+38, -38 or 0, with thousands separators."""
    return f"{number:+,}" if number else "0"


def reason_text(reason: str) -> str:
    """A ledger reason in the current language."""
    return tr("MemberHistory", REASONS[reason]) if reason in REASONS else reason


class HistoryModel(PagedTableModel):
    """Lines of one member's history, newest first, fetched a page at a time."""

    header_context = "MemberHistory"

    def __init__(self, reader: Callable[..., HistoryPage], parent=None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._reader = reader
        self._page_size = page_size
        self._member_id: int | None = None

    def reset(self, member_id: int | None, page: HistoryPage | None) -> None:
        """Show `page` (the first page of `member_id`'s lines), or nothing."""
        self._member_id = member_id
        self.show_page(page.lines if page else [], page.next_before if page else None)

    def page_reader(self, cursor):
        reader, member_id, size = self._reader, self._member_id, self._page_size

        def read():
            page = reader(member_id, limit=size, before=cursor)
            return page.lines, page.next_before
        return read


class PurchaseTableModel(HistoryModel):
    """A member's purchases and refunds: date, amount, points, refund state, note."""

    DATE, AMOUNT, POINTS, REFUND, NOTE = range(5)
    headers = (
        tr_noop("MemberHistory", "Date"),
        tr_noop("MemberHistory", "Amount"),
        tr_noop("MemberHistory", "Points"),
        tr_noop("MemberHistory", "Refund"),
        tr_noop("MemberHistory", "Note"),
    )
    right_aligned = frozenset({AMOUNT, POINTS})

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(member_purchases, parent, page_size)

    def display(self, line: PurchaseLine, column: int) -> str:
        if column == self.DATE:
            return local_date(line.at).isoformat()
        if column == self.AMOUNT:
            return format_yuan(line.amount_cents)
        if column == self.POINTS:
            return signed(line.points)
        if column == self.REFUND:
            if line.is_refund:
                return tr("MemberHistory", "Refund")
            return tr("MemberHistory", "Refunded") if line.refunded_by else ""
        if column == self.NOTE:
            return self._note(line)
        return ""

    @staticmethod
    def _note(line: PurchaseLine) -> str:
        if line.is_refund:  # the domain's own note, in the language of the day it was written
            return tr("purchases", "Refund of purchase {id}").format(id=line.refund_of)
        return line.note

    def tooltip(self, line: PurchaseLine, column: int) -> str:
        if column == self.DATE:
            parts = [tr("MemberHistory", "No. {id}").format(id=line.id), local_time(line.at),
                     relative_hint(local_date(line.at))]
            if line.staff:
                parts.append(tr("MemberHistory", "by {name}").format(name=line.staff))
            return " · ".join(parts)
        if column == self.REFUND and line.is_refund:
            return tr("purchases", "Refund of purchase {id}").format(id=line.refund_of)
        if column == self.REFUND and line.refunded_by:
            return tr("MemberHistory", "Refunded by refund {id}").format(id=line.refunded_by)
        if column == self.NOTE:
            return self._note(line)
        return ""

    def muted(self, line: PurchaseLine) -> bool:
        return not line.refundable


class PointsLedgerModel(HistoryModel):
    """A member's points ledger: date, change, reason, note (or when the points expire)."""

    DATE, CHANGE, REASON, NOTE = range(4)
    headers = (
        tr_noop("MemberHistory", "Date"),
        tr_noop("MemberHistory", "Change"),
        tr_noop("MemberHistory", "Reason"),
        tr_noop("MemberHistory", "Note"),
    )
    right_aligned = frozenset({CHANGE})

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(points_ledger, parent, page_size)

    def display(self, line: LedgerLine, column: int) -> str:
        if column == self.DATE:
            return local_date(line.at).isoformat()
        if column == self.CHANGE:
            return signed(line.delta)
        if column == self.REASON:
            return reason_text(line.reason)
        if column == self.NOTE:
            return self._note(line)
        return ""

    def tooltip(self, line: LedgerLine, column: int) -> str:
        if column == self.DATE:
            return f"{local_time(line.at)} · {relative_hint(local_date(line.at))}"
        if column == self.NOTE:
            return self._note(line)
        return ""

    @staticmethod
    def _note(line: LedgerLine) -> str:
        # An expiry line's note is the domain's own "Points expired": the reason says it.
        parts = [line.note] if line.note and line.reason != "expiry" else []
        if line.reason == "purchase" and line.expires_at is not None:
            day = local_date(line.expires_at).isoformat()
            parts.append(tr("MemberHistory", "valid until {date}").format(date=day))
        return " · ".join(parts)
