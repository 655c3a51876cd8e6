"""Settings → Birthday coupons: the template (or off) and the days before, saved on the
database thread, with problems shown under their field."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.domain.coupons import TemplateInput, add_template, archive_template
from desktop.domain.settings import get_setting, set_setting
from desktop.tasks.background import database_pool
from desktop.views import translation


def _birthday_card(main_window, qtbot):
    card = main_window.show_page("settings").birthday_card
    qtbot.waitUntil(lambda: card.save_button.isEnabled())  # loaded on the database thread
    return card


def _settle(qtbot):
    """Let the database thread finish and its result reach the window."""
    assert database_pool().waitForDone(30_000)
    qtbot.wait(50)


def _templates() -> dict[str, int]:
    return {"money": add_template(TemplateInput("生日满减", "amount", 2000, valid_days=30)).id,
            "gift": add_template(TemplateInput("生日蛋糕", "gift")).id}


def test_the_card_lists_usable_templates_and_saves_the_choice(sqlite_db, main_window, qtbot):
    templates = _templates()
    add_template(TemplateInput("去年的券", "amount", 500, valid_from=dt.date(2020, 1, 1),
                               valid_to=dt.date(2020, 1, 31)))  # over: not offered
    notices = []
    main_window.notify = notices.append
    card = _birthday_card(main_window, qtbot)
    combo = card.template_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Off", "生日蛋糕 · Free item", "生日满减 · ¥20 off"]
    assert combo.currentText() == "Off" and card.days_edit.text() == "7"
    combo.setCurrentIndex(combo.findData(templates["money"]))
    card.days_edit.setText("14")
    assert card.status_label.text() == "Unsaved changes"
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert (get_setting("birthday_coupon_template"),
            get_setting("birthday_coupon_days_before")) == (templates["money"], 14)
    assert notices == ["Birthday coupons saved."]
    assert card.status_label.text() == ""
    combo.setCurrentIndex(0)
    qtbot.keyClick(card.days_edit, Qt.Key.Key_Return)  # Enter saves
    _settle(qtbot)
    assert get_setting("birthday_coupon_template") is None
    assert notices[-1] == "Birthday coupons are off."


@pytest.mark.parametrize("typed, problem", [("0", "1 to 60 days"), ("61", "1 to 60 days"),
                                            ("abc", "enter a whole number of days")])
def test_wrong_days_are_shown_under_the_field_and_nothing_is_saved(
        sqlite_db, main_window, qtbot, typed, problem):
    card = _birthday_card(main_window, qtbot)
    card.days_edit.setText(typed)
    assert not card.save()
    assert card.days_error.text() == problem and card.days_error.isVisible()
    assert card.days_edit.property("invalid")
    assert card.status_label.text() == "Not saved: correct the field marked in red."
    assert get_setting("birthday_coupon_days_before") == 7
    card.discard()
    assert card.days_edit.text() == "7" and not card.days_error.isVisible()


def test_a_template_archived_meanwhile_is_refused_under_its_field(sqlite_db, main_window, qtbot):
    templates = _templates()
    card = _birthday_card(main_window, qtbot)
    card.template_combo.setCurrentIndex(card.template_combo.findData(templates["gift"]))
    archive_template(templates["gift"])  # on another PC, while the card was open
    assert card.save()
    _settle(qtbot)
    assert card.template_error.text() == "“生日蛋糕” can no longer issue coupons"
    assert get_setting("birthday_coupon_template") is None
    assert card.save_button.isEnabled()


def test_a_chosen_template_that_was_archived_is_still_shown(sqlite_db, main_window, qtbot):
    templates = _templates()
    set_setting("birthday_coupon_template", templates["gift"])
    set_setting("birthday_coupon_days_before", 3)
    archive_template(templates["gift"])
    card = _birthday_card(main_window, qtbot)
    assert card.template_combo.currentText() == "生日蛋糕 · Free item (archived)"
    assert card.days_edit.text() == "3" and not card.is_edited()


def test_the_page_save_saves_an_edited_birthday_card(sqlite_db, main_window, qtbot):
    templates = _templates()
    page = main_window.show_page("settings")
    card = _birthday_card(main_window, qtbot)
    card.template_combo.setCurrentIndex(card.template_combo.findData(templates["gift"]))
    assert page.save()
    _settle(qtbot)
    assert get_setting("birthday_coupon_template") == templates["gift"]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_card_fits_its_texts(sqlite_db, main_window, qtbot, language):
    _templates()
    add_template(TemplateInput("会员生日专享·满200减50·全场通用·节假日可用·长标题测试", "amount",
                               5000, min_spend_cents=20000))
    translation.apply_language(language)
    main_window.resize(1280, 800)
    card = _birthday_card(main_window, qtbot)
    card.template_combo.setCurrentIndex(1)
    card.days_edit.setText("99")
    card.save()
    page = main_window.show_page("settings")
    page.scroll.ensureWidgetVisible(card)
    qtbot.wait(50)
    assert card.width() >= card.minimumSizeHint().width()
    assert card.template_combo.width() == 400
    card.grab().save(f"/tmp/couponlinks-birthday-{language}.png")
