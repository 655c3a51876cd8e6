"""Member export to .xlsx and .csv: contents, no formulas, masking, filters, streaming, cancel."""

import csv
import datetime as dt

import openpyxl
import pytest

from db.models import Member
from desktop.domain.csv_cells import neutralise_csv
from desktop.domain.errors import InvalidInput
from desktop.domain.member_export import ExportCancelled, export_members
from desktop.domain.member_listing import iter_member_pages
from desktop.domain.member_query import MemberFilter
from desktop.domain.members import MemberInput, add_member
from desktop.domain.purchases import record_purchase
from desktop.domain.store import current_store
from desktop.i18n import set_language

HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+86 138", "-x", "@SUM(1)", "#N/A"]


@pytest.fixture
def shop(db):
    """张三 with a purchase, a +44 member, and members named like formulas."""
    zhang = add_member(MemberInput(name="张三", phone="13800138000", birthday="1990-05-03",
                                   gender="m", tags=["咖啡", "VIP"]))
    record_purchase(zhang.id, 12345)
    add_member(MemberInput(name="Alice", phone="+447911123456", birthday="05-03"))
    for index, name in enumerate(HOSTILE):
        add_member(MemberInput(name=name, phone=f"1390013900{index}"))
    return zhang


def read_xlsx(path):
    sheet = openpyxl.load_workbook(path).active
    return [list(row) for row in sheet.iter_rows()]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_xlsx_has_typed_cells_and_text_that_never_is_a_formula(shop, tmp_path):
    target = tmp_path / "members.xlsx"
    result = export_members(target)
    assert (result.rows, result.path) == (7, target)
    rows = read_xlsx(target)
    assert [cell.value for cell in rows[0]][:3] == ["ID", "Name", "Phone"]
    assert rows[0][0].font.b
    assert len(rows) == 8
    by_name = {row[1].value: row for row in rows[1:]}
    for name in HOSTILE:
        cell = by_name[name][1]
        assert (cell.value, cell.data_type) == (name, "s")
    zhang = by_name["张三"]
    assert (zhang[2].value, zhang[2].data_type) == ("13800138000", "s")
    assert zhang[3].value == "Male"
    assert zhang[4].value == dt.datetime(1990, 5, 3) and zhang[4].is_date
    assert zhang[7].value == pytest.approx(123.45) and zhang[7].number_format == "¥#,##0.00"
    assert zhang[8].value == 1 and zhang[6].value == 123
    assert zhang[9].is_date and zhang[12].is_date
    assert zhang[10].value == "VIP, 咖啡"
    alice = by_name["Alice"]
    assert (alice[2].value, alice[2].data_type) == ("+447911123456", "s")
    assert alice[4].value == "05-03"
    assert not list(tmp_path.glob("*.partial"))


def test_csv_is_utf8_with_bom_crlf_and_neutralised(shop, tmp_path):
    target = tmp_path / "members.csv"
    assert export_members(target).rows == 7
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    rows = read_csv(target)
    assert rows[0][:3] == ["ID", "Name", "Phone"] and len(rows) == 8
    names = {row[1] for row in rows[1:]}
    assert {"'" + name for name in HOSTILE[:4]} <= names and "#N/A" in names
    zhang = next(row for row in rows if row[1] == "张三")
    assert zhang[2] == "13800138000" and zhang[4] == "1990-05-03" and zhang[7] == "123.45"
    alice = next(row for row in rows if row[1] == "Alice")
    assert alice[2] == "'+447911123456"  # the same rule as every text cell


def test_neutralise_csv_rule():
    for text in ("=1", "+1", "-1", "@a", "\tx", "\rx"):
        assert neutralise_csv(text) == "'" + text
    assert neutralise_csv("张三=") == "张三=" and neutralise_csv("") == ""


def test_masked_phones(shop, tmp_path):
    export_members(tmp_path / "m.xlsx", mask_phones=True)
    export_members(tmp_path / "m.csv", mask_phones=True)
    phones = {row[2].value for row in read_xlsx(tmp_path / "m.xlsx")[1:]}
    assert "138****8000" in phones and "+44****3456" in phones
    assert not any(phone and phone.isdigit() for phone in phones)
    csv_phones = {row[2] for row in read_csv(tmp_path / "m.csv")[1:]}
    assert "138****8000" in csv_phones and "'+44****3456" in csv_phones


def test_segment_search_and_both(shop, tmp_path):
    assert export_members(tmp_path / "c.csv", MemberFilter(segment="customers")).rows == 1
    assert read_csv(tmp_path / "c.csv")[1][1] == "张三"
    assert export_members(tmp_path / "s.csv", MemberFilter("139")).rows == len(HOSTILE)
    assert export_members(tmp_path / "b.csv", MemberFilter("139", "customers")).rows == 0
    assert export_members(tmp_path / "z.xlsx", MemberFilter("zs", "customers")).rows == 1
    with pytest.raises(InvalidInput):
        export_members(tmp_path / "x.csv", MemberFilter(segment="nobody"))
    with pytest.raises(InvalidInput, match=r"\.xlsx, \.csv"):
        export_members(tmp_path / "x.txt")
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.txt").exists()


def test_streams_every_member_exactly_once_over_many_pages(db, tmp_path):
    store = current_store()
    Member.insert_many([{"store": store, "name": f"会员{i}", "phone": f"1380000{i:04d}"}
                        for i in range(250)]).execute()
    pages = list(iter_member_pages(page_size=40))
    assert [len(page) for page in pages] == [40] * 6 + [10]
    by_phone = list(iter_member_pages(MemberFilter("1380000"), page_size=40))
    assert sum(map(len, by_phone)) == 250
    progress = []
    result = export_members(tmp_path / "all.xlsx", page_size=40,
                            progress=lambda done, total: progress.append((done, total)))
    assert result.rows == 250 and progress[-1] == (250, 250) and len(progress) == 7
    ids = [row[0].value for row in read_xlsx(tmp_path / "all.xlsx")[1:]]
    assert len(ids) == len(set(ids)) == 250
    assert export_members(tmp_path / "p.csv", MemberFilter("1380000"), page_size=40).rows == 250
    phones = [row[2] for row in read_csv(tmp_path / "p.csv")[1:]]
    assert phones == sorted(set(phones)) and len(phones) == 250


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_cancel_leaves_no_file(db, tmp_path, suffix):
    store = current_store()
    Member.insert_many([{"store": store, "name": f"会员{i}", "phone": f"1380000{i:04d}"}
                        for i in range(100)]).execute()
    asked = []

    def cancel():
        asked.append(True)
        return len(asked) > 2

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        export_members(folder / f"members{suffix}", page_size=30, cancel=cancel)
    assert len(asked) == 3 and list(folder.iterdir()) == []


def test_a_failure_midway_leaves_no_file(db, tmp_path):
    add_member(MemberInput(name="张三", phone="13800138000"))

    def broken(done, total):
        raise RuntimeError("disk full")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        export_members(folder / "m.csv", progress=broken)
    assert list(folder.iterdir()) == []


def test_headers_follow_the_language(shop, tmp_path):
    set_language("zh_CN")
    export_members(tmp_path / "zh.csv")
    header = read_csv(tmp_path / "zh.csv")[0]
    assert header[1] == "姓名" and header[2] == "手机号"


def test_a_csv_export_imports_back_as_it_was(shop, tmp_path):
    from desktop.domain.csv_cells import restore_csv
    from desktop.domain.imports import read_member_rows

    export_members(tmp_path / "round.csv")
    rows = read_member_rows(tmp_path / "round.csv").rows
    by_phone = {row.fields["phone"]: row.fields["name"] for row in rows if row.ok}
    assert by_phone["+447911123456"] == "Alice"
    assert sorted(by_phone[f"1390013900{i}"] for i in range(len(HOSTILE))) == sorted(HOSTILE)
    assert restore_csv("'Connor") == "'Connor" and restore_csv("'") == "'"
