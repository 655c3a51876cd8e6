"""Rotating log files in logs_dir(), without Qt, shared by the window and the command line."""

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from db.locations import logs_dir

MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
# A safety net, not the rule: code must not log personal data in the first place. Mainland
# mobiles (also inside longer text such as an SQL error) become 138****5678.
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


class _MaskingFormatter(logging.Formatter):
    """Formats a record and masks any mobile number that slipped into it."""

    def format(self, record: logging.LogRecord) -> str:
        return _MOBILE.sub(r"\1****\3", super().format(record))


class _TolerantRotatingFileHandler(RotatingFileHandler):
    """Keeps writing to the current file when Windows refuses to rename it.

    The window and a scheduled command-line run may hold the same log open at once; on
    Windows the rename in a rollover then fails, and logging must not break the program.
    """

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()


def configure_logging(name: str = "shopcircle", level: int = logging.INFO) -> Path:
    """Send log records to logs_dir()/NAME.log (rotating); returns the file's path.

    Calling it again (another SHOPCIRCLE_HOME, the CLI then the window) replaces the
    handler it added before instead of writing every line twice.
    """
    directory = logs_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A log folder that cannot be made must not keep the shop out of the program.
        import tempfile

        directory = Path(tempfile.gettempdir()) / "ShopCircle-logs"
        directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "shopcircle_handler", False):
            root.removeHandler(handler)
            handler.close()
    handler = _TolerantRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.shopcircle_handler = True
    handler.setFormatter(_MaskingFormatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > level:
        root.setLevel(level)
    return path


def current_log_path() -> Path | None:
    """The file configure_logging set up, if it did."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "shopcircle_handler", False):
            return Path(handler.baseFilename)
    return None
