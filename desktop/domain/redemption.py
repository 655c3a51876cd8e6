"""The redemption desk's verb: one entered code in, one verdict out, every entry recorded.

Rules, in the order they are applied:

- A desk that had 5 or more unknown or mistyped entries within the last minute is refused
  for a delay that doubles with each further one (5 s, 10 s, 20 s … at most 5 minutes),
  counted from the last of them; a guesser gets no verdict at all meanwhile.
- Codes are looked up among the coupons our store issued (issuer_uuid == our store's uuid).
  A malformed entry, a wrong check symbol and a well-formed code we never issued get the
  same "unknown" wording, except when exactly one issued code is a single edit away: then
  the entry is a typo and the verdict names that code.
- A coupon is redeemed by a conditional UPDATE (… WHERE redeemed_at IS NULL AND voided_at
  IS NULL) inside a transaction, and its row count decides: two tills redeeming the same
  code at once give exactly one success. The same code redeemed at the same desk within
  2 seconds (a scanner sending twice) is a calm "already done just now", still ok.
- `expires_at` is the first instant the coupon is no longer valid; "expired on" names the
  local date of the instant before it.
- `undo` puts a redemption back within 5 minutes, at the desk that made it, and writes the
  audit log.
"""

import datetime as dt
import json
import socket
from dataclasses import dataclass, replace

from db.models import (
    AuditLog,
    Coupon,
    CouponTemplate,
    Member,
    RedemptionAttempt,
    Staff,
    database,
    utcnow,
)
from desktop.domain import coupon_codes
from desktop.domain.coupons import describe
from desktop.domain.member_listing import local_time
from desktop.domain.money import format_yuan
from desktop.domain.purchases import validate_amount
from desktop.domain.store import current_store
from desktop.i18n import tr

THROTTLE_AFTER = 5  # unknown or mistyped entries within THROTTLE_WINDOW
THROTTLE_WINDOW = dt.timedelta(minutes=1)
THROTTLE_FIRST_DELAY = 5  # seconds; doubles with each further bad entry
THROTTLE_MAX_DELAY = 300
DUPLICATE_WINDOW = dt.timedelta(seconds=2)
UNDO_WINDOW = dt.timedelta(minutes=5)
ENTERED_LENGTH = 40
BAD_VERDICTS = ("unknown", "typo")


@dataclass(frozen=True)
class Verdict:
    """What the desk shows for one entry; `reason` is a stable key, `message` translated."""

    ok: bool
    reason: str  # redeemed | duplicate_scan | already_redeemed | expired | not_yet_valid |
    # below_min_spend | voided | typo | unknown | throttled
    message: str
    code: str | None = None  # display form (K7QM-3XHP-9TRD) of the coupon found
    attempt_id: int | None = None
    title: str = ""
    value_text: str = ""
    member_name: str = ""
    amount_cents: int | None = None  # the bill given with this entry
    min_spend_cents: int = 0
    redeemed_at: dt.datetime | None = None  # local time, when already redeemed
    redeemed_by: str = ""  # staff name, else the desk
    valid_from: dt.date | None = None
    expires_on: dt.date | None = None
    suggestion: str | None = None  # display form, for a typo
    wait_seconds: int = 0  # for throttled


@dataclass(frozen=True)
class UndoOutcome:
    """The answer to an undo: ok, or the reason it was refused (translated message)."""

    ok: bool
    reason: str  # undone | not_found | other_desk | too_late | already_undone
    message: str
    code: str | None = None


def this_desk() -> str:
    """The desk name of this computer (its host name), as attempts record it."""
    return (socket.gethostname() or "desk")[:40]


def redeem(entered: str, desk: str, staff_id: int | None = None,
           amount_cents: int | None = None, now: dt.datetime | None = None) -> Verdict:
    """Judge and, when valid, redeem the code in `entered`; the attempt is recorded.

    A bill amount that no bill can have raises InvalidInput before anything is written.
    """
    if amount_cents is not None:
        validate_amount(amount_cents)
    now = now or utcnow()
    record = _Recorder(entered, desk, staff_id, now)
    wait = throttle_wait(desk, now)
    if wait:
        return record(Verdict(False, "throttled", _throttled_message(wait), wait_seconds=wait))
    store = current_store()
    issuer = store.uuid
    code = coupon_codes.normalise(entered)
    coupon = _find(issuer, code) if coupon_codes.is_valid(code) else None
    if coupon is None:
        suggestion = _suggestion(issuer, code)
        if suggestion is None:
            return record(Verdict(False, "unknown", tr(
                "redemption", "Unknown code. Check the code and try again.")))
        shown = coupon_codes.display(suggestion)
        return record(Verdict(False, "typo", tr(
            "redemption", "Looks like a typo. Did you mean {code}?").format(code=shown),
            suggestion=shown))
    refusal = _refusal(coupon, desk, amount_cents, now)
    if refusal is not None:
        return record(refusal, coupon.id)
    # The UPDATE is the transaction's first statement: on SQLite a read before it would pin
    # a snapshot that another till's commit makes stale ("database is locked" at once).
    with database.atomic():
        changed = Coupon.update(
            redeemed_at=now, redeemed_by=staff_id, redeemed_desk=desk[:40],
            redeemed_amount_cents=amount_cents, redeemed_store=store.id,
        ).where((Coupon.id == coupon.id) & Coupon.redeemed_at.is_null()
                & Coupon.voided_at.is_null()).execute()
        if changed == 1:
            message = tr("redemption", "Redeemed.")
            if amount_cents is not None:
                message = tr("redemption", "Redeemed, with a bill of {amount}.").format(
                    amount=format_yuan(amount_cents))
            verdict = _details(coupon, True, "redeemed", message, amount_cents)
            return record(replace(verdict, redeemed_at=local_time(now)), coupon.id)
    # Another till won the race between our look-up and our update: say what it did.
    coupon = Coupon.get_by_id(coupon.id)
    refusal = _refusal(coupon, desk, amount_cents, now) or _details(
        coupon, False, "already_redeemed", tr("redemption", "Already redeemed."), amount_cents)
    return record(refusal, coupon.id)


def throttle_wait(desk: str, now: dt.datetime | None = None) -> int:
    """Seconds `desk` must still wait before its next entry is judged (0: none)."""
    now = now or utcnow()
    bad = list(RedemptionAttempt.select(RedemptionAttempt.at)
               .where((RedemptionAttempt.desk == desk[:40])
                      & (RedemptionAttempt.at > now - THROTTLE_WINDOW)
                      & RedemptionAttempt.verdict.in_(BAD_VERDICTS))
               .order_by(RedemptionAttempt.at.desc()).limit(THROTTLE_AFTER + 8))
    if len(bad) < THROTTLE_AFTER:
        return 0
    delay = min(THROTTLE_FIRST_DELAY * 2 ** (len(bad) - THROTTLE_AFTER), THROTTLE_MAX_DELAY)
    remaining = (bad[0].at + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def undo(attempt_id: int, desk: str, staff_id: int | None = None,
         now: dt.datetime | None = None) -> UndoOutcome:
    """Put the redemption of attempt `attempt_id` back, if this desk made it within 5 minutes."""
    now = now or utcnow()
    attempt = RedemptionAttempt.get_or_none(RedemptionAttempt.id == attempt_id)
    if attempt is None or attempt.verdict != "redeemed" or attempt.coupon_id is None:
        return UndoOutcome(False, "not_found", tr(
            "redemption", "There is no redemption to undo."))
    coupon = Coupon.get_by_id(attempt.coupon_id)
    code = coupon_codes.display(coupon.code)
    if attempt.undone_at is not None:
        return UndoOutcome(False, "already_undone", tr(
            "redemption", "This redemption was already undone."), code)
    if attempt.desk != desk[:40]:
        return UndoOutcome(False, "other_desk", tr(
            "redemption", "Only the desk that redeemed this coupon can undo it."), code)
    if now - attempt.at > UNDO_WINDOW:
        return UndoOutcome(False, "too_late", tr(
            "redemption", "Too late to undo: a redemption can be undone within 5 minutes."),
            code)
    with database.atomic() as transaction:
        changed = Coupon.update(
            redeemed_at=None, redeemed_by=None, redeemed_desk="", redeemed_amount_cents=None,
            redeemed_store=None,
        ).where((Coupon.id == coupon.id) & (Coupon.redeemed_at == attempt.at)
                & (Coupon.redeemed_desk == attempt.desk)).execute()
        marked = RedemptionAttempt.update(undone_at=now).where(
            (RedemptionAttempt.id == attempt.id)
            & RedemptionAttempt.undone_at.is_null()).execute()
        if changed != 1 or marked != 1:
            transaction.rollback()
            return UndoOutcome(False, "already_undone", tr(
                "redemption", "This redemption was already undone."), code)
        AuditLog.create(at=now, staff=staff_id, action="coupon_redemption_undone",
                        entity="coupon", entity_id=coupon.id,
                        details=json.dumps({"attempt": attempt.id, "desk": attempt.desk}))
    return UndoOutcome(True, "undone", tr(
        "redemption", "Undone: {code} can be redeemed again.").format(code=code), code)


class _Recorder:
    """Writes the RedemptionAttempt of one entry and puts its id on the verdict."""

    def __init__(self, entered: str, desk: str, staff_id: int | None, now: dt.datetime):
        self.entered = (entered or "")[:ENTERED_LENGTH]
        self.desk = desk[:40]
        self.staff_id = staff_id
        self.now = now

    def __call__(self, verdict: Verdict, coupon_id: int | None = None) -> Verdict:
        attempt = RedemptionAttempt.create(
            at=self.now, desk=self.desk, entered=self.entered, verdict=verdict.reason,
            coupon=coupon_id, staff=self.staff_id)
        return replace(verdict, attempt_id=attempt.id)


def _find(issuer: str, code: str) -> Coupon | None:
    return (Coupon.select().where((Coupon.issuer_uuid == issuer) & (Coupon.code == code))
            .first())


def _suggestion(issuer: str, code: str) -> str | None:
    """The one issued code a single edit away from `code`; None when none or several are."""
    candidates = list(coupon_codes.single_edits(code))
    if not candidates:
        return None
    found = [row.code for row in Coupon.select(Coupon.code).where(
        (Coupon.issuer_uuid == issuer) & Coupon.code.in_(candidates)).limit(2)]
    return found[0] if len(found) == 1 else None


def _refusal(coupon: Coupon, desk: str, amount_cents: int | None,
             now: dt.datetime) -> Verdict | None:
    """Why `coupon` cannot be redeemed now (or the calm duplicate); None when it can."""
    if coupon.voided_at is not None:
        return _details(coupon, False, "voided", tr("redemption", "This coupon was voided."),
                        amount_cents)
    if coupon.redeemed_at is not None:
        if coupon.redeemed_desk == desk[:40] and now - coupon.redeemed_at <= DUPLICATE_WINDOW:
            return _details(coupon, True, "duplicate_scan", tr(
                "redemption", "Already done just now: nothing more to do."), amount_cents)
        verdict = _details(coupon, False, "already_redeemed", "", amount_cents)
        when = verdict.redeemed_at
        message = tr("redemption", "Already redeemed on {date} at {time} by {who}.").format(
            date=when.date().isoformat(), time=when.strftime("%H:%M"), who=verdict.redeemed_by)
        return replace(verdict, message=message)
    if coupon.valid_from is not None and now < coupon.valid_from:
        verdict = _details(coupon, False, "not_yet_valid", "", amount_cents)
        return replace(verdict, message=tr("redemption", "Not valid before {date}.").format(
            date=verdict.valid_from.isoformat()))
    if coupon.expires_at is not None and now >= coupon.expires_at:
        verdict = _details(coupon, False, "expired", "", amount_cents)
        return replace(verdict, message=tr("redemption", "Expired on {date}.").format(
            date=verdict.expires_on.isoformat()))
    minimum = coupon.template.min_spend_cents
    if amount_cents is not None and amount_cents < minimum:
        return _details(coupon, False, "below_min_spend", tr(
            "redemption", "Needs a bill of at least {minimum}; this bill is {amount}.").format(
            minimum=format_yuan(minimum), amount=format_yuan(amount_cents)), amount_cents)
    return None


def _details(coupon: Coupon, ok: bool, reason: str, message: str,
             amount_cents: int | None) -> Verdict:
    """A verdict about `coupon` with what the screen shows of it."""
    template = CouponTemplate.get_by_id(coupon.template_id)
    member = Member.get_or_none(Member.id == coupon.member_id) if coupon.member_id else None
    by = ""
    if coupon.redeemed_at is not None:
        staff = Staff.get_or_none(Staff.id == coupon.redeemed_by_id) \
            if coupon.redeemed_by_id else None
        by = staff.name if staff is not None else coupon.redeemed_desk
    expires_on = None
    if coupon.expires_at is not None:
        expires_on = local_time(coupon.expires_at - dt.timedelta(microseconds=1)).date()
    return Verdict(
        ok=ok, reason=reason, message=message, code=coupon_codes.display(coupon.code),
        title=template.title, value_text=describe(template).value,
        member_name=member.name if member is not None else "",
        amount_cents=amount_cents, min_spend_cents=template.min_spend_cents,
        redeemed_at=local_time(coupon.redeemed_at), redeemed_by=by,
        valid_from=local_time(coupon.valid_from).date() if coupon.valid_from else None,
        expires_on=expires_on)


def _throttled_message(wait: int) -> str:
    return tr("redemption", "Too many unknown codes at this desk. Wait {seconds} s before the "
                            "next code.").format(seconds=wait)
