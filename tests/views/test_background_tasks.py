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
