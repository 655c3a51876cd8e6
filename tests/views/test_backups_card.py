"""Settings → Data and backups: back up now, restore (confirmed, undoable), refusals."""

from dataclasses import replace

from PySide6.QtCore import Qt

from desktop.domain.backups import list_backups
from desktop.domain.store import get_store_profile, save_store_profile
from desktop.tasks.background import database_pool


def _backups_card(main_window):
    return main_window.show_page("settings").backups_card


def _settle(qtbot):
    """Let the database thread finish and its result reach the window."""
    assert database_pool().waitForDone(30_000)
    qtbot.wait(50)


def test_back_up_now_writes_a_backup_and_says_so(main_window, qtbot, monkeypatch):
    notices = []
    monkeypatch.setattr(main_window, "notify", notices.append)
    card = _backups_card(main_window)
    assert card.last_backup_label.text() == "No backup yet."
    qtbot.mouseClick(card.backup_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    (entry,) = list_backups()
    assert entry.reason == "manual"
    assert notices == [f"Backup saved: {entry.path.name}"]
    assert card.last_backup_label.text().startswith("Newest backup: ")
    assert card.backup_button.isEnabled()


def test_restore_brings_the_data_back_and_keeps_what_it_replaced(
    main_window, qtbot, recorded_dialogs
):
    save_store_profile(replace(get_store_profile(), name="Before"))
    card = _backups_card(main_window)
    card.back_up_now()
    _settle(qtbot)
    (backup,) = list_backups()
    save_store_profile(replace(get_store_profile(), name="After"))
    recorded_dialogs.files.append(backup.path)
    recorded_dialogs.confirmations.append(True)
    card.restore()
    _settle(qtbot)
    assert get_store_profile().name == "Before"
    (title, text), = recorded_dialogs.named("show_info")
    assert title == "Backup restored"
    safety = [entry for entry in list_backups() if entry.reason == "before-restore"]
    assert len(safety) == 1 and str(safety[0].path) in text
    qtbot.waitUntil(lambda: main_window.store_name_label.text() == "Before")


def test_cancelling_the_confirmation_changes_nothing(main_window, qtbot, recorded_dialogs):
    card = _backups_card(main_window)
    card.back_up_now()
    _settle(qtbot)
    (backup,) = list_backups()
    save_store_profile(replace(get_store_profile(), name="Kept"))
    recorded_dialogs.files.append(backup.path)
    card.restore()  # no confirmation queued: the user presses Cancel
    _settle(qtbot)
    assert get_store_profile().name == "Kept"
    assert len(recorded_dialogs.named("confirm")) == 1
    assert len(list_backups()) == 1


def test_a_file_that_is_not_a_backup_is_refused_before_asking(
    main_window, qtbot, recorded_dialogs, tmp_path
):
    not_a_backup = tmp_path / "photo.db"
    not_a_backup.write_bytes(b"\x89PNG not a database")
    recorded_dialogs.files.append(not_a_backup)
    _backups_card(main_window).restore()
    (title, _text), = recorded_dialogs.named("show_error")
    assert title == "This backup cannot be restored"
    assert recorded_dialogs.named("confirm") == []
