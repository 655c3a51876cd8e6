"""Run a domain function on a worker thread; its result or error comes back as a signal.

Database work shares one serial pool: SQLite takes one writer at a time, and a queue of
jobs in order is easier to reason about than jobs racing each other.
"""

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_database_pool: QThreadPool | None = None


def database_pool() -> QThreadPool:
    """The one-thread pool every database job runs in."""
    global _database_pool
    if _database_pool is None:
        _database_pool = QThreadPool()
        _database_pool.setMaxThreadCount(1)
    return _database_pool


class TaskRelay(QObject):
    """Lives on the UI thread and calls a task's callbacks there.

    The worker emits; the relay's own slots receive (queued, since the relay belongs to the
    UI thread) and call the plain Python callbacks. Relays are kept alive until they have
    delivered, so a result is never dropped with a collected wrapper.
    """

    finished = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised

    def __init__(self, on_done, on_error) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        _pending.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: Exception) -> None:
        _pending.discard(self)
        if self._on_error is not None:
            self._on_error(error)


_pending: set[TaskRelay] = set()


class Task(QRunnable):
    """One call of `work()` on a pool thread, reporting through its relay."""

    def __init__(self, work: Callable[[], Any], relay: TaskRelay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI thread, which decides what to say
            log.warning("Background task failed: %s", type(exc).__name__)
            self._report(self.relay.failed, exc)
        else:
            self._report(self.relay.finished, result)
        finally:
            _close_thread_connection()

    @staticmethod
    def _report(signal, value: Any) -> None:
        # RuntimeError: the relay went with its owner (a closed page); nobody is waiting.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def run_database_task(
    work: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    owner: QObject | None = None,
) -> None:
    """Queue `work` on the database pool; `on_done`/`on_error` run later on the UI thread.

    With an `owner` (the widget the callbacks update), nothing is delivered once the owner
    is gone, so a page closed while its query runs is never touched afterwards.
    """
    relay = TaskRelay(on_done, on_error)
    _pending.add(relay)
    if owner is not None:
        relay.setParent(owner)
        relay.destroyed.connect(lambda: _pending.discard(relay))
    database_pool().start(Task(work, relay))


def wait_for_database_tasks() -> None:
    """Block until queued database work is done (before the database is closed at exit)."""
    if _database_pool is not None:
        _database_pool.waitForDone()


def _close_thread_connection() -> None:
    # peewee keeps one connection per thread; a pool thread's must not outlive its job.
    from db.models import database

    if database.obj is not None and not database.is_closed():
        database.close()
