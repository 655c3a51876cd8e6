"""Failures the command line must turn into a message and the right exit code."""

import errno
import json
import sqlite3

import pytest

from db import close_db, init_db
from desktop.__main__ import main


@pytest.fixture
def shop(tmp_path):
    """An existing SQLite database file, closed again."""
    path = tmp_path / "shop.db"
    init_db(path)
    close_db()
    return str(path)


def _json_error(capsys) -> dict:
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 1, captured.out
    error = json.loads(lines[0])
    assert error["ok"] is False
    assert error["message"] in captured.err
    return error


def test_a_locked_database_is_an_environment_problem(shop, capsys):
    holder = sqlite3.connect(shop, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing
    try:
        code = main(["--db", shop, "--json", "demo", "--members", "5"])
    finally:
        holder.rollback()
        holder.close()
    assert code == 3
    assert _json_error(capsys)["error"] == "database_locked"


def test_a_full_disk_is_an_environment_problem(shop, capsys, monkeypatch):
    from desktop.domain import backups

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "make_backup", full)
    assert main(["--db", shop, "--json", "--lang", "zh_CN", "backup"]) == 3
    error = _json_error(capsys)
    assert error["error"] == "disk_full"
    assert "磁盘" in error["message"]


def test_a_bug_is_reported_as_an_internal_error(shop, capsys, monkeypatch):
    from desktop.domain import health

    def broken():
        raise RuntimeError("unexpected state")

    monkeypatch.setattr(health, "run_check", broken)
    assert main(["--db", shop, "--json", "check"]) == 4
    error = _json_error(capsys)
    assert error["error"] == "internal_error"
    assert "unexpected state" in error["message"]


def test_a_failed_check_exits_1_and_says_what(shop, capsys):
    init_db(shop)
    from db.models import Member, Store

    store = Store.create(uuid="u", name="店", signing_seed="0" * 64)
    Member.create(store=store, name="张三", phone="13800138000", points=30)
    close_db()
    assert main(["--db", shop, "--json", "check"]) == 1
    report = _json_error(capsys)
    assert report["error"] == "check_failed"
    assert report["problems"][0]["code"] == "points_mismatch"
    assert report["members"] == 1
