"""The cards of a stored coupon batch: its codes, its template's texts, the store's look."""

from dataclasses import replace

from db.models import Coupon, CouponBatch
from desktop.domain.coupon_codes import display
from desktop.domain.coupons import describe, get_template
from desktop.domain.errors import DomainError
from desktop.domain.member_listing import local_time
from desktop.domain.store import COLOR_PATTERN, StoreProfile, get_store_profile
from desktop.i18n import tr, tr_noop
from desktop.printing.coupon_card import CouponCard


class BatchNotFound(DomainError):
    """No coupon batch has this id or uuid."""

    context = "printing"
    template = tr_noop("printing", "There is no coupon batch {batch}.")
    error_code = "batch_not_found"


def find_batch(reference: str) -> CouponBatch:
    """The batch whose id or uuid is `reference`; BatchNotFound otherwise."""
    reference = reference.strip()
    query = CouponBatch.uuid == reference.lower()
    if reference.isdigit():
        query |= CouponBatch.id == int(reference)
    batch = CouponBatch.get_or_none(query)
    if batch is None:
        raise BatchNotFound(batch=reference)
    return batch


def batch_cards(reference: str) -> list[CouponCard]:
    """One card per coupon of the batch, in the order the codes were made."""
    batch = find_batch(reference)
    template = get_template(batch.template_id)
    store = get_store_profile()
    card = template_card(template, store, "")
    coupons = Coupon.select(Coupon.code, Coupon.expires_at).where(
        Coupon.batch == batch.id).order_by(Coupon.id).tuples()
    cards = []
    for code, expires_at in coupons:
        validity = card.validity_text
        if template.valid_days and expires_at is not None:
            # N days from issue: the card says the day it ends, as the desk will check it.
            last_moment = local_time(expires_at)
            validity = tr("printing", "Valid until {date}").format(
                date=last_moment.date().isoformat())
        cards.append(replace(card, code=code, code_display=display(code),
                             validity_text=validity))
    return cards


def template_card(template, store: StoreProfile, code: str) -> CouponCard:
    """The card of `template` (stored, or a TemplateInput being designed) for one code.

    The template's style may choose its colours (`primary_color`, `accent_color`; the
    store's otherwise) and leave out the store's logo (`show_logo`: false).
    """
    texts = describe(template)
    style = template.style or {}
    logo = store.logo_png if style.get("show_logo", True) else None
    return CouponCard(
        store_name=store.name, title=template.title, value_text=texts.value,
        condition_text=texts.min_spend, validity_text=texts.validity, terms=texts.terms,
        code=code, code_display=display(code) if code else "",
        primary_color=valid_colour(style.get("primary_color"), store.primary_color),
        accent_color=valid_colour(style.get("accent_color"), store.accent_color),
        logo_png=logo)


def valid_colour(chosen, fallback: str) -> str:
    """`chosen` if it is a colour like #C8102E, else `fallback`."""
    return chosen if isinstance(chosen, str) and COLOR_PATTERN.match(chosen) else fallback
