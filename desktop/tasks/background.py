"""Run a domain function on a worker thread; its result or error comes back as a signal.

Database work shares one serial pool: SQLite takes one writer at a time, and a queue of
jobs in order is easier to reason about than jobs racing each other.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

_database_pool: QThreadPool | None = None


def database_pool() -> QThreadPool:
    """The one-thread pool every database job runs in."""
    global _database_pool
    if _database_pool is None:
        _database_pool = QThreadPool()
        _database_pool.setMaxThreadCount(1)
    return _database_pool


class TaskSignals(QObject):
    """How a task reports back; connected slots run on the UI thread."""

    finished = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised


class Task(QRunnable):
    """One call of `work()` on a pool thread."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI thread, which decides what to say
            log.warning("Background task failed: %s", type(exc).__name__)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            _close_thread_connection()


def run_database_task(
    work: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
) -> Task:
    """Queue `work` on the database pool; `on_done`/`on_error` run on the UI thread."""
    task = Task(work)
    if on_done is not None:
        task.signals.finished.connect(on_done)
    if on_error is not None:
        task.signals.failed.connect(on_error)
    database_pool().start(task)
    return task


def wait_for_database_tasks() -> None:
    """Block until queued database work is done (before the database is closed at exit)."""
    if _database_pool is not None:
        _database_pool.waitForDone()


def _close_thread_connection() -> None:
    # peewee keeps one connection per thread; a pool thread's must not outlive its job.
    from db.models import database

    if database.obj is not None and not database.is_closed():
        database.close()
