"""Database work runs off the UI thread; its result and errors come back on the UI thread."""

import threading

from desktop.tasks.background import database_pool, run_database_task


def _settle(qtbot, seen, count):
    assert database_pool().waitForDone(10_000)
    qtbot.waitUntil(lambda: len(seen) == count)


def test_work_runs_on_a_worker_and_the_result_comes_back_on_the_ui_thread(qtbot, sqlite_db):
    seen = []

    def work():
        from db.models import Member

        return threading.current_thread() is threading.main_thread(), Member.select().count()

    run_database_task(work, lambda result: seen.append(
        (result, threading.current_thread() is threading.main_thread())))
    _settle(qtbot, seen, 1)
    assert seen == [((False, 0), True)]


def test_an_error_comes_back_on_the_ui_thread_and_later_work_still_runs(qtbot, sqlite_db):
    seen = []

    def broken():
        raise ValueError("disk full")

    run_database_task(broken, on_error=lambda error: seen.append(
        (str(error), threading.current_thread() is threading.main_thread())))
    run_database_task(lambda: "next", lambda result: seen.append((result, True)))
    _settle(qtbot, seen, 2)
    assert seen == [("disk full", True), ("next", True)]


def test_nothing_is_delivered_to_an_owner_that_is_gone(qtbot, sqlite_db):
    import time

    from PySide6.QtWidgets import QWidget

    seen = []
    owner = QWidget()
    run_database_task(lambda: time.sleep(0.2) or "late", seen.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(10)  # the owner is deleted while the work still runs
    assert database_pool().waitForDone(10_000)
    run_database_task(lambda: "after", seen.append)
    qtbot.waitUntil(lambda: seen == ["after"])


# -- long tasks: progress, cancel, the file pool ------------------------------------------------


def test_a_long_task_sends_throttled_progress_and_always_the_last_step(qtbot):
    from desktop.tasks.background import file_pool, run_long_task

    updates, results = [], []

    def work(progress, cancelled):
        for done in range(1, 100_001):
            progress(done, 0)  # a total not known yet is throttled too
        for done in range(1, 100_001):
            progress(done, 100_000)
        return "done"

    run_long_task(work, lambda done, total: updates.append((done, total)), results.append,
                  pool=file_pool())
    assert file_pool().waitForDone(10_000)
    qtbot.waitUntil(lambda: results == ["done"])
    assert 1 <= len(updates) < 400  # not 200,000 signals
    assert updates[-1] == (100_000, 100_000)
    assert [u for u in updates if u[1]] == sorted(u for u in updates if u[1])


def test_cancel_reaches_the_work_which_stops_at_its_next_check(qtbot):
    import time

    from desktop.tasks.background import file_pool, run_long_task

    started, steps, outcome = threading.Event(), [], []

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            steps.append(1)
            time.sleep(0.005)
        raise RuntimeError("stopped")

    handle = run_long_task(work, on_error=lambda error: outcome.append(str(error)),
                           pool=file_pool())
    assert started.wait(5)
    assert not handle.is_cancelled()
    handle.cancel()
    assert file_pool().waitForDone(10_000)
    qtbot.waitUntil(lambda: outcome == ["stopped"])
    assert handle.is_cancelled() and steps


def test_a_task_cancelled_before_it_starts_never_runs(qtbot, sqlite_db):
    from desktop.tasks.background import TaskCancelled, run_long_task

    gate, ran, outcome = threading.Event(), [], []
    run_database_task(lambda: gate.wait(5))  # holds the one database thread
    handle = run_long_task(lambda progress, cancelled: ran.append(1), on_done=outcome.append,
                           on_error=outcome.append)
    handle.cancel()
    gate.set()
    assert database_pool().waitForDone(10_000)
    qtbot.waitUntil(lambda: len(outcome) == 1)
    assert isinstance(outcome[0], TaskCancelled) and ran == []


def test_file_work_does_not_wait_behind_database_work(qtbot, sqlite_db):
    from desktop.tasks.background import file_pool, run_long_task

    gate, seen = threading.Event(), []
    run_database_task(lambda: gate.wait(10), lambda _result: seen.append("database"))
    run_long_task(lambda progress, cancelled: "file", on_done=seen.append, pool=file_pool())
    qtbot.waitUntil(lambda: seen == ["file"], timeout=5000)  # the database job still waits
    gate.set()
    _settle(qtbot, seen, 2)
    assert seen == ["file", "database"]
