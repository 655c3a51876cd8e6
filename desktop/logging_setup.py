"""Rotating log files in logs_dir(), without Qt, shared by the window and the command line."""

import logging
import os
import re
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


class _RotatingLogFile(logging.FileHandler):
    """A log file that moves to NAME.log.1 … .N when it reaches max_bytes.

    Written here rather than taken from logging.handlers, whose import (sockets, pickle,
    queues) would cost every start of the window. When Windows refuses the rename because
    the window and a scheduled command-line run hold the same log, it keeps writing.
    """

    def __init__(self, path: Path, max_bytes: int, backup_count: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.backup_count = backup_count

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._is_full():
                self._rotate()
        except OSError:
            pass  # the rename was refused: this line goes to the current file
        super().emit(record)

    def _is_full(self) -> bool:
        if self.stream is None:
            return os.path.exists(self.baseFilename) and (
                os.path.getsize(self.baseFilename) >= self.max_bytes
            )
        return self.stream.tell() >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # reopened, empty, by the next emit
        for number in range(self.backup_count - 1, 0, -1):
            older = f"{self.baseFilename}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        os.replace(self.baseFilename, f"{self.baseFilename}.1")


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
    handler = _RotatingLogFile(path, MAX_BYTES, BACKUP_COUNT)
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
