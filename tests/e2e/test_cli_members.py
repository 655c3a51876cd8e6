"""`shopcircle members add|list` end to end, as scripts run them (both backends)."""

from tests.e2e import test_cli as cli_helpers
from tests.e2e.test_cli import answer, shopcircle

db_arg = cli_helpers.db_arg  # the same fixture: a new database on each backend


def test_members_add_then_list_and_search(db_arg, tmp_path):
    def run(*args):
        return shopcircle("--db", db_arg, *args, home=tmp_path)

    added = run("--json", "members", "add", "--name", "张三", "--phone", "+86 138 0013 8000",
                "--birthday", "1990年5月3日", "--tags", "咖啡,VIP")
    assert added.returncode == 0, added.stderr
    first = answer(added)
    assert first["ok"] is True and isinstance(first["id"], int)
    second = answer(run("--json", "members", "add", "--name", "李四", "--phone", "13900139000"))

    listing = run("--json", "members", "list")
    assert listing.returncode == 0, listing.stderr
    report = answer(listing)
    assert report["total"] == 2
    assert report["members"][0]["id"] == second["id"]  # newest first
    assert report["members"][1] == {
        "id": first["id"], "name": "张三", "phone": "13800138000", "birthday": "1990-05-03",
        "tier": "", "points": 0, "tags": ["VIP", "咖啡"], "source": ""}

    found = answer(run("--json", "members", "list", "--search", "zs"))
    assert [m["name"] for m in found["members"]] == ["张三"] and found["total"] == 1
    limited = answer(run("--json", "members", "list", "--limit", "1"))
    assert (len(limited["members"]), limited["total"]) == (1, 2)

    table = run("members", "list", "--search", "139")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "Name", "Phone", "Birthday", "Tier", "Points", "Tags",
                                "Source"]
    assert "李四" in lines[1] and "13900139000" in lines[1]
    assert lines[-1] == "1 of 1 members"

    check = answer(run("--json", "check"))
    assert check["ok"] is True and check["members"] == 2


def test_members_add_refusals_and_their_exit_codes(tmp_path):
    database = str(tmp_path / "shop.db")

    def run(*args):
        return shopcircle("--db", database, "--json", "members", "add", *args, home=tmp_path)

    assert run("--name", "张三", "--phone", "13800138000").returncode == 0
    duplicate = run("--name", "李四", "--phone", "138-0013-8000")
    assert duplicate.returncode == 1
    assert answer(duplicate) == {"ok": False, "error": "duplicate_phone",
                                 "message": "A member with this phone already exists: 张三"}
    for args, field in ((("--name", "王五", "--phone", "12345"), "Phone"),
                        (("--name", "王五", "--phone", "13700137000", "--birthday", "2月30日"),
                         "Birthday"),
                        (("--name", " ", "--phone", "13700137000"), "Name"),
                        (("--name", "王五", "--phone", "13700137000", "--entry", "nowhere"),
                         "--entry")):
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        error = answer(result)
        assert error["error"] == "invalid_input"
        assert error["message"].startswith(f"{field}:"), error
    missing = run("--name", "王五")
    assert missing.returncode == 2
    assert answer(missing)["error"] == "invalid_arguments"
    listing = shopcircle("--db", database, "--json", "members", "list", home=tmp_path)
    assert answer(listing)["total"] == 1  # nothing of the refused adds was written


def test_members_speak_chinese(tmp_path):
    database = str(tmp_path / "shop.db")
    shopcircle("--db", database, "members", "add", "--name", "张三", "--phone", "13800138000",
               home=tmp_path)
    result = shopcircle("--db", database, "--lang", "zh_CN", "members", "add", "--name", "李四",
                        "--phone", "13800138000", home=tmp_path)
    assert result.returncode == 1
    assert "已" in result.stderr and "张三" in result.stderr
