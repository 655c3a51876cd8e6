"""The store's look (name, colours, language, logo), remembered per database.

With it the window paints at once and opens the database right after, instead of making
the shop owner wait for the database (a PostgreSQL server may be a network away) before
anything appears. Qt-free; kept beside the data in data_dir()/window/.
"""

import base64
import json
import logging
from dataclasses import asdict, dataclass

from db.locations import data_dir
from db.target import file_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowLook:
    """What the window's frame shows before the database is open."""

    store_name: str
    primary_color: str
    language: str  # the stored choice: '' follows the system
    logo_png: bytes | None = None

    @classmethod
    def from_profile(cls, profile) -> "WindowLook":
        """The look of a desktop.domain.store.StoreProfile."""
        return cls(profile.name, profile.primary_color, profile.language, profile.logo_png)


def _look_file(target):
    return data_dir() / "window" / f"{file_key(target.display)}.json"


def remembered_look(target) -> WindowLook | None:
    """The look saved at the last start on this database; None the first time or if unreadable."""
    path = _look_file(target)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        logo = saved.get("logo_png")
        return WindowLook(
            store_name=str(saved["store_name"]),
            primary_color=str(saved["primary_color"]),
            language=str(saved["language"]),
            logo_png=base64.b64decode(logo) if logo else None,
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("The remembered window look could not be read; opening the database first")
        return None


def remember_look(target, look: WindowLook) -> None:
    """Save `look` for the next start; a failure only costs that start its head start."""
    path = _look_file(target)
    saved = asdict(look)
    saved["logo_png"] = base64.b64encode(look.logo_png).decode() if look.logo_png else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        log.warning("The window look could not be remembered", exc_info=True)
