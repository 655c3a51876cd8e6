"""The About box shows the version, the database and the folders where things are kept."""

from PySide6.QtWidgets import QLabel

from db.locations import backups_dir, logs_dir
from desktop import __version__
from desktop.views.about import AboutDialog


def _texts(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_about_shows_version_database_and_folders(qtbot, sqlite_db, recorded_dialogs):
    dialog = AboutDialog(sqlite_db)
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == f"Version {__version__}"
    assert dialog.database_label.text() == str(sqlite_db.target.path)
    assert dialog.schema_label.text() == str(sqlite_db.schema_version)
    texts = _texts(dialog)
    assert str(backups_dir()) in texts
    assert str(logs_dir()) in texts
    assert any("All rights reserved" in text for text in texts)


def test_about_in_chinese_has_no_english_captions(qtbot, sqlite_db):
    from desktop.views import translation

    translation.apply_language("zh_CN")
    dialog = AboutDialog(sqlite_db)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "关于店圈"
    assert dialog.version_label.text() == f"版本 {__version__}"
    for text in _texts(dialog):
        if text and "/" not in text and "\\" not in text and not text.isdigit():
            assert not any("a" <= ch.lower() <= "z" for ch in text), text
