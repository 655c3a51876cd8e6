"""The store's identity and profile: name, logo, address, phone, brand colours, language."""

import base64
import re
from dataclasses import dataclass, replace

from db.models import Store, database
from desktop.domain import settings
from desktop.domain.errors import InvalidInput
from desktop.i18n import LANGUAGES, tr, tr_noop

COLOR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_LOGO_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DEFAULT_STORE_NAME = tr_noop("store", "My Shop")


@dataclass(frozen=True)
class StoreProfile:
    """What posters, coupons and partner sheets print about the store."""

    store_id: int
    uuid: str
    name: str
    address: str
    phone: str
    primary_color: str
    accent_color: str
    logo_png: bytes | None
    language: str  # '' = follow the system, else one of LANGUAGES


def current_store() -> Store:
    """This installation's store, created with a default name the first time."""
    store = Store.select().order_by(Store.id).first()
    if store is None:
        store = create_store(tr("store", DEFAULT_STORE_NAME))
    return store


def create_store(name: str) -> Store:
    """A new store identity with a fresh signing key seed."""
    import secrets  # only the first start of a new database gets here
    import uuid

    return Store.create(
        uuid=str(uuid.uuid4()), name=_clean_name(name), signing_seed=secrets.token_hex(32)
    )


def get_store_profile() -> StoreProfile:
    """The current store's profile."""
    store = current_store()
    return StoreProfile(
        store_id=store.id,
        uuid=store.uuid,
        name=store.name,
        address=store.address,
        phone=store.phone,
        primary_color=store.primary_color,
        accent_color=store.accent_color,
        logo_png=base64.b64decode(store.logo_png) if store.logo_png else None,
        language=settings.get_setting("language") or "",
    )


def save_store_profile(profile: StoreProfile) -> StoreProfile:
    """Validate and store the profile in one transaction; raises InvalidInput naming the field."""
    name = _clean_name(profile.name)
    for field, color in ((tr("store", "Brand colour"), profile.primary_color),
                         (tr("store", "Accent colour"), profile.accent_color)):
        if not COLOR_PATTERN.match(color or ""):
            raise InvalidInput(field=field, problem=tr("store", "use a colour like #C8102E"))
    if profile.logo_png is not None:
        validate_logo(profile.logo_png)
    if profile.language and profile.language not in LANGUAGES:
        raise InvalidInput(field=tr("store", "Language"), problem=tr("store", "unknown language"))
    with database.atomic():
        Store.update(
            name=name,
            address=profile.address.strip()[:200],
            phone=profile.phone.strip()[:40],
            primary_color=profile.primary_color.upper(),
            accent_color=profile.accent_color.upper(),
            logo_png=base64.b64encode(profile.logo_png).decode() if profile.logo_png else None,
        ).where(Store.id == profile.store_id).execute()
        settings.set_setting("language", profile.language)
    return replace(get_store_profile())


def validate_logo(data: bytes) -> None:
    """A logo must be a PNG of at most 512 KB (it goes into every poster and sheet)."""
    if not data.startswith(PNG_MAGIC):
        raise InvalidInput(field=tr("store", "Logo"), problem=tr("store", "choose a PNG image"))
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput(
            field=tr("store", "Logo"),
            problem=tr("store", "the image is larger than 512 KB; choose a smaller one"),
        )


def _clean_name(name: str) -> str:
    cleaned = "".join(ch for ch in (name or "") if ch.isprintable()).strip()
    if not cleaned:
        raise InvalidInput(field=tr("store", "Store name"), problem=tr("store", "enter a name"))
    if len(cleaned) > 100:
        raise InvalidInput(
            field=tr("store", "Store name"), problem=tr("store", "at most 100 characters")
        )
    return cleaned
