"""`shopcircle members import` end to end, as scripts run it (both backends)."""

from openpyxl import Workbook, load_workbook

from tests.e2e import test_cli as cli_helpers
from tests.e2e.test_cli import answer, shopcircle

db_arg = cli_helpers.db_arg  # the same fixture: a new database on each backend


def member_list(tmp_path):
    """An exported list: a title row, Chinese headers, a phone as a number, a bad row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["会员资料导出"])
    sheet.append(["会员姓名", "手机号码", "出生日期", "积分", "标签"])
    sheet.append(["张三", 13800138000, "1990/5/3", 100, "咖啡"])
    sheet.append(["李四", "139-0013-9000", None, None, None])
    sheet.append(["王五", "12345", None, None, None])
    sheet.append(["张三丰", "13800138000", None, 5, None])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    return path


def test_members_import_dry_run_then_import(db_arg, tmp_path):
    def run(*args):
        return shopcircle("--db", db_arg, "--json", *args, home=tmp_path)

    path = member_list(tmp_path)
    rejects = tmp_path / "rejects.xlsx"
    dry = run("members", "import", str(path), "--dry-run", "--rejects", str(rejects))
    assert dry.returncode == 0, dry.stderr
    report = answer(dry)
    assert (report["imported"], report["updated"], report["skipped"]) == (2, 0, 1)
    assert [r["row"] for r in report["rejected"]] == [5] and report["dry_run"] is True
    assert not rejects.exists()
    assert answer(run("members", "list"))["total"] == 0

    done = run("members", "import", str(path), "--on-duplicate", "fill", "--rejects",
               str(rejects))
    assert done.returncode == 0, done.stderr  # done, although a row was rejected
    report = answer(done)
    assert {"imported", "updated", "skipped", "rejected", "backup"} <= set(report)
    assert (report["imported"], report["updated"], report["skipped"]) == (2, 0, 1)
    assert report["rejected"][0]["row"] == 5 and report["rejected"][0]["reason"]
    assert report["backup"] and report["already_imported"] is False
    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("王五", "12345") and rows[1][-2] == 5

    listing = answer(run("members", "list", "--search", "138"))
    assert listing["members"][0]["points"] == 100 and listing["members"][0]["tags"] == ["咖啡"]
    assert answer(run("check"))["ok"] is True

    again = answer(run("members", "import", str(path)))
    assert again["already_imported"] is True and again["imported"] == 0


def test_unusable_file_exits_2_and_writes_nothing(tmp_path):
    database = str(tmp_path / "shop.db")
    bogus = tmp_path / "members.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not really a workbook")
    result = shopcircle("--db", database, "--json", "members", "import", str(bogus),
                        home=tmp_path)
    assert result.returncode == 2, result.stderr
    assert answer(result)["error"] == "import_rejected"
    no_phone = tmp_path / "names.csv"
    no_phone.write_text("姓名,备注\n张三,x\n", encoding="utf-8")
    result = shopcircle("--db", database, "--json", "members", "import", str(no_phone),
                        home=tmp_path)
    assert result.returncode == 2 and answer(result)["error"] == "import_rejected"
    listing = shopcircle("--db", database, "--json", "members", "list", home=tmp_path)
    assert answer(listing)["total"] == 0


def test_members_import_speaks_text(tmp_path):
    database = str(tmp_path / "shop.db")
    path = member_list(tmp_path)
    result = shopcircle("--db", database, "members", "import", str(path), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Row 5:" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == (
        "Imported 2, updated 0, skipped 1, rejected 1.")
