"""Purchases, refunds and the points they earn: the ledger stays the truth, caches follow.

Rules, each applied in one transaction with the member's caches (points, total spent, visit
count, first purchase, last visit) and tier:

- A purchase earns floor(yuan) × `points_per_yuan` points (38.50 元 at 1 point per yuan: 38),
  as one ledger line tied to the purchase; with `points_expire_days` > 0 that line expires
  that many days after the purchase (0 or unset: points never expire).
- A refund is its own purchase row (negative amount, `refund_of` the purchase) and takes back
  exactly what is left of the points that purchase earned (earned minus any part of them
  that already expired) with one negative ledger line tied to the refund. A purchase is
  refunded at most once and in full; a refund cannot be refunded.
- Points already spent are still taken back: the balance may go below zero, and later
  purchases fill the hole. The shop can always give the money back, and nobody keeps the
  points of a purchase they returned.
- Expiry (`expire_points`): points are spent oldest first, so each expired purchase line
  loses what of it is neither spent, refunded nor expired yet, with one "expiry" ledger line
  tied to that purchase; expiry never takes the balance below zero. The window runs it once
  a day (`expire_points_if_due`), whatever `points_expire_days` says now: points stamped
  with an expiry date while the rule was on still expire.
"""

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from peewee import fn

from db.models import AuditLog, Member, PointsEntry, Purchase, database, utcnow
from desktop.domain import settings
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.phones import normalise_phone
from desktop.domain.store import current_store
from desktop.domain.tiers import recompute_tier
from desktop.i18n import tr, tr_noop

MAX_AMOUNT_CENTS = 100_000_000  # one million yuan: larger is a typing mistake
NOTE_LENGTH = 200
_SPENDING = ("purchase", "refund", "expiry")  # reasons that are not spending points


class PurchaseRefused(DomainError):
    """A refusal of this module; its templates are in the "purchases" translation context."""

    context = "purchases"


class MemberNotFound(PurchaseRefused):
    """No live member has this phone."""

    template = tr_noop("purchases", "No member has the phone number {phone}.")
    error_code = "member_not_found"


class PurchaseNotFound(PurchaseRefused):
    """No purchase has this id."""

    template = tr_noop("purchases", "There is no purchase number {id}.")
    error_code = "purchase_not_found"


class AlreadyRefunded(PurchaseRefused):
    """The purchase was refunded before; a purchase is refunded once."""

    template = tr_noop("purchases", "Purchase {id} was already refunded (refund {refund}).")
    error_code = "already_refunded"


class NotRefundable(PurchaseRefused):
    """The row is itself a refund."""

    template = tr_noop("purchases", "Purchase {id} is a refund; a refund cannot be refunded.")
    error_code = "not_refundable"


@dataclass(frozen=True)
class PurchaseResult:
    """A recorded purchase: its id, the points it earned and the member's new balance."""

    id: int
    points: int
    member_points: int


@dataclass(frozen=True)
class RefundResult:
    """A recorded refund: its id, the points taken back (≤ 0) and the member's new balance."""

    id: int
    points: int
    member_points: int


def parse_amount(text: str) -> int:
    """A typed amount in yuan ('38.5', '¥1,200', '３８元') as fen; InvalidInput otherwise."""
    cleaned = unicodedata.normalize("NFKC", str(text or "")).strip()
    cleaned = cleaned.removeprefix("¥").removesuffix("元").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _amount_problem(tr("purchases", "enter an amount in yuan, like 38.5"))
    cents = value * 100
    if cents != cents.to_integral_value():
        raise _amount_problem(tr("purchases", "at most two decimals (fen)"))
    return validate_amount(int(cents))


def validate_amount(amount_cents: int) -> int:
    """An amount in fen that a purchase may have: more than 0, at most one million yuan."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise _amount_problem(tr("purchases", "enter an amount in yuan, like 38.5"))
    if amount_cents <= 0:
        raise _amount_problem(tr("purchases", "must be more than 0"))
    if amount_cents > MAX_AMOUNT_CENTS:
        raise _amount_problem(tr("purchases", "at most 1,000,000 yuan"))
    return amount_cents


def points_for(amount_cents: int) -> int:
    """Points a purchase of `amount_cents` earns: whole yuan × the points-per-yuan setting."""
    per_yuan = max(0, int(settings.get_setting("points_per_yuan") or 0))
    return amount_cents // 100 * per_yuan


def member_by_phone(text: str) -> Member:
    """The live member with this phone (any typed form); MemberNotFound if there is none."""
    phone = normalise_phone(text)
    member = Member.get_or_none(
        (Member.phone == phone) & Member.anonymised_at.is_null() & Member.merged_into.is_null())
    if member is None:
        raise MemberNotFound(phone=phone)
    return member


def record_purchase(member_id: int, amount_cents: int, note: str = "",
                    staff_id: int | None = None, at: dt.datetime | None = None) -> PurchaseResult:
    """Record a purchase, its points and the member's caches and tier in one transaction."""
    validate_amount(amount_cents)
    note = _clean_note(note)
    at = at or utcnow()
    points = points_for(amount_cents)
    expire_days = int(settings.get_setting("points_expire_days") or 0)
    expires_at = at + dt.timedelta(days=expire_days) if expire_days > 0 else None
    store = current_store()
    with database.atomic():
        member = _locked_member(member_id)
        if member.anonymised_at is not None or member.merged_into_id is not None:
            raise InvalidInput(field=tr("purchases", "Member"),
                               problem=tr("purchases", "this member was deleted or merged"))
        purchase = Purchase.create(member=member.id, store=store.id, staff=staff_id,
                                   amount_cents=amount_cents, at=at, note=note,
                                   points_earned=points)
        PointsEntry.create(member=member.id, delta=points, reason="purchase",
                           purchase=purchase.id, at=at, expires_at=expires_at)
        first = member.first_purchase_at
        last = member.last_visit_at
        Member.update(
            points=Member.points + points,
            total_spent_cents=Member.total_spent_cents + amount_cents,
            visit_count=Member.visit_count + 1,
            first_purchase_at=at if first is None or at < first else first,
            last_visit_at=at if last is None or at > last else last,
        ).where(Member.id == member.id).execute()
        member = Member.get_by_id(member.id)
        recompute_tier(member)
    return PurchaseResult(purchase.id, points, member.points)


def refund_purchase(purchase_id: int, staff_id: int | None = None,
                    at: dt.datetime | None = None) -> RefundResult:
    """Refund a purchase in full and take back what is left of its points (one transaction).

    Refuses a refund (NotRefundable), a purchase refunded before (AlreadyRefunded) and an
    unknown id (PurchaseNotFound). The balance may go below zero if the points were spent.
    """
    original = Purchase.get_or_none(Purchase.id == purchase_id)
    if original is None:
        raise PurchaseNotFound(id=purchase_id)
    if original.refund_of_id is not None:
        raise NotRefundable(id=purchase_id)
    at = at or utcnow()
    with database.atomic():
        _locked_member(original.member_id)  # serialises refunds of this member's purchases
        earlier = Purchase.get_or_none(Purchase.refund_of == original.id)
        if earlier is not None:
            raise AlreadyRefunded(id=purchase_id, refund=earlier.id)
        remaining = (PointsEntry.select(fn.SUM(PointsEntry.delta))
                     .where(PointsEntry.purchase == original.id).scalar() or 0)
        delta = -max(0, remaining)
        expires_at = (PointsEntry.select(PointsEntry.expires_at)
                      .where((PointsEntry.purchase == original.id)
                             & (PointsEntry.reason == "purchase")).scalar())
        refund = Purchase.create(
            member=original.member_id, store=original.store_id, staff=staff_id,
            amount_cents=-original.amount_cents, at=at, refund_of=original.id,
            note=tr("purchases", "Refund of purchase {id}").format(id=original.id)[:NOTE_LENGTH],
            points_earned=delta)
        PointsEntry.create(member=original.member_id, delta=delta, reason="refund",
                           purchase=refund.id, at=at, expires_at=expires_at)
        Member.update(
            points=Member.points + delta,
            total_spent_cents=Member.total_spent_cents - original.amount_cents,
        ).where(Member.id == original.member_id).execute()
        member = Member.get_by_id(original.member_id)
        recompute_tier(member)
        AuditLog.create(staff=staff_id, action="purchase_refund", entity="purchase",
                        entity_id=refund.id,
                        details=json.dumps({"purchase": original.id, "points": delta}))
    return RefundResult(refund.id, delta, member.points)


def expire_points(now: dt.datetime | None = None) -> int:
    """Apply expiry to every member with expired purchase points; returns the points removed.

    Spending (redemptions and other negative lines) uses a member's purchase points oldest
    first; each expired purchase line loses what is left of it after that spending, its
    refund and earlier expiry. Running it again removes nothing more.
    """
    now = now or utcnow()
    done = PointsEntry.alias()
    handled = done.select(done.id).where(
        (done.purchase == PointsEntry.purchase) & (done.reason == "expiry"))
    refund = Purchase.alias()
    refunded = refund.select(refund.id).where(refund.refund_of == PointsEntry.purchase)
    candidates = (PointsEntry.select(PointsEntry.member).distinct()
                  .where((PointsEntry.reason == "purchase")
                         & PointsEntry.expires_at.is_null(False)
                         & (PointsEntry.expires_at <= now)
                         & ~fn.EXISTS(handled) & ~fn.EXISTS(refunded)))
    removed = 0
    for member_id in [row.member_id for row in candidates]:
        with database.atomic():
            removed += _expire_member(_locked_member(member_id), now)
    return removed


@dataclass(frozen=True)
class ExpiryRun:
    """One daily expiry run: the shop's local date it ran for and the points it took off."""

    day: dt.date
    removed: int


def expire_points_if_due(now: dt.datetime | None = None) -> ExpiryRun | None:
    """Run expire_points once per local day; None when it already ran today.

    The day is remembered in the `points_expiry_last_run` setting only after the run
    succeeds, so a failed run is tried again at the next start. Two PCs sharing a database
    may both run on the same day: expire_points removes nothing twice.
    """
    now = now or utcnow()
    today = now.replace(tzinfo=dt.UTC).astimezone().date()  # the shop's day, not UTC's
    if settings.get_setting("points_expiry_last_run") == today.isoformat():
        return None
    removed = expire_points(now)
    settings.set_setting("points_expiry_last_run", today.isoformat())
    return ExpiryRun(today, removed)


def _expire_member(member: Member, now: dt.datetime) -> int:
    refunded = dict(Purchase.select(Purchase.id, Purchase.refund_of)
                    .where((Purchase.member == member.id) & Purchase.refund_of.is_null(False))
                    .tuples())  # refund row id -> the purchase it refunds
    entries = (PointsEntry.select()
               .where(PointsEntry.member == member.id)
               .order_by(PointsEntry.at, PointsEntry.id))
    lots: dict[int, list] = {}  # purchase id -> [earned line, what is left of it]
    spent = 0
    for entry in entries:
        if entry.reason == "purchase" and entry.purchase_id is not None:
            lots[entry.purchase_id] = [entry, entry.delta]
        elif entry.reason == "expiry" and entry.purchase_id in lots:
            lots[entry.purchase_id][1] += entry.delta
        elif entry.reason == "refund" and refunded.get(entry.purchase_id) in lots:
            lots[refunded[entry.purchase_id]][1] += entry.delta
        elif entry.delta < 0 and entry.reason not in _SPENDING:
            spent -= entry.delta
    balance = max(0, member.points)
    removed = 0
    for purchase_id, (earned, left) in lots.items():  # oldest first
        used = min(max(0, left), spent)
        spent -= used
        left -= used
        expired = earned.expires_at is not None and earned.expires_at <= now
        amount = min(max(0, left), balance)
        if expired and amount > 0:
            PointsEntry.create(member=member.id, delta=-amount, reason="expiry",
                               purchase=purchase_id, at=now,
                               note=tr("purchases", "Points expired"))
            balance -= amount
            removed += amount
    if removed:
        Member.update(points=Member.points - removed).where(Member.id == member.id).execute()
        recompute_tier(Member.get_by_id(member.id))
    return removed


def _locked_member(member_id: int) -> Member:
    """The member row, locked for this transaction by a no-op update (portable FOR UPDATE)."""
    if not Member.update(points=Member.points).where(Member.id == member_id).execute():
        raise InvalidInput(field=tr("purchases", "Member"),
                           problem=tr("purchases", "this member does not exist"))
    return Member.get_by_id(member_id)


def _clean_note(note: str) -> str:
    cleaned = "".join(ch for ch in (note or "") if ch.isprintable()).strip()
    if len(cleaned) > NOTE_LENGTH:
        raise InvalidInput(field=tr("purchases", "Note"),
                           problem=tr("purchases", "at most 200 characters"))
    return cleaned


def _amount_problem(problem: str) -> InvalidInput:
    return InvalidInput(field=tr("purchases", "Amount"), problem=problem)
