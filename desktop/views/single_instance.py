"""One running window per database: a lock file per database under data_dir()/locks."""

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile

from db.locations import data_dir
from db.target import file_key

log = logging.getLogger(__name__)


def lock_path(target_display: str) -> Path:
    """The lock file for a database, named after its display form (path or URL)."""
    return data_dir() / "locks" / f"{file_key(target_display)}.lock"


class InstanceLock:
    """Held while a window works on one database; a second window on it is refused."""

    def __init__(self, target_display: str) -> None:
        self.path = lock_path(target_display)
        self._lock: QLockFile | None = None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another window does."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("No single-instance lock (folder not writable): %s", exc.strerror)
            return True  # a read-only data folder must not keep the shop out of its data
        lock = QLockFile(str(self.path))
        # 0: never treat a live window's lock as stale by age; a crashed one's lock is
        # still recognised as stale because its process is gone.
        lock.setStaleLockTime(0)
        if lock.tryLock(100):
            self._lock = lock
            return True
        if lock.error() == QLockFile.LockError.LockFailedError:
            return False
        log.warning("No single-instance lock: %s", lock.error().name)
        return True

    def release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
