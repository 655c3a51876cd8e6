"""Bugs end in the crash dialog with the log's path; the log never keeps a phone number."""

import logging
import sys

import pytest
from PySide6.QtWidgets import QPushButton

from db.locations import logs_dir
from desktop.logging_setup import configure_logging
from desktop.views.crash import install_crash_handler


def test_uncaught_exception_is_logged_and_shows_the_crash_dialog(recorded_dialogs):
    log_path = configure_logging()
    restore = install_crash_handler(log_path)
    try:
        try:
            raise RuntimeError("boom while saving")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        restore()
    assert recorded_dialogs.named("show_crash") == [(log_path, "RuntimeError: boom while saving")]
    text = log_path.read_text(encoding="utf-8")
    assert "Traceback" in text
    assert "boom while saving" in text


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_button_handler_reaches_the_crash_dialog(qtbot, recorded_dialogs):
    log_path = configure_logging()
    restore = install_crash_handler(log_path)
    button = QPushButton()
    qtbot.addWidget(button)

    def broken_handler():
        raise ValueError("a bug in a slot")

    button.clicked.connect(broken_handler)
    try:
        button.click()
    finally:
        restore()
    assert recorded_dialogs.named("show_crash") == [(log_path, "ValueError: a bug in a slot")]


def test_log_goes_to_logs_dir_and_masks_mobile_numbers():
    path = configure_logging()
    assert path.parent == logs_dir()
    logging.getLogger("shopcircle.test").warning("lookup failed for 13812345678")
    text = path.read_text(encoding="utf-8")
    assert "138****5678" in text
    assert "13812345678" not in text


def test_configuring_twice_does_not_double_every_line():
    first = configure_logging()
    configure_logging()
    logging.getLogger("shopcircle.test").warning("once")
    assert first.read_text(encoding="utf-8").count("once") == 1


def test_an_unusable_log_folder_falls_back_instead_of_stopping_the_program(
    isolated_home, monkeypatch
):
    import logging
    import tempfile

    from desktop.logging_setup import configure_logging

    monkeypatch.setattr(tempfile, "tempdir", str(isolated_home))  # not the machine's temp
    blocker = isolated_home / "blocked"
    blocker.write_text("a file where the log folder should be")
    monkeypatch.setenv("SHOPCIRCLE_HOME", str(blocker))
    path = configure_logging("fallback-test")
    logging.getLogger("fallback").warning("still logging")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.parent == isolated_home / "ShopCircle-logs"
    assert "still logging" in path.read_text(encoding="utf-8")


def test_a_full_log_moves_aside_and_old_ones_are_numbered(isolated_home, monkeypatch):
    import logging

    from desktop import logging_setup

    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2_000)
    monkeypatch.setattr(logging_setup, "BACKUP_COUNT", 2)
    path = logging_setup.configure_logging("rotation-test")
    logger = logging.getLogger("rotation")
    for number in range(100):
        logger.warning("line %03d of a long day at the till", number)
    files = sorted(p.name for p in path.parent.glob("rotation-test.log*"))
    assert files == ["rotation-test.log", "rotation-test.log.1", "rotation-test.log.2"]
    assert all(p.stat().st_size < 2_200 for p in path.parent.glob("rotation-test.log*"))
    assert "line 099" in path.read_text(encoding="utf-8")
