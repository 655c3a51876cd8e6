"""`shopcircle members export` and `members list --segment` end to end (both backends)."""

import csv

import openpyxl

from tests.e2e import test_cli as cli_helpers
from tests.e2e.test_cli import answer, shopcircle

db_arg = cli_helpers.db_arg  # the same fixture: a new database on each backend


def test_members_export_and_list_by_segment(db_arg, tmp_path):
    def run(*args):
        return shopcircle("--db", db_arg, "--json", *args, home=tmp_path)

    assert run("members", "add", "--name", "张三", "--phone", "13800138000").returncode == 0
    assert run("members", "add", "--name", "=HYPERLINK(\"x\")",
               "--phone", "+447911123456").returncode == 0
    bought = run("purchases", "add", "--phone", "13800138000", "--amount", "88")
    assert bought.returncode == 0, bought.stderr

    target = tmp_path / "out" / "会员.xlsx"
    target.parent.mkdir()
    result = run("members", "export", str(target))
    assert result.returncode == 0, result.stderr
    report = answer(result)
    assert report == {"ok": True, "rows": 2, "path": str(target.resolve())}
    rows = list(openpyxl.load_workbook(target).active.iter_rows())
    assert {(row[1].value, row[1].data_type) for row in rows[1:]} == {
        ("张三", "s"), ("=HYPERLINK(\"x\")", "s")}

    masked = tmp_path / "out" / "customers.csv"
    report = answer(run("members", "export", str(masked), "--segment", "customers",
                        "--mask-phones"))
    assert report["rows"] == 1
    with open(masked, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[1][1:3] == ["张三", "138****8000"]
    assert answer(run("members", "export", str(tmp_path / "out" / "s.csv"),
                      "--search", "zs", "--segment", "prospects"))["rows"] == 0

    listing = answer(run("members", "list", "--segment", "customers"))
    assert [m["name"] for m in listing["members"]] == ["张三"] and listing["total"] == 1
    assert answer(run("members", "list", "--segment", "prospects", "--search", "zs")) == {
        "ok": True, "members": [], "total": 0}


def test_members_export_refusals(tmp_path):
    database = str(tmp_path / "shop.db")

    def run(*args):
        return shopcircle("--db", database, "--json", "members", *args, home=tmp_path)

    for args, words in ((("export", str(tmp_path / "m.txt")), ".xlsx, .csv"),
                        (("export", str(tmp_path / "m.csv"), "--segment", "nope"),
                         "birthday_month"),
                        (("list", "--segment", "nope"), "sleeping")):
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        error = answer(result)
        assert error["error"] == "invalid_input" and words in error["message"], error
    assert not (tmp_path / "m.txt").exists() and not (tmp_path / "m.csv").exists()
    chinese = shopcircle("--db", database, "--lang", "zh_CN", "members", "export",
                         str(tmp_path / "m.doc"), home=tmp_path)
    assert chinese.returncode == 2 and "不能导出" in chinese.stderr
