"""One member in detail: profile, consents, source, referrals, and paged purchases and ledger.

The detail is what the members page's side panel shows. Purchases and ledger lines come a
page at a time, newest first (keyset on id, so a member with years of visits costs one page),
because a regular's history grows without bound.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from peewee import JOIN, fn

from db.models import Consent, EntryPoint, Member, PointsEntry, Purchase, Staff
from desktop.domain.members import MemberNotFound, MemberRecord, get_member

CONSENT_KINDS = ("marketing", "partner_sharing")  # the kinds every member is asked about
RECENT_REFERRALS = 10
DEFAULT_LIMIT = 50
MAX_LIMIT = 500

Line = TypeVar("Line")


@dataclass(frozen=True)
class ConsentState:
    """Where one kind of consent stands: its newest record (the history is never rewritten)."""

    kind: str  # marketing | partner_sharing
    given: bool  # False: withdrawn or refused
    at: dt.datetime
    source: str  # page | counter | import | cli | request
    policy_version: str
    entry_point: str  # the entry point it was recorded through, '' when none


@dataclass(frozen=True)
class SourceEntry:
    """The entry point a member joined through."""

    id: int
    name: str
    kind: str  # page | form | url | counter | referral


@dataclass(frozen=True)
class MemberLink:
    """Another member the detail points at: the referrer or one referral."""

    id: int
    name: str
    joined: dt.datetime
    live: bool  # False once deleted on request or merged away: shown, not opened


@dataclass(frozen=True)
class MemberDetail:
    """Everything the detail panel shows about a live member, except the paged histories."""

    profile: MemberRecord  # also tier, points, total spent, visits and last visit
    consents: tuple[ConsentState, ...]  # one per kind on record, CONSENT_KINDS first
    source_entry: SourceEntry | None
    signup_source: str  # how the first consent was recorded (counter, page …), '' if none
    referrer: MemberLink | None
    referral_count: int
    recent_referrals: tuple[MemberLink, ...]  # newest first, at most RECENT_REFERRALS

    def consent(self, kind: str) -> ConsentState | None:
        """The state of consent `kind`, None when the member was never asked."""
        return next((c for c in self.consents if c.kind == kind), None)


@dataclass(frozen=True)
class PurchaseLine:
    """One purchase or refund in a member's history."""

    id: int
    at: dt.datetime
    amount_cents: int  # negative for a refund
    points: int  # earned by a purchase; taken back by a refund (≤ 0)
    note: str
    staff: str  # '' when not recorded
    refund_of: int | None  # a refund: the purchase it reverses
    refunded_by: int | None  # a purchase: the refund that reversed it, None if none

    @property
    def is_refund(self) -> bool:
        return self.refund_of is not None

    @property
    def refundable(self) -> bool:
        """A purchase not refunded yet (a refund itself is never refunded)."""
        return self.refund_of is None and self.refunded_by is None


@dataclass(frozen=True)
class LedgerLine:
    """One line of the points ledger."""

    id: int
    at: dt.datetime
    delta: int
    reason: str  # purchase | refund | expiry | redemption | referral | adjustment | import
    note: str
    purchase_id: int | None
    expires_at: dt.datetime | None  # when the points of a purchase line expire


@dataclass(frozen=True)
class HistoryPage(Generic[Line]):
    """A page of lines, newest first; pass next_before back as `before` (None: no more)."""

    lines: tuple[Line, ...]
    next_before: int | None


def member_detail(member_id: int) -> MemberDetail:
    """The detail of a live member; MemberNotFound when none, deleted on request or merged."""
    profile = get_member(member_id)
    if profile.anonymised_at is not None or profile.merged_into_id is not None:
        raise MemberNotFound(id=member_id)
    source_entry = None
    if profile.source_entry_id is not None:
        entry = EntryPoint.get_by_id(profile.source_entry_id)
        source_entry = SourceEntry(entry.id, entry.name, entry.kind)
    referrer = None
    if profile.referrer_id is not None:
        referrer = _link(Member.get_by_id(profile.referrer_id))
    referrals = Member.select().where(
        (Member.referrer == member_id) & Member.merged_into.is_null())
    recent = referrals.order_by(Member.created_at.desc(), Member.id.desc()).limit(
        RECENT_REFERRALS)
    consents = _consent_history(member_id)
    return MemberDetail(
        profile=profile, consents=_current_consents(consents), source_entry=source_entry,
        signup_source=consents[-1].source if consents else "", referrer=referrer,
        referral_count=referrals.count(), recent_referrals=tuple(_link(m) for m in recent))


def member_purchases(member_id: int, limit: int = DEFAULT_LIMIT,
                     before: int | None = None) -> HistoryPage[PurchaseLine]:
    """Purchases and refunds of a live member with id below `before`, newest first."""
    _require_live(member_id)
    refund = Purchase.alias()
    refunded_by = (refund.select(fn.MIN(refund.id)).where(refund.refund_of == Purchase.id))
    query = (Purchase.select(Purchase, Staff.name.alias("staff_name"),
                             refunded_by.alias("refunded_by"))
             .join(Staff, JOIN.LEFT_OUTER, on=(Purchase.staff == Staff.id))
             .where(Purchase.member == member_id))
    if before is not None:
        query = query.where(Purchase.id < before)
    rows = list(query.order_by(Purchase.id.desc()).limit(_clamped(limit) + 1).objects())
    lines = tuple(PurchaseLine(
        id=row.id, at=row.at, amount_cents=row.amount_cents, points=row.points_earned,
        note=row.note, staff=row.staff_name or "", refund_of=row.refund_of_id,
        refunded_by=row.refunded_by) for row in rows)
    return _page(lines, limit)


def points_ledger(member_id: int, limit: int = DEFAULT_LIMIT,
                  before: int | None = None) -> HistoryPage[LedgerLine]:
    """Ledger lines of a live member with id below `before`, newest first."""
    _require_live(member_id)
    query = PointsEntry.select().where(PointsEntry.member == member_id)
    if before is not None:
        query = query.where(PointsEntry.id < before)
    rows = query.order_by(PointsEntry.id.desc()).limit(_clamped(limit) + 1)
    lines = tuple(LedgerLine(
        id=row.id, at=row.at, delta=row.delta, reason=row.reason, note=row.note,
        purchase_id=row.purchase_id, expires_at=row.expires_at) for row in rows)
    return _page(lines, limit)


def _require_live(member_id: int) -> None:
    live = Member.select(Member.id).where(
        (Member.id == member_id) & Member.anonymised_at.is_null() & Member.merged_into.is_null())
    if not live.exists():
        raise MemberNotFound(id=member_id)


def _consent_history(member_id: int) -> list[Consent]:
    """Every consent record of the member, newest first (a member has a handful)."""
    return list(Consent.select(Consent, EntryPoint.name.alias("entry_name"))
                .join(EntryPoint, JOIN.LEFT_OUTER, on=(Consent.entry_point == EntryPoint.id))
                .where(Consent.member == member_id)
                .order_by(Consent.at.desc(), Consent.id.desc()).objects())


def _current_consents(history: list[Consent]) -> tuple[ConsentState, ...]:
    newest: dict[str, Consent] = {}
    for record in history:
        newest.setdefault(record.kind, record)
    order = [kind for kind in CONSENT_KINDS if kind in newest]
    order += sorted(kind for kind in newest if kind not in CONSENT_KINDS)
    return tuple(ConsentState(
        kind=kind, given=newest[kind].given, at=newest[kind].at, source=newest[kind].source,
        policy_version=newest[kind].policy_version,
        entry_point=newest[kind].entry_name or "",
    ) for kind in order)


def _link(member: Member) -> MemberLink:
    live = member.anonymised_at is None and member.merged_into_id is None
    return MemberLink(member.id, member.name, member.created_at, live)


def _clamped(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _page(lines: tuple, limit: int) -> HistoryPage:
    """The first `limit` lines, and the cursor of the next page when one more was read."""
    limit = _clamped(limit)
    if len(lines) > limit:
        return HistoryPage(lines[:limit], lines[limit - 1].id)
    return HistoryPage(lines, None)
