"""Issuing coupons: printed batches, to members, to a segment, welcome, birthday and referral.

Every call is one transaction that writes one batch row (a welcome or referral coupon joins
the template's running batch of that purpose) and its coupons in bulk. Codes are unique per
issuer: fresh codes that happen to be taken already are drawn again before the insert.

Validity of each coupon comes from its template: fixed dates are the shop's local calendar
days, stored as naive UTC like every time, valid_from the first day's local midnight and
expires_at the local midnight after the last day (the first moment it is no longer valid);
N days from issue is issued_at + N days.
"""

import calendar
import datetime as dt
import json
import uuid
from dataclasses import dataclass

from peewee import fn

from db.bulk import bulk_insert, time_value
from db.models import (
    AuditLog,
    Coupon,
    CouponBatch,
    CouponTemplate,
    Member,
    Partner,
    database,
    utcnow,
)
from desktop.domain import coupon_codes
from desktop.domain.coupons import TemplateNotFound, as_date
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.members import MemberNotFound
from desktop.domain.segments import live_members, local_date, segment_query
from desktop.domain.settings import get_setting
from desktop.domain.store import current_store
from desktop.i18n import tr, tr_noop

MAX_BATCH = 100_000
LOOKUP = 500  # codes or ids per IN (...) query
# Purposes of coupons our store issues; a partner's own coupons ("from_partner") carry
# the partner's issuer uuid and arrive by the partner exchange, not from here.
PURPOSES = ("members", "print", "welcome", "birthday", "referral", "to_partner")
RUNNING_BATCHES = ("welcome", "referral")  # one coupon at a time, gathered per template


class TemplateUnusable(DomainError):
    """The template is archived or its fixed dates are over: no new coupons from it."""

    context = "coupons"
    template = tr_noop("coupons", "The coupon “{title}” (template {id}) cannot be issued any "
                                  "more: {reason}.")
    error_code = "template_unusable"


@dataclass(frozen=True)
class IssueResult:
    """What one issuing call wrote: the batch, and each code (normalised) with its holder."""

    batch_id: int | None  # None when nothing was issued
    batch_uuid: str
    template_id: int
    purpose: str
    codes: tuple[str, ...]
    member_ids: tuple[int | None, ...]  # the holder of each code; None for a printed one

    @property
    def issued(self) -> int:
        """How many coupons were issued."""
        return len(self.codes)


def generate_batch(template_id: int, count: int, purpose: str = "print",
                   partner_id: int | None = None, note: str = "") -> IssueResult:
    """`count` coupons held by no member: to print, or for a partner to hand out."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise InvalidInput(field=tr("coupons", "Count"),
                           problem=tr("coupons", "1 to {most} coupons").format(most=MAX_BATCH))
    if partner_id is not None and Partner.get_or_none(Partner.id == partner_id) is None:
        raise InvalidInput(field=tr("coupons", "Partner"),
                           problem=tr("coupons", "there is no partner {id}").format(
                               id=partner_id))
    return _issue(template_id, purpose, [None] * count, partner_id=partner_id, note=note)


def issue_to_members(template_id: int, member_ids, purpose: str = "members") -> IssueResult:
    """One coupon to each live member in `member_ids` (repeats count once)."""
    wanted = list(dict.fromkeys(member_ids))
    live = set(_live_ids(wanted))
    missing = [member_id for member_id in wanted if member_id not in live]
    if missing:
        raise MemberNotFound(id=missing[0])
    return _issue(template_id, purpose, wanted)


def issue_to_segment(template_id: int, segment_key: str,
                     now: dt.datetime | None = None) -> IssueResult:
    """One coupon to each live member of the segment, in bulk."""
    query = segment_query(segment_key, now).select(Member.id).order_by(Member.id)
    return _issue(template_id, "members", [member_id for (member_id,) in query.tuples()])


def issue_welcome(member_id: int, template_id: int) -> Coupon:
    """The welcome coupon of a sign-up (an entry point's hook); returns the Coupon."""
    result = issue_to_members(template_id, [member_id], purpose="welcome")
    return Coupon.get_by_id(_coupon_id(result))


def issue_referral_reward(referrer_id: int, template_id: int) -> IssueResult:
    """The referrer's reward coupon for bringing a new member."""
    return issue_to_members(template_id, [referrer_id], purpose="referral")


def issue_birthday_coupons(now: dt.datetime | None = None) -> IssueResult | None:
    """Birthday coupons due now: None when the setting names no usable template.

    A live member gets the template of setting `birthday_coupon_template` when their next
    birthday is at most `birthday_coupon_days_before` days away, once per birthday: a
    member with a birthday coupon issued since that birthday's window opened is skipped, so
    running this daily (or twice a day) issues each member one coupon a year.
    """
    template_id = get_setting("birthday_coupon_template")
    if template_id is None:
        return None
    row = CouponTemplate.get_or_none(CouponTemplate.id == template_id)
    if row is None or row.archived_at is not None:
        return None
    now = now or utcnow()
    before = max(0, min(60, int(get_setting("birthday_coupon_days_before") or 0)))
    today = local_date(now)
    upcoming = _upcoming_birthdays(today, before)
    due: list[int] = []
    keys = list(upcoming)
    with database.atomic():
        candidates = list(live_members().select(Member.id, Member.birthday_key).where(
            Member.birthday_key.in_(keys)).tuples())  # at most 62 keys: one query
        last = _last_birthday_coupons([member_id for member_id, _ in candidates],
                                      _utc(today - dt.timedelta(days=before)))
        for member_id, key in candidates:
            opened = _utc(upcoming[key] - dt.timedelta(days=before))
            if member_id not in last or last[member_id] < opened:
                due.append(member_id)
        return _issue(template_id, "birthday", sorted(due), now=now)


def validity(template: CouponTemplate, issued_at: dt.datetime
             ) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(valid_from, expires_at) of a coupon of `template` issued at `issued_at`."""
    if template.valid_days:
        return issued_at, issued_at + dt.timedelta(days=template.valid_days)
    if template.valid_from and template.valid_to:
        first = as_date(template.valid_from)
        last = as_date(template.valid_to)
        return _utc(first), _utc(last + dt.timedelta(days=1))
    return issued_at, None


def _issue(template_id: int, purpose: str, holders: list[int | None],
           partner_id: int | None = None, note: str = "",
           now: dt.datetime | None = None) -> IssueResult:
    if purpose not in PURPOSES:
        raise InvalidInput(field=tr("coupons", "Purpose"),
                           problem=tr("coupons", "choose one of {purposes}").format(
                               purposes=", ".join(PURPOSES)))
    now = now or utcnow()
    with database.atomic():
        template = usable_template(template_id, now)
        if not holders:
            return IssueResult(None, "", template_id, purpose, (), ())
        issuer = current_store().uuid
        batch = _batch(template_id, purpose, partner_id, note, len(holders), now)
        codes = _fresh_codes(issuer, len(holders))
        valid_from, expires_at = validity(template, now)
        at, start, end = time_value(now), time_value(valid_from), time_value(expires_at)
        bulk_insert(Coupon, ("code", "issuer_uuid", "template_id", "batch_id", "member_id",
                             "issued_at", "valid_from", "expires_at", "redeemed_desk",
                             "void_reason"),
                    [(code, issuer, template_id, batch.id, holder, at, start, end, "", "")
                     for code, holder in zip(codes, holders, strict=True)],
                    convert_times=False)
        AuditLog.create(action="coupons_issued", entity="coupon_batch", entity_id=batch.id,
                        details=json.dumps({"count": len(codes), "purpose": purpose,
                                            "template": template_id}, sort_keys=True))
    return IssueResult(batch.id, batch.uuid, template_id, purpose, tuple(codes),
                       tuple(holders))


def usable_template(template_id: int, now: dt.datetime) -> CouponTemplate:
    """The template, if it can issue coupons at `now`; TemplateNotFound or TemplateUnusable."""
    template = CouponTemplate.get_or_none(CouponTemplate.id == template_id)
    if template is None:
        raise TemplateNotFound(id=template_id)
    if template.archived_at is not None:
        raise TemplateUnusable(id=template_id, title=template.title,
                               reason=tr("coupons", "it is archived"))
    if template.valid_to and as_date(template.valid_to) < local_date(now):
        raise TemplateUnusable(id=template_id, title=template.title, reason=tr(
            "coupons", "its last valid day, {day}, is over").format(
                day=as_date(template.valid_to).isoformat()))
    return template


def _batch(template_id: int, purpose: str, partner_id: int | None, note: str, count: int,
           now: dt.datetime) -> CouponBatch:
    if purpose in RUNNING_BATCHES:
        batch = (CouponBatch.select().where((CouponBatch.template == template_id)
                                            & (CouponBatch.purpose == purpose))
                 .order_by(CouponBatch.id).first())
        if batch is not None:
            CouponBatch.update(count=CouponBatch.count + count).where(
                CouponBatch.id == batch.id).execute()
            return batch
    return CouponBatch.create(uuid=str(uuid.uuid4()), template=template_id, purpose=purpose,
                              partner=partner_id, count=count, note=(note or "")[:200],
                              created_at=now)


def _fresh_codes(issuer: str, count: int) -> list[str]:
    """`count` new codes none of which the issuer has used; collisions are drawn again."""
    codes = coupon_codes.new_codes(count)
    while True:
        taken = _taken(issuer, codes)
        if not taken:
            return codes
        kept = [code for code in codes if code not in taken]
        codes = kept + coupon_codes.new_codes(len(taken), taken=set(codes))


def _taken(issuer: str, codes: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(codes), LOOKUP):
        chunk = codes[start:start + LOOKUP]
        taken.update(code for (code,) in Coupon.select(Coupon.code).where(
            (Coupon.issuer_uuid == issuer) & Coupon.code.in_(chunk)).tuples())
    return taken


def _live_ids(member_ids: list[int]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(member_ids), LOOKUP):
        ids += [member_id for (member_id,) in live_members().select(Member.id).where(
            Member.id.in_(member_ids[start:start + LOOKUP])).tuples()]
    return ids


def _upcoming_birthdays(today: dt.date, before: int) -> dict[int, dt.date]:
    """birthday_key -> the date of that birthday in the next `before` days (from today).

    A 29 February birthday falls on 28 February in a year without one.
    """
    upcoming: dict[int, dt.date] = {}
    for offset in range(before + 1):
        day = today + dt.timedelta(days=offset)
        upcoming.setdefault(day.month * 100 + day.day, day)
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            upcoming.setdefault(229, day)
    return upcoming


def _last_birthday_coupons(member_ids: list[int], since: dt.datetime) -> dict[int, dt.datetime]:
    """member id -> when their latest birthday coupon issued since `since` was issued."""
    last: dict[int, dt.datetime] = {}
    for start in range(0, len(member_ids), LOOKUP):
        query = (Coupon.select(Coupon.member, fn.MAX(Coupon.issued_at))
                 .join(CouponBatch, on=Coupon.batch == CouponBatch.id)
                 .where(Coupon.member.in_(member_ids[start:start + LOOKUP])
                        & (CouponBatch.purpose == "birthday") & (Coupon.issued_at >= since))
                 .group_by(Coupon.member))
        for member_id, issued in query.tuples():
            last[member_id] = _as_datetime(issued)
    return last


def _coupon_id(result: IssueResult) -> int:
    return Coupon.get((Coupon.batch == result.batch_id) & (Coupon.code == result.codes[0])).id


def _utc(day: dt.date) -> dt.datetime:
    """The shop's local midnight starting `day`, as naive UTC."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC).replace(
        tzinfo=None)


def _as_datetime(value) -> dt.datetime:
    """A MAX() over a DateTimeField: SQLite answers the stored text."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
