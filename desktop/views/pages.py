"""The pages the window offers, in rail order: adding a page is one line in PAGES.

Qt-free on purpose: the start-up code checks --page before it pays for Qt.
"""

import importlib
from dataclasses import dataclass

from desktop.i18n import tr, tr_noop


@dataclass(frozen=True)
class PageSpec:
    """One page: its --page name, rail label and icon, and where its class lives."""

    key: str
    title: str  # English source, marked with tr_noop("Navigation", …); shown through tr
    icon: str  # a file in resources/icons, without .svg
    factory: str  # "module:Class", imported when the page is first shown (keeps start-up fast)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", tr_noop("Navigation", "Overview"), "home", "desktop.views.home.page:HomePage"),
    PageSpec("members", tr_noop("Navigation", "Members"), "members",
             "desktop.views.members.page:MembersPage"),
    PageSpec("entries", tr_noop("Navigation", "Entry points"), "entries",
             "desktop.views.entries.page:EntriesPage"),
    # Later issues insert partners, dashboard here.
    PageSpec("coupons", tr_noop("Navigation", "Coupons"), "coupons",
             "desktop.views.coupons.page:CouponsPage"),
    PageSpec("redeem", tr_noop("Navigation", "Redeem"), "redeem",
             "desktop.views.redeem.page:RedeemPage"),
    PageSpec(
        "settings",
        tr_noop("Navigation", "Settings"),
        "settings",
        "desktop.views.settings.page:SettingsPage",
    ),
)
HOME_PAGE = "home"
# Named in the command-line contract, built by later issues.
PLANNED_PAGES = ("partners", "dashboard")


def find_page(key: str) -> PageSpec | None:
    """The page called `key`, if the window offers it."""
    return next((spec for spec in PAGES if spec.key == key), None)


def page_title(spec: PageSpec) -> str:
    """The page's name in the current language."""
    return tr("Navigation", spec.title)


def load_page_class(spec: PageSpec) -> type:
    """Import the page's class (a desktop.views.page.Page subclass)."""
    module_name, class_name = spec.factory.split(":")
    return getattr(importlib.import_module(module_name), class_name)


def page_problem(key: str | None) -> str | None:
    """Why `key` cannot be shown, in the current language; None when it can."""
    if key is None or find_page(key) is not None:
        return None
    available = ", ".join(spec.key for spec in PAGES)
    if key in PLANNED_PAGES:
        text = tr("Pages", "The page '{page}' is not available yet. Pages you can show: {pages}.")
    else:
        text = tr("Pages", "There is no page called '{page}'. Pages you can show: {pages}.")
    return text.format(page=key, pages=available)
