"""The first-run dialog stores the store's name and language, and marks the first run done."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.domain.settings import get_setting
from desktop.domain.store import get_store_profile
from desktop.views.first_run import FirstRunDialog


def _dialog(qtbot, language="en") -> FirstRunDialog:
    dialog = FirstRunDialog(language=language)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_ok_saves_the_name_and_language_and_marks_first_run_done(qtbot, sqlite_db):
    assert get_setting("first_run_done") is False
    dialog = _dialog(qtbot)
    assert dialog.name_edit.text() == ""  # the default name is not offered as the shop's name
    dialog.name_edit.setText("花间花店")  # QTest types ASCII only
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter confirms

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_store_profile().name == "花间花店"
    assert get_store_profile().language == "en"
    assert get_setting("first_run_done") is True


def test_an_empty_name_keeps_the_dialog_open_with_the_problem_shown(qtbot, sqlite_db):
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.name_error.isVisible()
    assert dialog.name_error.text() == "enter a name"
    assert get_setting("first_run_done") is False


def test_escape_leaves_everything_as_it_was(qtbot, sqlite_db):
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Not this")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert get_store_profile().name == "My Shop"
    assert get_setting("first_run_done") is False


def test_picking_chinese_retranslates_the_dialog_at_once(qtbot, sqlite_db):
    dialog = _dialog(qtbot)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert dialog.windowTitle() == "欢迎使用店圈"
    assert dialog.name_caption.text() == "店名"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "开始使用"
    assert dialog.language_combo.itemText(0) == "跟随系统"
    dialog.name_edit.setText("花间花店")  # QTest types ASCII only
    dialog.accept()
    assert get_store_profile().language == "zh_CN"
