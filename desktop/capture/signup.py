"""Sign-ups from the phone page: validate the form, store member, consents, event and coupon.

Qt-free; the WSGI app calls it from its worker threads.
"""

import base64
import datetime as dt
import unicodedata
from dataclasses import dataclass

from db.models import Consent, Member, SignupEvent, database, utcnow
from db.models import EntryPoint as EntryPointRow
from desktop.domain.coupon_codes import display
from desktop.domain.coupon_issuing import issue_welcome, usable_template
from desktop.domain.errors import DomainError
from desktop.domain.members import (
    MAX_NAME,
    DuplicatePhone,
    MemberInput,
    add_member,
    parse_birthday,
)
from desktop.domain.phones import normalise_phone
from desktop.domain.settings import get_setting
from desktop.domain.store import get_store_profile
from desktop.i18n import tr, tr_noop

SOURCE = "signup_page"  # Consent.source and the member's add source
MAX_PHONE = 30  # '+86 138-0013-8000' with room for spaces; longer is not a phone
MAX_BIRTHDAY = 20  # '1990年05月03日' and the like
PRIVACY_SETTING = "privacy_notice"
DEFAULT_PRIVACY = tr_noop(
    "signup", "We keep your name, phone and birthday to send you member offers. We never sell "
              "them. Your data is shared with partner shops only if you tick that box. Ask us "
              "at the counter to see, change or delete your data at any time.")


class SignupNotFound(DomainError):
    """No live built-in sign-up page has this token (unknown or archived)."""

    context = "signup"
    template = tr_noop("signup", "This sign-up page does not exist.")
    error_code = "signup_not_found"
    exit_code = 2


class SignupInvalid(DomainError):
    """The form has problems; `problems` maps each field name to its message."""

    context = "signup"
    template = tr_noop("signup", "Please check the form.")
    error_code = "invalid_input"
    exit_code = 2

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__()
        self.problems = problems


@dataclass(frozen=True)
class SignupForm:
    """What the phone sent, raw; `signup` validates it."""

    name: str = ""
    phone: str = ""
    birthday: str = ""
    marketing: bool = False
    partner: bool = False


@dataclass(frozen=True)
class SignupResult:
    """What a sign-up did: a new member or one recognised by phone, and the coupon."""

    member_id: int
    name: str
    known: bool  # the phone belonged to a member already: nothing new added
    coupon_code: str | None  # for display (K7QM-3XHP-9TRD); None without a welcome coupon
    entry_point_id: int = 0
    entry_point_name: str = ""


@dataclass(frozen=True)
class SignupPage:
    """What the phone page shows about the store."""

    store_name: str
    primary_color: str
    accent_color: str
    logo_data_uri: str  # '' without a logo
    privacy_notice: str


def page_opened(token: str, client_hash: str = "",
                now: dt.datetime | None = None) -> SignupPage:
    """Record a page open at the token's entry point; what the page shows."""
    with database.atomic():
        row = _entry(token)
        SignupEvent.create(entry_point=row.id, kind="opened", at=now or utcnow(),
                           client_hash=client_hash[:64])
        return _page()


def page_for(token: str) -> SignupPage:
    """What the page shows, without recording an open (the form shown again, the result)."""
    _entry(token)
    return _page()


def signup(token: str, form: SignupForm, client_hash: str = "",
           now: dt.datetime | None = None) -> SignupResult:
    """Sign a person up through the token's entry point, in one transaction.

    A known phone adds no member: the visit is recorded as a `known_phone` event and the
    consents given on the page join the member's consent history. SignupNotFound for a
    wrong token; SignupInvalid with a message per field for a form that cannot be used.
    """
    now = now or utcnow()
    fields = validate(form)
    with database.atomic():
        row = _entry(token)
        known = _member_with_phone(fields.phone)
        if known is None:
            try:
                member = add_member(fields, source=SOURCE, entry_point_id=row.id)
            except DuplicatePhone:  # stored at the counter since the look-up
                known = _member_with_phone(fields.phone)
        if known is not None:
            SignupEvent.create(entry_point=row.id, kind="known_phone", member=known.id, at=now,
                               client_hash=client_hash[:64])
            _consents(known.id, row.id, form, now, known=True)
            return SignupResult(known.id, known.name, True, None, row.id, row.name)
        SignupEvent.create(entry_point=row.id, kind="signed_up", member=member.id, at=now,
                           client_hash=client_hash[:64])
        _consents(member.id, row.id, form, now, known=False)
        code = None
        if row.welcome_template_id is not None:
            try:
                usable_template(row.welcome_template_id, now)
            except DomainError:
                pass  # the sign-up stands; the window shows why the template cannot issue
            else:
                code = display(issue_welcome(member.id, row.welcome_template_id).code)
    return SignupResult(member.id, member.name, False, code, row.id, row.name)


def validate(form: SignupForm) -> MemberInput:
    """The form as a MemberInput with its phone normalised; SignupInvalid naming each field."""
    problems: dict[str, str] = {}
    name = _text(form.name, MAX_NAME, "name", problems)
    if "name" not in problems and not name:
        problems["name"] = tr("signup", "Please enter your name.")
    phone = _text(form.phone, MAX_PHONE, "phone", problems)
    if "phone" not in problems:
        try:
            phone = normalise_phone(phone)
        except DomainError as problem:
            problems["phone"] = problem.details.get("problem") or problem.user_message()
    birthday = _text(form.birthday, MAX_BIRTHDAY, "birthday", problems)
    if "birthday" not in problems:
        try:
            parse_birthday(birthday)
        except DomainError as problem:
            problems["birthday"] = problem.details.get("problem") or problem.user_message()
    if not form.marketing:
        problems["marketing"] = tr("signup", "Please tick this box to join.")
    if problems:
        raise SignupInvalid(problems)
    return MemberInput(name=name, phone=phone, birthday=birthday, marketing_consent=True)


def _text(value: str, limit: int, field: str, problems: dict[str, str]) -> str:
    """The value trimmed; a problem for control characters or more than `limit` characters."""
    value = value or ""
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in value):
        problems[field] = tr("signup", "Please remove the special characters.")
        return ""
    value = " ".join(value.split())
    if len(value) > limit:
        problems[field] = tr("signup", "At most {limit} characters, please.").format(limit=limit)
        return ""
    return value


def _consents(member_id: int, entry_id: int, form: SignupForm, now: dt.datetime,
              known: bool) -> None:
    """The page's consents. A new member's partner sharing is recorded as ticked (asked and
    answered); add_member stored the marketing one. A known member's marketing consent is
    given again, and partner sharing only when ticked: an unticked box on a later visit is
    no withdrawal of an earlier yes."""
    version = str(get_setting("privacy_policy_version") or "")[:20]
    kinds = [("marketing", True)] if known else []
    if form.partner or not known:
        kinds.append(("partner_sharing", form.partner))
    for kind, given in kinds:
        Consent.create(member=member_id, kind=kind, given=given, at=now, source=SOURCE,
                       policy_version=version, entry_point=entry_id)


def _member_with_phone(phone: str) -> Member | None:
    return Member.get_or_none(Member.phone == phone)  # NULL once anonymised: never matches


def _entry(token: str) -> EntryPointRow:
    row = EntryPointRow.get_or_none((EntryPointRow.token == token)
                                    & (EntryPointRow.kind == "page")
                                    & EntryPointRow.archived_at.is_null())
    if row is None:
        raise SignupNotFound()
    return row


def _page() -> SignupPage:
    profile = get_store_profile()
    logo = ("data:image/png;base64," + base64.b64encode(profile.logo_png).decode("ascii")
            if profile.logo_png else "")
    notice = str(get_setting(PRIVACY_SETTING) or "").strip() or tr("signup", DEFAULT_PRIVACY)
    return SignupPage(profile.name, profile.primary_color, profile.accent_color, logo, notice)
