"""Entry points: the channels people join through, their QR targets and counter sign-ups.

Each entry point carries an unguessable token (the built-in sign-up page's path) and a
short channel code (appended to an external form's URL, read back from its export).
"""

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from peewee import IntegrityError

from db.models import EntryPoint as EntryPointRow
from db.models import EntryPointTag, SignupEvent, Staff, Tag, database, utcnow
from desktop.domain.coupon_codes import ALPHABET
from desktop.domain.coupon_issuing import issue_welcome, usable_template
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.members import MemberInput, MemberRecord, add_member, clean_text, tag_ids
from desktop.domain.settings import get_setting
from desktop.domain.store import current_store
from desktop.i18n import tr, tr_noop

KINDS = ("page", "form", "url", "counter")  # referral entry points are made per member
LINK_KINDS = ("form", "url")  # the QR leads to a URL the owner gives
MAX_NAME = 60
MAX_LOCATION = 60
MAX_URL = 2000
TOKEN_BYTES = 32  # 256 bits; token_urlsafe gives 43 characters, the column's width
CHANNEL_LENGTH = 6  # 30**6 ≈ 7×10^8 codes, short enough to type from a spreadsheet
PARAM_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,30}$")
# Parameter names external form services record on their own, by host. 问卷星 stores the
# `sojumpparm` value as "来源详情" in its export (its API documentation names it).
PARAM_PRESETS = {"wjx.cn": "sojumpparm"}
SIGNUP_BASE_SETTING = "signup_base_url"  # e.g. http://192.168.1.20:8080; unset: path only


class EntryPointNotFound(DomainError):
    """No entry point has this id."""

    context = "entries"
    template = tr_noop("entries", "There is no entry point {id}.")
    error_code = "entry_point_not_found"
    exit_code = 2


@dataclass(frozen=True)
class EntryPointInput:
    """An entry point as typed in the window or on the command line, before validation."""

    name: str
    kind: str
    url: str = ""  # form and url kinds only
    param: str = ""  # form kind: the URL parameter the form records; '' = the host's preset
    tags: Sequence[str] = ()
    welcome_template_id: int | None = None
    staff_id: int | None = None
    location: str = ""


@dataclass(frozen=True)
class EntryPoint:
    """A stored entry point."""

    id: int
    name: str
    kind: str
    token: str
    channel_code: str
    url: str
    param: str
    tags: tuple[str, ...]
    welcome_template_id: int | None
    staff_id: int | None
    location: str
    archived_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def archived(self) -> bool:
        """True once archived: kept for its members' attribution, offered no more."""
        return self.archived_at is not None


@dataclass(frozen=True)
class CounterSignup:
    """What a counter sign-up wrote: the member, and the welcome coupon when one was issued."""

    member: MemberRecord
    coupon_code: str | None  # normalised; None without a welcome template
    welcome_problem: str = ""  # why no coupon although a template is set, translated


def add_entry_point(data: EntryPointInput) -> EntryPoint:
    """Validate and store a new entry point with a fresh token and channel code."""
    values = _validated(data)
    with database.atomic():
        tags = tag_ids(data.tags)
        row = _create(values)
        _link(row.id, tags)
    return get_entry_point(row.id)


def update_entry_point(entry_id: int, data: EntryPointInput) -> EntryPoint:
    """Replace an entry point's fields and auto-tags; its token and channel code stay."""
    values = _validated(data)
    with database.atomic():
        _row(entry_id)
        EntryPointRow.update(**values).where(EntryPointRow.id == entry_id).execute()
        EntryPointTag.delete().where(EntryPointTag.entry_point == entry_id).execute()
        _link(entry_id, tag_ids(data.tags))
    return get_entry_point(entry_id)


def archive_entry_point(entry_id: int) -> EntryPoint:
    """Offer the entry point no more; its members keep their attribution."""
    with database.atomic():
        if _row(entry_id).archived_at is None:
            EntryPointRow.update(archived_at=utcnow()).where(
                EntryPointRow.id == entry_id).execute()
    return get_entry_point(entry_id)


def get_entry_point(entry_id: int) -> EntryPoint:
    """One entry point by id; EntryPointNotFound when there is none."""
    return _record(_row(entry_id), _tags_of([entry_id]).get(entry_id, ()))


def list_entry_points(include_archived: bool = False,
                      include_referrals: bool = False) -> list[EntryPoint]:
    """The store's entry points, oldest first; members' personal invites only when asked."""
    query = EntryPointRow.select().order_by(EntryPointRow.id)
    if not include_archived:
        query = query.where(EntryPointRow.archived_at.is_null())
    if not include_referrals:
        query = query.where(EntryPointRow.kind != "referral")
    rows = list(query)
    tags = _tags_of([row.id for row in rows])
    return [_record(row, tags.get(row.id, ())) for row in rows]


def signup_path(entry: EntryPoint) -> str:
    """The built-in sign-up page's path for this entry point."""
    return f"/s/{entry.token}"


def form_url(entry: EntryPoint) -> str:
    """The form's URL with the channel code as its parameter; other query parts kept as
    they are, an earlier value of the same parameter replaced."""
    parts = urlsplit(entry.url)
    kept = [piece for piece in parts.query.split("&")
            if piece and unquote_plus(piece.split("=", 1)[0]) != entry.param]
    kept.append(f"{entry.param}={quote(entry.channel_code)}")
    return urlunsplit(parts._replace(query="&".join(kept)))


def qr_url(entry: EntryPoint) -> str | None:
    """What the entry point's QR code carries; None for a counter (it has no QR).

    For the built-in page: the setting `signup_base_url` joined with the path when set,
    else the path alone (the LAN address is known once the sign-up page runs).
    """
    if entry.kind == "form":
        return form_url(entry)
    if entry.kind == "url":
        return entry.url
    if entry.kind == "counter":
        return None
    base = str(get_setting(SIGNUP_BASE_SETTING) or "").strip().rstrip("/")
    return base + signup_path(entry)


def record_counter_signup(entry_id: int, data: MemberInput,
                          staff_id: int | None = None) -> CounterSignup:
    """Add a member signed up at the counter through an entry point, in one transaction:
    the member with its auto-tags, a sign-up event, and the welcome coupon.

    A welcome template that can no longer issue (archived, dates over) does not stop the
    sign-up: the member is added and `welcome_problem` says why there is no coupon.
    """
    with database.atomic():
        row = _row(entry_id)
        if row.archived_at is not None:
            raise InvalidInput(field=tr("entries", "Entry point"),
                               problem=tr("entries", "“{name}” is archived").format(
                                   name=row.name))
        member = add_member(data, source="counter", entry_point_id=entry_id,
                            staff_id=staff_id)
        SignupEvent.create(entry_point=entry_id, kind="signed_up", member=member.id)
        code, problem = None, ""
        if row.welcome_template_id is not None:
            try:
                usable_template(row.welcome_template_id, utcnow())
            except DomainError as refusal:
                problem = refusal.user_message()
            else:
                code = issue_welcome(member.id, row.welcome_template_id).code
    return CounterSignup(member, code, problem)


def default_param(url: str) -> str:
    """The preset parameter name for the form service at `url`, '' when none is known."""
    host = (urlsplit(url).hostname or "").lower()
    return next((param for domain, param in PARAM_PRESETS.items()
                 if host == domain or host.endswith("." + domain)), "")


def _validated(data: EntryPointInput) -> dict:
    name = clean_text(data.name, MAX_NAME, tr("entries", "Name"))
    if not name:
        raise InvalidInput(field=tr("entries", "Name"), problem=tr("entries", "enter a name"))
    kind = (data.kind or "").strip().lower()
    if kind not in KINDS:
        raise InvalidInput(field=tr("entries", "Kind"),
                           problem=tr("entries", "choose one of {kinds}").format(
                               kinds=", ".join(KINDS)))
    url = _url(data.url) if kind in LINK_KINDS else ""
    param = _param(data.param, url) if kind == "form" else ""
    if data.welcome_template_id is not None:
        _welcome(data.welcome_template_id)
    if data.staff_id is not None and Staff.get_or_none(Staff.id == data.staff_id) is None:
        raise InvalidInput(field=tr("entries", "Staff"),
                           problem=tr("entries", "there is no staff member {id}").format(
                               id=data.staff_id))
    return {"name": name, "kind": kind, "target_url": url, "url_param": param,
            "welcome_template": data.welcome_template_id, "staff": data.staff_id,
            "location": clean_text(data.location, MAX_LOCATION, tr("entries", "Location"))}


def _url(text: str) -> str:
    field = tr("entries", "URL")
    url = clean_text(text, MAX_URL, field).replace(" ", "")
    if not url:
        raise InvalidInput(field=field, problem=tr("entries", "enter the address the QR "
                                                              "code leads to"))
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(field=field, problem=tr(
            "entries", "enter a web address starting with http:// or https://"))
    return url


def _param(text: str, url: str) -> str:
    param = (text or "").strip() or default_param(url)
    if not PARAM_PATTERN.match(param):
        raise InvalidInput(field=tr("entries", "Parameter"), problem=tr(
            "entries", "enter the name of the link parameter the form records (1 to 30 "
                       "letters, digits or _)"))
    return param


def _welcome(template_id: int) -> None:
    """Refuse a welcome template that does not exist or cannot issue coupons now."""
    try:
        usable_template(template_id, utcnow())
    except DomainError as refusal:
        raise InvalidInput(field=tr("entries", "Welcome coupon"),
                           problem=refusal.user_message()) from None


def _create(values: dict) -> EntryPointRow:
    """Insert with a fresh token and channel code, drawing again on the rare collision."""
    for _attempt in range(5):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CHANNEL_LENGTH))
        if EntryPointRow.get_or_none(EntryPointRow.channel_code == code) is not None:
            continue
        try:
            with database.atomic():  # a savepoint: PostgreSQL can go on after a collision
                return EntryPointRow.create(store=current_store(), channel_code=code,
                                            token=secrets.token_urlsafe(TOKEN_BYTES),
                                            **values)
        except IntegrityError:  # another writer took the code between check and insert
            continue
    raise RuntimeError("no free channel code after 5 draws")


def _link(entry_id: int, tag_ids: list[int]) -> None:
    if tag_ids:
        EntryPointTag.insert_many([{"entry_point": entry_id, "tag": tag_id}
                                   for tag_id in tag_ids]).execute()


def _row(entry_id: int) -> EntryPointRow:
    row = EntryPointRow.get_or_none(EntryPointRow.id == entry_id)
    if row is None:
        raise EntryPointNotFound(id=entry_id)
    return row


def _tags_of(entry_ids: list[int]) -> dict[int, tuple[str, ...]]:
    tags: dict[int, list[str]] = {}
    for start in range(0, len(entry_ids), 500):
        query = (EntryPointTag.select(EntryPointTag.entry_point, Tag.name).join(Tag)
                 .where(EntryPointTag.entry_point.in_(entry_ids[start:start + 500])))
        for entry_id, name in query.tuples():
            tags.setdefault(entry_id, []).append(name)
    return {entry_id: tuple(sorted(names)) for entry_id, names in tags.items()}


def _record(row: EntryPointRow, tags: tuple[str, ...]) -> EntryPoint:
    return EntryPoint(
        id=row.id, name=row.name, kind=row.kind, token=row.token,
        channel_code=row.channel_code, url=row.target_url, param=row.url_param, tags=tags,
        welcome_template_id=row.welcome_template_id, staff_id=row.staff_id,
        location=row.location, archived_at=row.archived_at, created_at=row.created_at)
