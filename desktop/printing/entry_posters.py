"""The poster of one entry point: its QR's full URL and the store's profile, from the database."""

from desktop.capture.server import DEFAULT_PORT, lan_address
from desktop.domain.entry_points import get_entry_point, qr_url
from desktop.domain.errors import InvalidInput
from desktop.domain.store import get_store_profile
from desktop.i18n import tr
from desktop.printing.posters import DEFAULT_HOOK, SCAN_HINT, Poster


def entry_poster(entry_id: int, *, headline: str = "", hook: str = "", hours: str = "",
                 privacy: str = "") -> Poster:
    """The poster for `entry_id`; InvalidInput for a counter, which has no QR code.

    A sign-up page's QR carries only its path until signup_base_url is set: the poster then
    points at this PC's LAN address on the sign-up page's port.
    """
    entry = get_entry_point(entry_id)
    target = qr_url(entry)
    if target is None:
        raise InvalidInput(field=tr("posters", "Entry point"),
                           problem=tr("posters", "a counter entry point has no QR code"))
    if target.startswith("/"):
        target = f"http://{lan_address()}:{DEFAULT_PORT}{target}"
    store = get_store_profile()
    # Address on one line, hours and phone on the next: no line break inside either.
    footer = "\n".join(line for line in (
        store.address, "  ·  ".join(part for part in (hours.strip(), store.phone) if part))
        if line)
    return Poster(
        store_name=store.name,
        headline=headline.strip() or tr("posters", "Join our members"),
        qr_url=target,
        entry_name=entry.name,
        hook=hook.strip() or tr("posters", DEFAULT_HOOK),
        footer=footer,
        privacy=privacy.strip() or tr("posters", "Your phone number is used only for this "
                                                 "store's membership and offers."),
        scan_hint=tr("posters", SCAN_HINT),
        primary_color=store.primary_color,
        accent_color=store.accent_color,
        logo_png=store.logo_png,
    )
