"""What every page gets from the window, and the base class pages share."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from db import DatabaseInfo
    from desktop.domain.store import StoreProfile


@dataclass(frozen=True)
class PageContext:
    """The window's services a page may use: no page reaches into the window itself."""

    database: "DatabaseInfo"
    notify: Callable[[str], None]  # a short, non-blocking notice
    show_page: Callable[[str], None]  # go to another page by key
    profile_saved: Callable[["StoreProfile", "StoreProfile"], None]  # (before, after)


class Page(QWidget):
    """A page on the right of the rail; `refresh` reloads it each time it is shown."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def refresh(self) -> None:
        """Reload what the page shows from the database."""
