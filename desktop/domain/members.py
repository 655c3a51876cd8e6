"""The member book: add, edit, tag, merge and delete-on-request, each change one transaction.

Personal data never reaches the audit log: its rows name members by id only.
"""

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peewee import IntegrityError, fn

from db.models import (
    AuditLog,
    Consent,
    Coupon,
    EntryPoint,
    EntryPointTag,
    Member,
    MemberTag,
    PointsEntry,
    Purchase,
    SignupEvent,
    Tag,
    utcnow,
)
from db.models import database as db
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.phones import normalise_phone
from desktop.domain.pinyin import name_initials
from desktop.domain.settings import get_setting
from desktop.domain.store import current_store
from desktop.i18n import tr, tr_noop

MAX_NAME = 50
MAX_TAG = 40
MAX_WECHAT = 50
CHUNK = 500  # members per statement in bulk tagging
GENDERS = {"": "", "f": "f", "m": "m", "女": "f", "男": "m", "female": "f", "male": "m"}
# 1990-05-03, 1990/5/3, 1990.5.3, 1990年5月3日, 5月3日, 05-03, 5/3; 19900503 and 0503 apart.
_BIRTHDAY_SEPARATED = re.compile(
    r"^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_BIRTHDAY_DIGITS = re.compile(r"^(\d{4})?(\d{2})(\d{2})$")


class DuplicatePhone(DomainError):
    """Another live member already has this phone."""

    template = tr_noop("errors", "A member with this phone already exists: {name}")
    error_code = "duplicate_phone"
    exit_code = 1


class MemberNotFound(DomainError):
    """No live member has this id (never existed, merged away or deleted on request)."""

    template = tr_noop("errors", "There is no member {id}.")
    error_code = "member_not_found"
    exit_code = 2


@dataclass(frozen=True)
class Birthday:
    """Month and day, year when known."""

    month: int
    day: int
    year: int | None = None

    @property
    def key(self) -> int:
        """month*100+day: the sortable, range-friendly form stored as Member.birthday_key."""
        return self.month * 100 + self.day

    def __str__(self) -> str:
        prefix = f"{self.year:04d}-" if self.year else ""
        return f"{prefix}{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class MemberInput:
    """What a person types for a member; raw text, validated by add_member/update_member."""

    name: str
    phone: str
    birthday: str = ""
    gender: str = ""
    wechat: str = ""
    tags: Sequence[str] = ()
    notes: str = ""
    marketing_consent: bool = True


@dataclass(frozen=True)
class MemberRecord:
    """One member as the detail panel and the command line show it."""

    id: int
    name: str
    phone: str | None
    gender: str
    birthday: Birthday | None
    wechat: str
    notes: str
    tags: tuple[str, ...]
    tier: str
    points: int
    total_spent_cents: int
    visit_count: int
    first_purchase_at: dt.datetime | None
    last_visit_at: dt.datetime | None
    source_entry_id: int | None
    source: str  # the entry point's name, '' when none
    referrer_id: int | None
    created_at: dt.datetime
    anonymised_at: dt.datetime | None
    merged_into_id: int | None


def clean_text(text: str | None, limit: int, field: str, multiline: bool = False) -> str:
    """Text with control characters stripped and spaces trimmed; InvalidInput when too long.

    Line breaks and tabs become spaces, or stay line breaks when `multiline`.
    """
    kept = []
    for ch in (text or "").replace("\r\n", "\n"):
        if ch == "\n" and multiline:
            kept.append(ch)
        elif ch.isspace():
            kept.append(" ")
        elif ch.isprintable():
            kept.append(ch)
    cleaned = "".join(kept)
    if not multiline:
        cleaned = " ".join(cleaned.split())
    cleaned = cleaned.strip()
    if len(cleaned) > limit:
        raise InvalidInput(field=field, problem=tr("members", "at most {limit} characters")
                           .format(limit=limit))
    return cleaned


def birthday_parts(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from the ways people write a birthday, unchecked; None if
    the text is none of 1990-05-03, 1990/5/3, 1990年5月3日, 19900503, 5月3日, 05-03."""
    value = unicodedata.normalize("NFKC", text).strip()
    match = _BIRTHDAY_SEPARATED.match(value) or _BIRTHDAY_DIGITS.match(value)
    if not match:
        return None
    return (int(match[1]) if match[1] else None), int(match[2]), int(match[3])


def parse_birthday(text: str | None) -> Birthday | None:
    """A birthday from the forms people type; None for blank. InvalidInput when impossible."""
    if not unicodedata.normalize("NFKC", text or "").strip():
        return None
    parts = birthday_parts(text)
    field = tr("members", "Birthday")
    if parts is None:
        raise InvalidInput(field=field, problem=tr(
            "members", "write it like 1990-05-03, 1990年5月3日 or 5月3日"))
    year, month, day = parts
    if year is not None and not 1900 <= year <= dt.date.today().year:
        raise InvalidInput(field=field, problem=tr("members", "the year {year} is not possible")
                           .format(year=year))
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 without a year is fine
    except ValueError:
        raise InvalidInput(field=field, problem=tr(
            "members", "there is no day {day} in month {month}").format(day=day, month=month)
        ) from None
    return Birthday(month, day, year)


def add_member(data: MemberInput, source: str = "counter", entry_point_id: int | None = None,
               staff_id: int | None = None) -> MemberRecord:
    """Validate and store a new member with its tags and marketing consent; its record."""
    fields = _validated(data)
    entry = _entry_point(entry_point_id)
    now = utcnow()
    with db.atomic():
        _refuse_duplicate(fields["phone"], None)
        try:
            with db.atomic():  # a savepoint: PostgreSQL can still query after a refusal
                member = Member.create(store=current_store(), source_entry=entry,
                                       created_at=now, **fields)
        except IntegrityError:  # someone else stored the phone between check and insert
            _refuse_duplicate(fields["phone"], None)
            raise
        tags = list(data.tags)
        if entry is not None:
            tags += [t.tag.name for t in EntryPointTag.select(EntryPointTag, Tag)
                     .join(Tag).where(EntryPointTag.entry_point == entry)]
        _link_tags([member.id], tag_ids(tags))
        Consent.create(member=member, kind="marketing", given=data.marketing_consent, at=now,
                       source=source[:20], entry_point=entry,
                       policy_version=str(get_setting("privacy_policy_version") or "")[:20])
        _audit("member_added", member.id, staff_id,
               {"source": source, "entry_point_id": entry.id if entry else None})
    return get_member(member.id)


def update_member(member_id: int, data: MemberInput, staff_id: int | None = None
                  ) -> MemberRecord:
    """Replace a live member's personal fields and tags with `data`; its new record."""
    fields = _validated(data)
    with db.atomic():
        _live(member_id)
        _refuse_duplicate(fields["phone"], member_id)
        Member.update(**fields).where(Member.id == member_id).execute()
        MemberTag.delete().where(MemberTag.member == member_id).execute()
        _link_tags([member_id], tag_ids(data.tags))
        _audit("member_edited", member_id, staff_id, {})
    return get_member(member_id)


def get_member(member_id: int) -> MemberRecord:
    """Any member by id, also merged or anonymised ones; MemberNotFound when there is none."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise MemberNotFound(id=member_id)
    tags = tuple(name for (name,) in Tag.select(Tag.name).join(MemberTag)
                 .where(MemberTag.member == member_id).order_by(Tag.name).tuples())
    birthday = (Birthday(member.birth_month, member.birth_day, member.birth_year)
                if member.birth_month and member.birth_day else None)
    return MemberRecord(
        id=member.id, name=member.name, phone=member.phone, gender=member.gender,
        birthday=birthday, wechat=member.wechat, notes=member.notes, tags=tags,
        tier=member.tier.name if member.tier_id else "", points=member.points,
        total_spent_cents=member.total_spent_cents, visit_count=member.visit_count,
        first_purchase_at=member.first_purchase_at, last_visit_at=member.last_visit_at,
        source_entry_id=member.source_entry_id,
        source=member.source_entry.name if member.source_entry_id else "",
        referrer_id=member.referrer_id, created_at=member.created_at,
        anonymised_at=member.anonymised_at, merged_into_id=member.merged_into_id,
    )


def tag_members(member_ids: Iterable[int], tags: Iterable[str]) -> int:
    """Put the tags (created when new) on the live members; how many links were added."""
    with db.atomic():
        ids = _live_ids(member_ids)
        return _link_tags(ids, tag_ids(tags))


def untag_members(member_ids: Iterable[int], tags: Iterable[str]) -> int:
    """Take the tags off the members; how many links were removed."""
    names = _tag_names(tags)
    ids = list(member_ids)
    if not names or not ids:
        return 0
    with db.atomic():
        tag_ids = Tag.select(Tag.id).where(Tag.name.in_(names))
        return sum(MemberTag.delete().where(MemberTag.member.in_(ids[i:i + CHUNK])
                                            & MemberTag.tag.in_(tag_ids)).execute()
                   for i in range(0, len(ids), CHUNK))


def merge_members(keep_id: int, merge_id: int, staff_id: int | None = None) -> MemberRecord:
    """Move everything of `merge_id` to `keep_id`, then anonymise it; the kept member's record.

    Purchases, points ledger, consents, coupons, sign-up events, referrals and tags move;
    the kept member's empty fields are filled from the other and its caches recomputed
    from the moved rows, so `shopcircle check` stays green.
    """
    if keep_id == merge_id:
        raise InvalidInput(field=tr("members", "Merge"),
                           problem=tr("members", "choose two different members"))
    with db.atomic():
        keep, gone = _live(keep_id), _live(merge_id)
        moved = {
            "purchases": Purchase.update(member=keep_id).where(Purchase.member == merge_id),
            "points_entries": PointsEntry.update(member=keep_id)
            .where(PointsEntry.member == merge_id),
            "consents": Consent.update(member=keep_id).where(Consent.member == merge_id),
            "coupons": Coupon.update(member=keep_id).where(Coupon.member == merge_id),
            "signup_events": SignupEvent.update(member=keep_id)
            .where(SignupEvent.member == merge_id),
            "referrals": Member.update(referrer=keep_id).where(
                (Member.referrer == merge_id) & (Member.id != keep_id)),
        }
        counts = {name: query.execute() for name, query in moved.items()}
        tag_ids = [t for (t,) in MemberTag.select(MemberTag.tag)
                   .where(MemberTag.member == merge_id).tuples()]
        _link_tags([keep_id], tag_ids)
        filled = _filled_fields(keep, gone)
        _anonymise(merge_id, merged_into=keep_id)
        Member.update(**filled, **_caches(keep_id, keep, gone)).where(
            Member.id == keep_id).execute()
        _audit("member_merged", keep_id, staff_id, {"merged_id": merge_id, **counts})
    return get_member(keep_id)


def delete_on_request(member_id: int, staff_id: int | None = None) -> MemberRecord:
    """Anonymise a member at their request: personal fields cleared, aggregates kept."""
    with db.atomic():
        _live(member_id)
        _anonymise(member_id)
        Consent.create(member=member_id, kind="marketing", given=False, source="request")
        _audit("member_deleted_on_request", member_id, staff_id, {})
    return get_member(member_id)


def _validated(data: MemberInput) -> dict:
    name = clean_text(data.name, MAX_NAME, tr("members", "Name"))
    if not name:
        raise InvalidInput(field=tr("members", "Name"), problem=tr("members", "enter a name"))
    gender = GENDERS.get(unicodedata.normalize("NFKC", data.gender or "").strip().lower())
    if gender is None:
        raise InvalidInput(field=tr("members", "Gender"),
                           problem=tr("members", "choose female, male or leave it empty"))
    birthday = parse_birthday(data.birthday)
    return {
        "name": name, "name_initials": name_initials(name), "phone": normalise_phone(data.phone),
        "gender": gender, "wechat": clean_text(data.wechat, MAX_WECHAT, tr("members", "WeChat")),
        "notes": clean_text(data.notes, 2000, tr("members", "Notes"), multiline=True),
        "birth_year": birthday.year if birthday else None,
        "birth_month": birthday.month if birthday else None,
        "birth_day": birthday.day if birthday else None,
        "birthday_key": birthday.key if birthday else None,
    }


def _refuse_duplicate(phone: str, member_id: int | None) -> None:
    query = Member.select(Member.name).where(Member.phone == phone)
    if member_id is not None:
        query = query.where(Member.id != member_id)
    other = query.first()
    if other is not None:
        raise DuplicatePhone(name=other.name)


def _entry_point(entry_point_id: int | None) -> EntryPoint | None:
    if entry_point_id is None:
        return None
    entry = EntryPoint.get_or_none(EntryPoint.id == entry_point_id)
    if entry is None:
        raise InvalidInput(field=tr("members", "Entry point"),
                           problem=tr("members", "there is no entry point {id}")
                           .format(id=entry_point_id))
    return entry


def _live(member_id: int) -> Member:
    member = Member.get_or_none((Member.id == member_id) & Member.anonymised_at.is_null()
                                & Member.merged_into.is_null())
    if member is None:
        raise MemberNotFound(id=member_id)
    return member


def _live_ids(member_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(member_ids))
    live = Member.anonymised_at.is_null() & Member.merged_into.is_null()
    return [i for start in range(0, len(ids), CHUNK)
            for (i,) in Member.select(Member.id).where(
                Member.id.in_(ids[start:start + CHUNK]) & live).tuples()]


def _tag_names(tags: Iterable[str]) -> list[str]:
    names = (clean_text(tag, MAX_TAG, tr("members", "Tag")) for tag in tags)
    return list(dict.fromkeys(name for name in names if name))


def tag_ids(tags: Iterable[str]) -> list[int]:
    """Ids of the named tags, creating the missing ones (inside the caller's transaction)."""
    names = _tag_names(tags)
    if not names:
        return []
    Tag.insert_many([{"name": name} for name in names]).on_conflict_ignore().execute()
    return [t for (t,) in Tag.select(Tag.id).where(Tag.name.in_(names)).tuples()]


def _link_tags(member_ids: list[int], tag_ids: list[int]) -> int:
    if len(member_ids) > CHUNK:  # stay below the backends' limits on bound parameters
        return sum(_link_tags(member_ids[i:i + CHUNK], tag_ids)
                   for i in range(0, len(member_ids), CHUNK))
    if not member_ids or not tag_ids:
        return 0
    existing = set(MemberTag.select(MemberTag.member, MemberTag.tag).where(
        MemberTag.member.in_(member_ids) & MemberTag.tag.in_(tag_ids)).tuples())
    rows = [{"member": m, "tag": t} for m in member_ids for t in tag_ids
            if (m, t) not in existing]
    if rows:
        MemberTag.insert_many(rows).execute()
    return len(rows)


def _filled_fields(keep: Member, gone: Member) -> dict:
    """The kept member's empty personal fields, taken from the merged one."""
    filled = {}
    for name in ("gender", "wechat", "notes"):
        if not getattr(keep, name) and getattr(gone, name):
            filled[name] = getattr(gone, name)
    if keep.birthday_key is None and gone.birthday_key is not None:
        filled |= {"birth_year": gone.birth_year, "birth_month": gone.birth_month,
                   "birth_day": gone.birth_day, "birthday_key": gone.birthday_key}
    for name in ("source_entry", "referrer"):
        other = getattr(gone, f"{name}_id")
        if getattr(keep, f"{name}_id") is None and other not in (None, keep.id):
            filled[name] = other
    if gone.tier_id and (not keep.tier_id or gone.tier.rank > keep.tier.rank):
        filled["tier"] = gone.tier_id
    return filled


def _caches(member_id: int, keep: Member, gone: Member) -> dict:
    """Points, spend, visits and visit times recomputed from the member's rows."""
    points = PointsEntry.select(fn.COALESCE(fn.SUM(PointsEntry.delta), 0)).where(
        PointsEntry.member == member_id).scalar()
    mine = Purchase.member == member_id
    spent = Purchase.select(fn.COALESCE(fn.SUM(Purchase.amount_cents), 0)).where(mine).scalar()
    visits = Purchase.select().where(mine & Purchase.refund_of.is_null())
    # Times read as rows, not as MAX()/MIN() scalars, so SQLite gives datetimes too.
    latest = Purchase.select(Purchase.at).where(mine).order_by(Purchase.at.desc()).first()
    earliest = visits.order_by(Purchase.at).first()
    last, first = latest and latest.at, earliest and earliest.at
    lasts = [t for t in (keep.last_visit_at, gone.last_visit_at, last) if t is not None]
    return {"points": points, "total_spent_cents": spent, "visit_count": visits.count(),
            "first_purchase_at": first, "last_visit_at": max(lasts) if lasts else None,
            "created_at": min(keep.created_at, gone.created_at)}


def _anonymise(member_id: int, merged_into: int | None = None) -> None:
    MemberTag.delete().where(MemberTag.member == member_id).execute()
    fields = {"name": "", "name_initials": "", "phone": None, "gender": "", "wechat": "",
              "notes": "", "birth_year": None, "birth_month": None, "birth_day": None,
              "birthday_key": None, "anonymised_at": utcnow()}
    if merged_into is not None:  # its rows moved away: its caches are now empty
        fields |= {"merged_into": merged_into, "points": 0, "total_spent_cents": 0,
                   "visit_count": 0, "first_purchase_at": None, "last_visit_at": None,
                   "invite_entry": None}
    Member.update(**fields).where(Member.id == member_id).execute()


def _audit(action: str, member_id: int, staff_id: int | None, details: dict) -> None:
    AuditLog.create(action=action, entity="member", entity_id=member_id, staff=staff_id,
                    details=json.dumps(details, sort_keys=True))
