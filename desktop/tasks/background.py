"""Run a domain function on a worker thread; its result or error comes back as a signal.

Database work shares one serial pool: SQLite takes one writer at a time, and a queue of
jobs in order is easier to reason about than jobs racing each other. Reading or writing a
file that never touches the database runs on its own pool, so it does not wait behind them.

Long work (`run_long_task`) also reports progress, throttled so that a loop over 100,000
rows sends the window a few dozen updates, and can be asked to stop through its handle.
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05  # seconds between progress updates: smooth, and cheap for the UI

_pools: dict[str, QThreadPool] = {}

Progress = Callable[[int, int], None]


def _pool(name: str) -> QThreadPool:
    if name not in _pools:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        if name == "database":
            # One thread for the life of the app, keeping its connection open between jobs:
            # a new SQLite connection starts with a cold page cache (a list page read on
            # one took twice as long).
            pool.setExpiryTimeout(-1)
        _pools[name] = pool
    return _pools[name]


def database_pool() -> QThreadPool:
    """The one-thread pool every database job runs in."""
    return _pool("database")


def file_pool() -> QThreadPool:
    """A one-thread pool for reading and writing files that never touch the database."""
    return _pool("files")


class TaskCancelled(Exception):
    """A long task was cancelled before its work began; nothing of it ran."""


class TaskRelay(QObject):
    """Lives on the UI thread and calls a task's callbacks there.

    The worker emits; the relay's own slots receive (queued, since the relay belongs to the
    UI thread) and call the plain Python callbacks. Relays are kept alive until they have
    delivered, so a result is never dropped with a collected wrapper.
    """

    finished = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised
    progressed = Signal(object, object)  # (done, total) of a long task

    def __init__(self, on_done, on_error, on_progress=None) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)
        self.progressed.connect(self._deliver_progress)

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

    @Slot(object, object)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


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
        except TaskCancelled as exc:
            self._report(self.relay.failed, exc)
        except Exception as exc:  # handed to the UI thread, which decides what to say
            log.warning("Background task failed: %s", type(exc).__name__)
            self._report(self.relay.failed, exc)
        else:
            self._report(self.relay.finished, result)

    @staticmethod
    def _report(signal, *values: Any) -> None:
        # RuntimeError: the relay went with its owner (a closed page); nobody is waiting.
        with contextlib.suppress(RuntimeError):
            signal.emit(*values)


def _relay(on_done, on_error, on_progress, owner: QObject | None) -> TaskRelay:
    relay = TaskRelay(on_done, on_error, on_progress)
    _pending.add(relay)
    if owner is not None:
        relay.setParent(owner)
        relay.destroyed.connect(lambda: _pending.discard(relay))
    return relay


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
    database_pool().start(Task(work, _relay(on_done, on_error, None, owner)))


class TaskHandle:
    """A running long task: `cancel()` asks its work to stop at its next check."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop; its outcome (often the domain's own Cancelled) still arrives."""
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        """True once `cancel()` was called; the work polls this, from any thread."""
        return self._cancelled.is_set()


class _ThrottledProgress:
    """The `progress(done, total)` handed to the work: thread-safe, at most one signal per
    interval, but always the one saying the work is complete."""

    def __init__(self, relay: TaskRelay, interval: float) -> None:
        self._relay = relay
        self._interval = interval
        self._lock = threading.Lock()
        self._last = float("-inf")

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            complete = 0 < total <= done
            if now - self._last < self._interval and not complete:
                return
            self._last = now
        Task._report(self._relay.progressed, done, total)


def run_long_task(
    work: Callable[[Progress, Callable[[], bool]], Any],
    on_progress: Progress | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> TaskHandle:
    """Queue `work(progress, cancelled)` on `pool` (the database pool unless told otherwise).

    `progress(done, total)` may be called from the work as often as it likes; `on_progress`
    gets the updates on the UI thread, at most one per `interval`. `cancelled()` turns true
    once the returned handle's `cancel()` is called. A task cancelled before it began never
    runs its work: `on_error` gets TaskCancelled. Callbacks follow `run_database_task`'s rules.
    """
    handle = TaskHandle()
    relay = _relay(on_done, on_error, on_progress, owner)
    progress = _ThrottledProgress(relay, interval)

    def call() -> Any:
        if handle.is_cancelled():
            raise TaskCancelled()
        return work(progress, handle.is_cancelled)

    (pool or database_pool()).start(Task(call, relay))
    return handle


def wait_for_database_tasks() -> None:
    """Block until queued database work is done and the database thread's connection is
    closed (before the database is closed or another one opened)."""
    if "database" in _pools:
        pool = _pools["database"]
        pool.start(_close_thread_connection)
        pool.waitForDone()


def wait_for_all_tasks() -> None:
    """Block until every pool's queued work is done (the app exiting, a screenshot)."""
    wait_for_database_tasks()
    for pool in list(_pools.values()):
        pool.waitForDone()


def wait_for_file_tasks() -> None:
    """Block until queued file work is done (a test removing its files, the app exiting)."""
    if "files" in _pools:
        _pools["files"].waitForDone()


def _close_thread_connection() -> None:
    # peewee keeps one connection per thread: the database thread's is closed on request.
    from db.models import database

    if database.obj is not None and not database.is_closed():
        database.close()
