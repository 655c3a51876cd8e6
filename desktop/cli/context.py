"""What every command gets: the global options, the database, and the way to answer."""

import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from desktop import i18n

if TYPE_CHECKING:  # the database layer is imported only when a command opens it
    from db import DatabaseInfo


@dataclass
class CliContext:
    """Global options plus output helpers; commands open the database through it."""

    db: str | None
    json: bool
    lang: str | None  # --lang as given; None: the stored setting, else the system's
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    info: "DatabaseInfo | None" = None  # set by open_database()

    def open_database(self) -> "DatabaseInfo":
        """Open (create, upgrade) the database and switch to its stored language."""
        from db import init_db
        from desktop.domain.settings import get_setting

        self.info = init_db(self.db)
        if not self.lang:
            stored = get_setting("language")
            if stored:
                i18n.set_language(stored)
        return self.info

    def close(self) -> None:
        """Close the database if a command opened it."""
        if self.info is not None:
            from db import close_db

            close_db()
            self.info = None

    def answer(self, payload: dict[str, Any], text: str) -> None:
        """The command's result: `payload` as one JSON object with --json, else `text`."""
        if self.json:
            write_json(self.stdout, {"ok": True, **payload})
        elif text:
            print(text, file=self.stdout)

    def note(self, text: str) -> None:
        """Progress for a person watching; silent with --json (stdout stays one object)."""
        if not self.json:
            print(text, file=self.stderr, flush=True)


def write_json(stream: TextIO, payload: dict[str, Any]) -> None:
    """One JSON object and a newline, UTF-8 whatever the console's code page."""
    text = json.dumps(payload, ensure_ascii=False, default=str) + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
