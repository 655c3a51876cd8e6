"""The real program on the command line, as scripts and scheduled tasks run it."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from db import SCHEMA_VERSION, close_db, init_db
from desktop.domain.settings import set_setting

TIMEOUT = 120


def shopcircle(*args: str, home, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m desktop ARGS` with its own data folder; stdout and stderr as text."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("SHOPCIRCLE_", "LC_", "LANG"))}
    environment |= {"SHOPCIRCLE_HOME": str(home), "LANG": "en_US.UTF-8",
                    "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, encoding="utf-8", env=environment, timeout=TIMEOUT)


def answer(result: subprocess.CompletedProcess) -> dict:
    """The one JSON object a --json run prints; fails when stdout holds anything else."""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    return json.loads(lines[0])


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_arg(request, tmp_path):
    """A --db value for a database that does not exist yet, on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "shop.db")
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database_url()
    yield url
    server.drop_database(url)


def test_check_creates_and_checks_a_new_database(db_arg, tmp_path):
    result = shopcircle("--db", db_arg, "--json", "check", home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = answer(result)
    assert report["ok"] is True
    assert report["schema_version"] == SCHEMA_VERSION
    assert (report["members"], report["coupons"]) == (0, 0)
    assert report["integrity"] == "ok"


def test_demo_fills_a_store_that_check_counts(db_arg, tmp_path):
    started = time.perf_counter()
    demo = shopcircle("--db", db_arg, "--json", "demo", "--seed", "7", home=tmp_path)
    seconds = time.perf_counter() - started
    assert demo.returncode == 0, demo.stderr
    assert answer(demo)["members"] == 2000
    assert seconds < 30, f"demo of 2,000 members took {seconds:.1f} s"
    check = shopcircle("--db", db_arg, "--json", "check", home=tmp_path)
    assert check.returncode == 0, check.stderr
    report = answer(check)
    assert report["ok"] is True
    assert report["members"] >= 2000
    assert report["purchases"] > 2000


def test_demo_refuses_a_store_that_has_members(tmp_path):
    db = str(tmp_path / "shop.db")
    assert shopcircle("--db", db, "demo", "--members", "30", home=tmp_path).returncode == 0
    again = shopcircle("--db", db, "--json", "demo", "--members", "30", home=tmp_path)
    assert again.returncode == 1
    assert answer(again)["error"] == "demo_refused"
    assert "--force" in again.stderr
    forced = shopcircle("--db", db, "--json", "demo", "--members", "30", "--force",
                        home=tmp_path)
    assert forced.returncode == 0, forced.stderr
    check = answer(shopcircle("--db", db, "--json", "check", home=tmp_path))
    assert check["members"] == 60 and check["ok"]


def _too_new_database(path):
    init_db(path)
    close_db()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "新版本"), ("en", "newer version")])
def test_a_database_from_a_newer_version_is_left_alone(tmp_path, lang, expected):
    path = tmp_path / "newer.db"
    before = _too_new_database(path)
    result = shopcircle("--db", str(path), "--json", "--lang", lang, "check", home=tmp_path)
    assert result.returncode == 3
    error = answer(result)
    assert error["ok"] is False
    assert error["error"] == "database_too_new"
    assert expected in error["message"]
    assert has_chinese(error["message"]) == (lang == "zh_CN")
    assert error["message"] in result.stderr
    assert path.read_bytes() == before


def test_an_unreachable_server_is_an_environment_problem(tmp_path):
    result = shopcircle("--db", "postgresql://shop@127.0.0.1:9/shopcircle", "--json", "check",
                        home=tmp_path)
    assert result.returncode == 3
    error = answer(result)
    assert error["error"] == "database_unavailable"
    assert "127.0.0.1" in error["message"] or "connect" in error["message"].lower()


def test_a_file_that_is_not_a_database_is_bad_input(tmp_path):
    path = tmp_path / "members.db"
    path.write_text("姓名,手机\n张三,13800138000\n", encoding="utf-8")
    before = path.read_bytes()
    result = shopcircle("--db", str(path), "--json", "check", home=tmp_path)
    assert result.returncode == 2
    assert answer(result)["error"] == "not_a_database"
    assert path.read_bytes() == before


def test_messages_follow_the_stored_language(tmp_path):
    path = tmp_path / "shop.db"
    init_db(path)
    set_setting("language", "zh_CN")
    close_db()
    assert shopcircle("--db", str(path), "demo", "--members", "5", home=tmp_path).returncode == 0
    refused = shopcircle("--db", str(path), "demo", "--members", "5", home=tmp_path)
    assert refused.returncode == 1
    assert has_chinese(refused.stderr), refused.stderr
    # --lang still wins over the stored choice.
    english = shopcircle("--db", str(path), "--lang", "en", "demo", home=tmp_path)
    assert not has_chinese(english.stderr) and "already has 5 members" in english.stderr


def test_backup_and_restore_round_trip(db_arg, tmp_path):
    run = lambda *args: shopcircle("--db", db_arg, "--json", *args, home=tmp_path)  # noqa: E731
    assert run("demo", "--members", "40", "--seed", "3").returncode == 0
    backup = run("backup")
    assert backup.returncode == 0, backup.stderr
    saved = answer(backup)["path"]
    assert os.path.exists(saved) and answer(backup)["size_bytes"] > 0
    assert run("demo", "--members", "25", "--force").returncode == 0
    assert answer(run("check"))["members"] == 65

    restored = run("restore", saved)
    assert restored.returncode == 0, restored.stderr
    outcome = answer(restored)
    assert outcome["path"] == saved
    assert os.path.exists(outcome["safety_backup"])
    assert outcome["safety_backup"] != saved
    after = answer(run("check"))
    assert after["members"] == 40 and after["ok"]

    listing = answer(run("backup", "--list"))
    reasons = [entry["reason"] for entry in listing["backups"]]
    assert reasons.count("manual") == 1 and reasons.count("before-restore") == 1


def test_backup_to_a_chosen_file_and_restore_a_bad_one(tmp_path):
    db = str(tmp_path / "shop.db")
    out = tmp_path / "exports" / "nightly.zip"
    made = shopcircle("--db", db, "--json", "backup", "--out", str(out), home=tmp_path)
    assert made.returncode == 0, made.stderr
    assert answer(made)["path"] == str(out) and out.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    refused = shopcircle("--db", db, "--json", "--lang", "zh_CN", "restore", str(garbage),
                         home=tmp_path)
    assert refused.returncode == 2
    error = answer(refused)
    assert error["error"] == "backup_unusable" and has_chinese(error["message"])
    assert not (tmp_path / "backups").exists()  # no safety backup: nothing was touched


def test_bad_arguments_are_reported_as_json(tmp_path):
    result = shopcircle("--json", "demo", "--members", "lots", home=tmp_path)
    assert result.returncode == 2
    error = answer(result)
    assert error["error"] == "invalid_arguments"
    assert "--members" in error["message"]
    unknown = shopcircle("--json", "--lang", "zh_CN", "frobnicate", home=tmp_path)
    assert unknown.returncode == 2
    assert has_chinese(answer(unknown)["message"])


def test_help_lists_every_command_in_both_languages(tmp_path):
    english = shopcircle("--help", home=tmp_path)
    assert english.returncode == 0
    for command in ("check", "demo", "backup", "restore"):
        assert command in english.stdout
    assert "Exit codes" in english.stdout
    chinese = shopcircle("--lang", "zh_CN", "--help", home=tmp_path)
    assert "用法" in chinese.stdout and "退出码" in chinese.stdout
    for command in ("check", "demo", "backup", "restore"):
        sub = shopcircle(command, "--help", home=tmp_path)
        assert sub.returncode == 0 and sub.stdout.startswith("usage: shopcircle " + command)


def test_version(tmp_path):
    result = shopcircle("--json", "--version", home=tmp_path)
    assert result.returncode == 0
    assert answer(result) == {"ok": True, "version": "0.1.0", "schema_version": SCHEMA_VERSION}


def test_commands_do_not_load_qt(tmp_path):
    script = (
        "import sys\n"
        "from desktop.__main__ import main\n"
        f"code = main(['--db', {str(tmp_path / 'q.db')!r}, '--json', 'check'])\n"
        "assert code == 0, code\n"
        "loaded = [name for name in sys.modules if name.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not loaded, loaded\n"
    )
    environment = dict(os.environ, SHOPCIRCLE_HOME=str(tmp_path))
    environment.pop("SHOPCIRCLE_DB", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=environment, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr


def test_global_options_may_follow_the_command(tmp_path):
    db = str(tmp_path / "shop.db")
    result = shopcircle("check", "--db", db, "--json", "--lang", "zh_CN", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert answer(result)["ok"] is True
    assert (tmp_path / "shop.db").exists()
