"""Settings → Membership rules: points, expiry, sleeping and tiers, saved on the database thread."""

import threading

from PySide6.QtCore import Qt

from db.models import Member, Setting, TierRule
from desktop.domain.purchases import record_purchase
from desktop.domain.settings import get_setting, set_setting
from desktop.domain.store import current_store
from desktop.domain.tiers import TierSpec, list_tiers, save_tiers
from desktop.tasks.background import database_pool, run_database_task


def _rules_card(main_window, qtbot):
    card = main_window.show_page("settings").rules_card
    qtbot.waitUntil(lambda: card.save_button.isEnabled())  # loaded on the database thread
    return card


def _settle(qtbot):
    """Let the database thread finish and its result reach the window."""
    assert database_pool().waitForDone(30_000)
    qtbot.wait(50)


def _member(phone: str, spent_cents: int) -> Member:
    member = Member.create(store=current_store(), name="会员", phone=phone)
    record_purchase(member.id, spent_cents)
    return member


def _tier_of(member: Member) -> str | None:
    tier_id = Member.get_by_id(member.id).tier_id
    return TierRule.get_by_id(tier_id).name if tier_id else None


def test_the_card_shows_the_stored_rules_and_tiers(sqlite_db, main_window, qtbot):
    set_setting("points_per_yuan", 2)
    set_setting("points_expire_days", 180)
    save_tiers([TierSpec("普通", "spend", 0, 0), TierSpec("金卡", "points", 5000, 1)])
    card = _rules_card(main_window, qtbot)
    assert card.per_yuan_edit.text() == "2"
    assert card.expiry_combo.currentText() == "Expire after"
    assert card.expiry_days_edit.text() == "180"
    assert card.sleeping_edit.text() == "90"
    rows = [(r.level_label.text(), r.name_edit.text(), r.basis_combo.currentText(),
             r.threshold_edit.text()) for r in card.tier_editor.rows]
    assert rows == [("1", "普通", "Total spend (yuan)", "0"),
                    ("2", "金卡", "Points balance", "5000")]


def test_changed_points_per_yuan_is_saved_and_earns_points(main_window, qtbot):
    notices = []
    main_window.notify = notices.append
    card = _rules_card(main_window, qtbot)
    card.per_yuan_edit.setText("3")
    assert card.status_label.text() == "Unsaved changes"
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert get_setting("points_per_yuan") == 3
    assert notices == ["Membership rules saved."]
    assert card.status_label.text() == ""
    member = Member.create(store=current_store(), name="张三", phone="13800138000")
    assert record_purchase(member.id, 1000).points == 30


def test_expiry_and_sleeping_are_saved(main_window, qtbot):
    card = _rules_card(main_window, qtbot)
    assert card.expiry_combo.currentText() == "Never expire"
    assert not card.expiry_days_edit.isVisible()
    card.expiry_combo.setCurrentIndex(1)
    assert card.expiry_days_edit.isVisible()
    assert card.expiry_days_edit.text() == "365"
    card.expiry_days_edit.setText("730")
    card.sleeping_edit.setText("45")
    qtbot.keyClick(card.sleeping_edit, Qt.Key.Key_Return)  # Enter saves
    _settle(qtbot)
    assert (get_setting("points_expire_days"), get_setting("sleeping_after_days")) == (730, 45)
    card.expiry_combo.setCurrentIndex(0)
    card.save()
    _settle(qtbot)
    assert get_setting("points_expire_days") == 0


def test_a_new_spend_tier_re_tiers_the_members_in_the_database(main_window, qtbot):
    notices = []
    main_window.notify = notices.append
    small = _member("13800138001", 5000)  # ¥50
    big = _member("13800138002", 120000)  # ¥1,200
    card = _rules_card(main_window, qtbot)
    assert card.tier_editor.empty_label.isVisible()
    qtbot.mouseClick(card.tier_editor.add_button, Qt.MouseButton.LeftButton)
    (row,) = card.tier_editor.rows
    assert row.name_edit.hasFocus()
    row.name_edit.setText("金卡")
    row.threshold_edit.setText("1,000")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert [(t.name, t.basis, t.threshold) for t in list_tiers()] == [("金卡", "spend", 100000)]
    assert (_tier_of(small), _tier_of(big)) == (None, "金卡")
    assert notices == ["Membership rules saved. Every member's tier is up to date."]
    assert card.tier_editor.rows[0].tier_id == list_tiers()[0].id  # a second save updates it


def test_reorder_and_remove_tiers(main_window, qtbot):
    save_tiers([TierSpec("银卡", "points", 100, 0), TierSpec("铜卡", "spend", 0, 1),
                TierSpec("旧卡", "spend", 500000, 2)])
    rich = _member("13800138003", 600000)
    assert _tier_of(rich) == "旧卡"
    card = _rules_card(main_window, qtbot)
    editor = card.tier_editor
    silver, _bronze, old = editor.rows
    assert not silver.up_button.isEnabled() and not old.down_button.isEnabled()
    qtbot.mouseClick(silver.down_button, Qt.MouseButton.LeftButton)  # silver above bronze
    qtbot.mouseClick(old.remove_button, Qt.MouseButton.LeftButton)
    assert [r.name_edit.text() for r in editor.rows] == ["铜卡", "银卡"]
    assert [r.level_label.text() for r in editor.rows] == ["1", "2"]
    card.save()
    _settle(qtbot)
    assert [(t.name, t.rank) for t in list_tiers()] == [("铜卡", 0), ("银卡", 1)]
    assert _tier_of(rich) == "银卡"  # 600 points and ¥6,000: the top of what is left


def test_invalid_input_is_shown_inline_and_nothing_is_written(main_window, qtbot):
    save_tiers([TierSpec("普通", "spend", 0, 0)])
    card = _rules_card(main_window, qtbot)
    before = list(Setting.select().tuples())
    card.per_yuan_edit.setText("lots")
    row = card.tier_editor.add_tier()
    row.name_edit.setText("VIP")
    row.threshold_edit.setText("12.345")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.per_yuan_error.isVisible()
    assert card.per_yuan_error.text() == "enter a whole number of at least 0"
    assert card.per_yuan_edit.property("invalid") is True
    qtbot.waitUntil(row.error.isVisible)  # a row added a moment ago is shown by the event loop
    assert row.error.text() == "at most two decimals (fen)"
    assert row.threshold_edit.property("invalid") is True
    assert card.status_label.text() == "Not saved: correct the field marked in red."
    assert card.per_yuan_edit.hasFocus()
    _settle(qtbot)
    assert list(Setting.select().tuples()) == before
    assert [t.name for t in list_tiers()] == ["普通"]
    # Fixed, the problems go and the save goes through.
    card.per_yuan_edit.setText("1")
    row.threshold_edit.setText("0")
    card.save()
    assert not card.per_yuan_error.isVisible()
    assert row.error.text() == "must be higher than for 普通, the tier below it"
    row.threshold_edit.setText("5000")
    card.save()
    _settle(qtbot)
    assert not any(shown.error.isVisible() for shown in card.tier_editor.rows)
    assert card.status_label.text() == ""
    assert [t.name for t in list_tiers()] == ["普通", "VIP"]


def test_the_card_is_busy_while_saving_and_the_window_stays_live(main_window, qtbot):
    card = _rules_card(main_window, qtbot)
    release = threading.Event()
    run_database_task(lambda: release.wait(30))  # a long job ahead of the save
    try:
        card.tier_editor.add_tier().name_edit.setText("普通")
        card.tier_editor.rows[0].threshold_edit.setText("0")
        assert card.save()
        qtbot.wait(20)
        assert card.progress.isVisible()
        assert not card.save_button.isEnabled() and not card.tier_editor.isEnabled()
        assert card.status_label.text().startswith("Saving and updating every member's tier")
        assert not card.save()  # a second click while busy starts nothing
        main_window.show_page("home")  # the window answers meanwhile
        assert main_window.current_page_key == "home"
        main_window.show_page("settings")
    finally:
        release.set()
    _settle(qtbot)
    assert not card.progress.isVisible()
    assert card.save_button.isEnabled() and card.tier_editor.isEnabled()
    assert [t.name for t in list_tiers()] == ["普通"]


def test_coming_back_shows_changes_made_elsewhere_but_keeps_edits(main_window, qtbot):
    card = _rules_card(main_window, qtbot)
    main_window.show_page("home")
    set_setting("sleeping_after_days", 30)
    main_window.show_page("settings")
    _settle(qtbot)
    assert card.sleeping_edit.text() == "30"
    card.sleeping_edit.setText("40")
    main_window.show_page("home")
    set_setting("sleeping_after_days", 50)
    main_window.show_page("settings")
    _settle(qtbot)
    assert card.sleeping_edit.text() == "40"
    qtbot.mouseClick(card.discard_button, Qt.MouseButton.LeftButton)
    assert card.sleeping_edit.text() == "30"  # what was loaded last


def test_refusals_from_the_database_thread_are_shown_too(
    main_window, qtbot, monkeypatch, recorded_dialogs
):
    from desktop.domain.errors import InvalidInput
    from desktop.views.settings import rules_card

    card = _rules_card(main_window, qtbot)

    def refused(rules, tiers):
        raise InvalidInput(field="Sleeping after", problem="changed meanwhile")

    monkeypatch.setattr(rules_card, "save_rules", refused)
    card.save()
    _settle(qtbot)
    assert card.sleeping_error.text() == "changed meanwhile"
    assert card.save_button.isEnabled()

    def broken(rules, tiers):
        raise OSError("the server went away")

    monkeypatch.setattr(rules_card, "save_rules", broken)
    card.save()
    _settle(qtbot)
    assert recorded_dialogs.named("show_error") == [
        ("The membership rules were not saved", "the server went away")]
    assert card.save_button.isEnabled() and not card.progress.isVisible()


def test_the_page_save_keeps_edited_rules_and_its_discard_drops_them(main_window, qtbot):
    page = main_window.show_page("settings")
    card = _rules_card(main_window, qtbot)
    card.per_yuan_edit.setText("4")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    card.per_yuan_edit.setFocus()
    qtbot.keyClick(card.per_yuan_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot)
    assert get_setting("points_per_yuan") == 4
    page = main_window.show_page("settings")
    card = _rules_card(main_window, qtbot)
    card.sleeping_edit.setText("30")
    page.name_edit.setText("新名字咖啡")
    page.save()  # the profile's save rebuilds the window: the rules are saved first
    _settle(qtbot)
    assert get_setting("sleeping_after_days") == 30
    assert current_store().name == "新名字咖啡"
    page = main_window.show_page("settings")
    card = _rules_card(main_window, qtbot)
    card.per_yuan_edit.setText("9")
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert card.per_yuan_edit.text() == "4" and not card.is_edited()
