"""Where the database is (a SQLite file or a PostgreSQL URL), read without loading peewee."""

import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from db.locations import default_database_path


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the database is: a SQLite file path or a PostgreSQL URL."""

    kind: str  # sqlite | postgresql
    path: Path | None = None
    url: str = ""

    @property
    def display(self) -> str:
        """A form safe to show and log: the file path, or the URL without its password."""
        if self.kind == "sqlite":
            return str(self.path)
        from urllib.parse import urlsplit  # only PostgreSQL targets have a URL

        parts = urlsplit(self.url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"postgresql://{user}{host}{port}{parts.path}"


def file_key(display: str) -> str:
    """A short, file-name-safe name for the database `display` names (lock and cache files).

    Readable (`shop.db-3fa2b1c0`) and cheap: a CRC of the whole path or URL tells databases
    with the same name apart, and the window's start pays nothing for a crypto hash.
    """
    # Windows paths that differ only by case name the same file.
    key = display if display.startswith("postgresql://") else display.casefold()
    stem = re.sub(r"[^0-9A-Za-z._-]+", "_", re.split(r"[\\/]", key.rstrip("/\\"))[-1])[:40]
    return f"{stem}-{zlib.crc32(key.encode('utf-8')):08x}"


def resolve_target(path_or_url: str | os.PathLike | None = None) -> DatabaseTarget:
    """Read --db / SHOPCIRCLE_DB / the default into a target."""
    raw = path_or_url if path_or_url not in (None, "") else os.environ.get("SHOPCIRCLE_DB")
    if raw in (None, ""):
        return DatabaseTarget("sqlite", path=default_database_path())
    text = os.fspath(raw)
    lowered = text.lower()
    if lowered.startswith(("postgresql://", "postgres://")):
        return DatabaseTarget("postgresql", url=text)
    if lowered.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]
    return DatabaseTarget("sqlite", path=Path(text).expanduser().resolve())
