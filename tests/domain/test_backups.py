"""Backups as the window and the command line see them: typed results, translated errors."""

import datetime as dt

import pytest

from db.locations import backups_dir
from db.models import Setting
from desktop import i18n
from desktop.domain import backups
from desktop.domain.backups import (
    BackupProblem,
    backup_if_due,
    current_target,
    list_backups,
    make_backup,
    restore_backup,
)


def test_the_open_database_is_backed_up_and_listed(db):
    first = make_backup()
    assert first.path.exists()
    assert first.size_bytes == first.path.stat().st_size > 0
    second = make_backup(reason="before-import")
    listed = list_backups()
    assert [entry.path for entry in listed] == [second.path, first.path]  # newest first
    assert [entry.reason for entry in listed] == ["before-import", "manual"]
    assert listed[0].size_bytes == second.size_bytes
    assert abs(listed[0].created - dt.datetime.now()) < dt.timedelta(minutes=1)


def test_current_target_is_the_bound_database(db):
    target = current_target()
    assert target.kind == db.target.kind
    if target.kind == "sqlite":
        assert target.path == db.target.path
    else:
        assert target.display == db.target.display


def test_restore_says_where_the_replaced_data_went(db):
    saved = make_backup()
    Setting.create(key="made_after_backup", value="1")
    outcome = restore_backup(saved.path)
    assert outcome.source == saved.path
    assert outcome.safety_backup.exists()
    assert outcome.safety_backup in [entry.path for entry in list_backups()]
    assert Setting.get_or_none(Setting.key == "made_after_backup") is None


def test_a_daily_backup_is_made_only_when_due(db):
    made = backup_if_due(max_age_hours=24)
    assert made is not None and "-daily" in made.path.name
    assert backup_if_due(max_age_hours=24) is None
    tomorrow = dt.datetime.now() + dt.timedelta(hours=25)
    assert backup_if_due(max_age_hours=24, now=tomorrow) is not None


def test_old_daily_backups_are_pruned_but_others_kept(db, monkeypatch):
    monkeypatch.setattr(backups, "KEEP_DAILY", 2)
    folder = backups_dir()
    folder.mkdir(parents=True)
    for day in range(1, 5):
        (folder / f"shopcircle-202601{day:02d}-030000-daily.db").write_bytes(b"old")
    (folder / "shopcircle-20251231-030000-manual.db").write_bytes(b"kept")
    backup_if_due()
    names = sorted(entry.path.name for entry in list_backups())
    daily = [name for name in names if "-daily" in name]
    assert len(daily) == 2
    assert "shopcircle-20260104-030000-daily.db" in daily  # the newest old one stays
    assert "shopcircle-20251231-030000-manual.db" in names


def test_a_bad_file_is_refused_with_a_translated_message(db, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("not a backup", encoding="utf-8")
    i18n.set_language("zh_CN")
    with pytest.raises(BackupProblem) as caught:
        restore_backup(bad)
    problem = caught.value
    assert (problem.error_code, problem.exit_code) == ("backup_unusable", 2)
    assert str(bad) in problem.user_message()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.user_message())
    assert list_backups() == []  # nothing was changed, not even a safety backup


def test_a_backup_that_cannot_be_written_is_an_environment_problem(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BackupProblem) as caught:
        make_backup(out=blocker / "inside.db")  # a folder that is a file
    assert (caught.value.error_code, caught.value.exit_code) == ("backup_failed", 3)
