"""Settings: save round-trips to the database, problems show inline, language switches live."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from desktop.domain.store import get_store_profile


def _settings(main_window):
    return main_window.show_page("settings")


def _png(path, size=16) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1E63B5"))
    assert image.save(str(path), "PNG")
    return path.read_bytes()


def test_save_round_trips_to_the_database(main_window, qtbot):
    page = _settings(main_window)
    page.name_edit.setText("阳光烘焙")
    page.address_edit.setText("幸福路 8 号")
    page.phone_edit.setText("021-5555 1234")
    page.primary_field.edit.setText("#1e63b5")
    page.accent_field.set_value("#2E7D32")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    saved = get_store_profile()
    assert (saved.name, saved.address, saved.phone) == ("阳光烘焙", "幸福路 8 号", "021-5555 1234")
    assert (saved.primary_color, saved.accent_color) == ("#1E63B5", "#2E7D32")
    assert main_window.toast.isVisible()
    assert main_window.toast.text() == "Settings saved"
    qtbot.waitUntil(lambda: main_window.store_name_label.text() == "阳光烘焙")
    assert main_window.windowTitle() == "ShopCircle — 阳光烘焙"
    assert main_window.page("settings").name_edit.text() == "阳光烘焙"


def test_bad_colour_is_shown_next_to_the_field_and_nothing_is_saved(main_window, qtbot):
    page = _settings(main_window)
    page.name_edit.setText("New name")
    page.primary_field.edit.setText("#12")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.primary_error.isVisible()
    assert page.primary_error.text() == "use a colour like #C8102E"
    assert page.primary_field.edit.property("invalid") is True
    assert not page.name_error.isVisible()
    assert not main_window.toast.isVisible()
    assert get_store_profile().name == "My Shop"


def test_empty_name_is_shown_next_to_the_name(main_window, qtbot):
    page = _settings(main_window)
    page.name_edit.setText("   ")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)  # Enter saves
    assert page.name_error.isVisible()
    assert page.name_error.text() == "enter a name"
    assert get_store_profile().name == "My Shop"
    page.name_edit.setText("Fixed")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert not page.name_error.isVisible()
    assert get_store_profile().name == "Fixed"


def test_escape_discards_unsaved_edits(main_window, qtbot):
    page = _settings(main_window)
    page.name_edit.setText("Not saved")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Escape)
    assert page.name_edit.text() == "My Shop"


def test_colour_picker_and_presets_fill_the_field(main_window, qtbot, recorded_dialogs):
    page = _settings(main_window)
    recorded_dialogs.colors.append("#6A3FB5")
    qtbot.mouseClick(page.primary_field.swatch, Qt.MouseButton.LeftButton)
    assert page.primary_field.value() == "#6A3FB5"
    assert recorded_dialogs.named("choose_color") == [("#C8102E",)]


def test_logo_is_chosen_previewed_saved_and_removed(main_window, qtbot, recorded_dialogs, tmp_path):
    page = _settings(main_window)
    data = _png(tmp_path / "logo.png")
    recorded_dialogs.files.append(tmp_path / "logo.png")
    qtbot.mouseClick(page.choose_logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_preview.pixmap() is not None and not page.logo_preview.pixmap().isNull()
    assert page.remove_logo_button.isEnabled()
    assert page.save()
    assert get_store_profile().logo_png == data

    saved_page = page
    qtbot.waitUntil(lambda: main_window.page("settings") is not saved_page)  # rebuilt
    page = main_window.page("settings")
    assert not page.logo_preview.pixmap().isNull()
    qtbot.mouseClick(page.remove_logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_preview.text() == "No logo"
    assert page.save()
    assert get_store_profile().logo_png is None


def test_a_file_that_is_not_a_png_is_refused_inline(main_window, qtbot, recorded_dialogs, tmp_path):
    page = _settings(main_window)
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a not really")
    recorded_dialogs.files.append(fake)
    qtbot.mouseClick(page.choose_logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_error.isVisible()
    assert page.logo_error.text() == "choose a PNG image"
    assert page.logo_preview.text() == "No logo"


def test_switching_language_retranslates_the_window(main_window, qtbot):
    page = _settings(main_window)
    page.language_combo.setCurrentIndex(page.language_combo.findData("zh_CN"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: main_window.nav_labels() == ["概览", "会员", "入口与海报",
                                                         "优惠券", "核销", "设置"])
    assert get_store_profile().language == "zh_CN"
    assert main_window.windowTitle() == "店圈 — My Shop"
    assert main_window.toast.text() == "设置已保存"
    rebuilt = main_window.page("settings")
    assert main_window.current_page_key == "settings"
    assert rebuilt.save_button.text() == "保存"
    assert rebuilt.language_combo.currentData() == "zh_CN"

    rebuilt.language_combo.setCurrentIndex(rebuilt.language_combo.findData("en"))
    qtbot.mouseClick(rebuilt.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main_window.nav_labels() == ["Overview", "Members", "Entry points",
                                                         "Coupons", "Redeem", "Settings"])
