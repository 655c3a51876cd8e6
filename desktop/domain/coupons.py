"""Coupon templates: what a coupon gives, from what spend, and when it is valid.

Value rules per kind: amount off in fen (> 0); percent off 1..99 ("10% off" takes a tenth
off the bill); a gift (free item) or stamp-card reward may carry a value ≥ 0 (what the item
is worth, for the record). Validity is fixed dates (from ≤ to, both in the shop's local
calendar), or N days from issue (1..3650), or neither (no expiry); never both.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

from db.models import CouponTemplate, database, utcnow
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.members import clean_text
from desktop.domain.purchases import MAX_AMOUNT_CENTS
from desktop.domain.store import current_store
from desktop.i18n import tr, tr_noop

KINDS = ("amount", "percent", "gift", "stamp")
MAX_TITLE = 60
MAX_TERMS = 1000
MAX_VALID_DAYS = 3650


class TemplateNotFound(DomainError):
    """No coupon template has this id."""

    context = "coupons"
    template = tr_noop("coupons", "There is no coupon template {id}.")
    error_code = "template_not_found"


@dataclass(frozen=True)
class TemplateInput:
    """A template as typed in the designer or on the command line, before validation."""

    title: str
    kind: str
    value: int = 0  # fen for amount, percent for percent
    min_spend_cents: int = 0
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    valid_days: int | None = None
    terms: str = ""
    style: dict = field(default_factory=dict)  # colours, logo choice, layout (the designer's)


@dataclass(frozen=True)
class Template:
    """A stored template."""

    id: int
    title: str
    kind: str
    value: int
    min_spend_cents: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    valid_days: int | None
    terms: str
    style: dict
    archived: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class TemplateTexts:
    """What the printed card and the desk say about a template, in the current language."""

    value: str  # "¥20 off", "10% off", "Free item", "Stamp card reward"
    min_spend: str  # "Min. spend ¥100", or "" without a minimum
    validity: str  # "Valid 2026-12-01 – 2026-12-31", "Valid 30 days from issue", "No expiry"
    terms: str


def add_template(data: TemplateInput) -> Template:
    """Validate and store a new template of our store; InvalidInput naming the field."""
    values = _validated(data)
    with database.atomic():
        row = CouponTemplate.create(issuer_store=current_store(), **values)
    return get_template(row.id)


def update_template(template_id: int, data: TemplateInput) -> Template:
    """Replace a template's fields; coupons already issued keep their own validity."""
    values = _validated(data)
    with database.atomic():
        _row(template_id)
        CouponTemplate.update(**values).where(CouponTemplate.id == template_id).execute()
    return get_template(template_id)


def archive_template(template_id: int) -> Template:
    """Hide a template from new issuing; its coupons stay valid and redeemable."""
    with database.atomic():
        if _row(template_id).archived_at is None:
            CouponTemplate.update(archived_at=utcnow()).where(
                CouponTemplate.id == template_id).execute()
    return get_template(template_id)


def get_template(template_id: int) -> Template:
    """The template with this id; TemplateNotFound otherwise."""
    return _template(_row(template_id))


def list_templates(include_archived: bool = False) -> list[Template]:
    """Templates, newest first; archived ones only when asked."""
    query = CouponTemplate.select().order_by(CouponTemplate.id.desc())
    if not include_archived:
        query = query.where(CouponTemplate.archived_at.is_null())
    return [_template(row) for row in query]


def describe(template: Template | TemplateInput) -> TemplateTexts:
    """The plain texts a card or the desk shows for `template`."""
    if template.kind == "amount":
        value = tr("coupons", "{amount} off").format(amount=short_yuan(template.value))
    elif template.kind == "percent":
        value = tr("coupons", "{percent}% off").format(percent=template.value)
    elif template.kind == "gift":
        value = tr("coupons", "Free item")
    else:
        value = tr("coupons", "Stamp card reward")
    min_spend = ""
    if template.min_spend_cents:
        min_spend = tr("coupons", "Min. spend {amount}").format(
            amount=short_yuan(template.min_spend_cents))
    if template.valid_days:
        validity = tr("coupons", "Valid {days} days from issue").format(days=template.valid_days)
    elif template.valid_from and template.valid_to:
        validity = tr("coupons", "Valid {start} – {end}").format(
            start=template.valid_from.isoformat(), end=template.valid_to.isoformat())
    else:
        validity = tr("coupons", "No expiry")
    return TemplateTexts(value=value, min_spend=min_spend, validity=validity,
                         terms=template.terms)


def short_yuan(cents: int) -> str:
    """An amount for a coupon face: ¥20, ¥1,200 or ¥9.90 (no .00 on whole yuan)."""
    yuan, fen = divmod(cents, 100)
    return f"¥{yuan:,}" if not fen else f"¥{yuan:,}.{fen:02d}"


def _validated(data: TemplateInput) -> dict:
    title = clean_text(data.title, MAX_TITLE, tr("coupons", "Title"))
    if not title:
        raise InvalidInput(field=tr("coupons", "Title"), problem=tr("coupons", "enter a title"))
    if data.kind not in KINDS:
        raise InvalidInput(field=tr("coupons", "Type"),
                           problem=tr("coupons", "choose one of {kinds}").format(
                               kinds=", ".join(KINDS)))
    value = _whole_number(data.value, tr("coupons", "Value"))
    if data.kind == "amount" and not 0 < value <= MAX_AMOUNT_CENTS:
        raise InvalidInput(field=tr("coupons", "Value"),
                           problem=tr("coupons", "an amount off must be more than 0"))
    if data.kind == "percent" and not 1 <= value <= 99:
        raise InvalidInput(field=tr("coupons", "Value"),
                           problem=tr("coupons", "a percentage off must be 1 to 99"))
    if value < 0:
        raise InvalidInput(field=tr("coupons", "Value"),
                           problem=tr("coupons", "must not be negative"))
    min_spend = _whole_number(data.min_spend_cents, tr("coupons", "Minimum spend"))
    if not 0 <= min_spend <= MAX_AMOUNT_CENTS:
        raise InvalidInput(field=tr("coupons", "Minimum spend"),
                           problem=tr("coupons", "must be 0 or more"))
    _check_validity(data)
    return {
        "title": title, "kind": data.kind, "value": value, "min_spend_cents": min_spend,
        "valid_from": data.valid_from, "valid_to": data.valid_to, "valid_days": data.valid_days,
        "terms": clean_text(data.terms, MAX_TERMS, tr("coupons", "Terms"), multiline=True),
        "style": json.dumps(data.style or {}, ensure_ascii=False, sort_keys=True),
    }


def _check_validity(data: TemplateInput) -> None:
    dates = data.valid_from is not None or data.valid_to is not None
    if data.valid_days is not None:
        if dates:
            raise InvalidInput(field=tr("coupons", "Validity"),
                               problem=tr("coupons", "give fixed dates or a number of days, "
                                                     "not both"))
        days = _whole_number(data.valid_days, tr("coupons", "Valid days"))
        if not 1 <= days <= MAX_VALID_DAYS:
            raise InvalidInput(field=tr("coupons", "Valid days"),
                               problem=tr("coupons", "1 to {most} days").format(
                                   most=MAX_VALID_DAYS))
    elif dates:
        if data.valid_from is None or data.valid_to is None:
            raise InvalidInput(field=tr("coupons", "Validity"),
                               problem=tr("coupons", "give both the first and the last day"))
        if data.valid_from > data.valid_to:
            raise InvalidInput(field=tr("coupons", "Valid to"),
                               problem=tr("coupons", "the last day is before the first"))


def _whole_number(value, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field=field_name, problem=tr("coupons", "enter a whole number"))
    return value


def _row(template_id: int) -> CouponTemplate:
    row = CouponTemplate.get_or_none(CouponTemplate.id == template_id)
    if row is None:
        raise TemplateNotFound(id=template_id)
    return row


def _template(row: CouponTemplate) -> Template:
    return Template(
        id=row.id, title=row.title, kind=row.kind, value=row.value,
        min_spend_cents=row.min_spend_cents, valid_from=as_date(row.valid_from),
        valid_to=as_date(row.valid_to), valid_days=row.valid_days, terms=row.terms,
        style=json.loads(row.style or "{}"), archived=row.archived_at is not None,
        created_at=row.created_at)


def as_date(value) -> dt.date | None:
    """A DateField value as a date (SQLite may hand back the stored text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
