"""Members import: planning against the database and the file, one transaction, rejects file."""

import pytest
from openpyxl import load_workbook

from db.models import Consent, ExchangeFile, Member, MemberTag, PointsEntry, Tag, TierRule
from desktop.domain.health import run_check
from desktop.domain.imports import ImportRejected, read_member_rows
from desktop.domain.member_import import (
    ImportCancelled,
    RejectedRow,
    apply_import,
    plan_import,
)
from desktop.domain.member_import_rejects import write_rejects
from desktop.domain.members import MemberInput, add_member, get_member

HEADER = "姓名,手机号,生日,积分,会员等级,标签,备注\n"


def write_csv(tmp_path, body: str, name: str = "members.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def run(path, policy="skip", **kwargs):
    preview = read_member_rows(path)
    plan = plan_import(preview, policy, source=path)
    return plan, apply_import(plan, path.name, **kwargs)


def by_phone(phone: str):
    return get_member(Member.get(Member.phone == phone).id)


def test_imports_new_members_with_points_tags_tier_and_consent(db, tmp_path):
    TierRule.create(name="金卡", threshold=100, rank=2)
    path = write_csv(tmp_path, "张三,13800138000,1990-05-03,120,金卡,咖啡；VIP,老客\n"
                               "李四,+86 139 0013 9000,5月3日,,银卡,,\n")
    plan, result = run(path)
    assert (result.imported, result.updated, result.skipped, result.rejected) == (2, 0, 0, [])
    assert result.backup_path is not None and result.backup_path.exists()
    assert plan.warnings and "银卡" in plan.warnings[0]  # unknown tier: left out, said so
    zhang = by_phone("13800138000")
    assert (zhang.name, zhang.points, zhang.tier, str(zhang.birthday)) == (
        "张三", 120, "金卡", "1990-05-03")
    assert set(zhang.tags) == {"咖啡", "VIP"} and zhang.notes == "老客"
    assert Member.get(Member.id == zhang.id).name_initials == "zs"
    assert [(e.delta, e.reason) for e in PointsEntry.select()] == [(120, "import")]
    assert {(c.member_id, c.source, c.given) for c in Consent.select()} == {
        (zhang.id, "import", True), (by_phone("13900139000").id, "import", True)}
    li = by_phone("13900139000")
    assert (li.tier, li.points, str(li.birthday)) == ("", 0, "05-03")
    assert run_check().ok
    assert ExchangeFile.get().kind == "members"
    again = plan_import(read_member_rows(path), source=path)
    assert again.already_imported and again.skipped == 2 and again.imported == 0


def test_duplicate_policies_against_the_database(db, tmp_path):
    add_member(MemberInput(name="张三", phone="13800138000", wechat="zs1", tags=["老"]))
    path = write_csv(tmp_path, "张三丰,13800138000,1990-05-03,50,,新,\n")

    skip, _ = run(path, "skip")
    assert (skip.imported, skip.updated, skip.skipped) == (0, 0, 1)
    assert by_phone("13800138000").name == "张三"

    fill, _ = run(path, "fill")
    assert (fill.imported, fill.updated, fill.skipped) == (0, 1, 0)
    member = by_phone("13800138000")
    assert member.name == "张三" and str(member.birthday) == "1990-05-03"  # only empty filled
    assert member.points == 50 and set(member.tags) == {"老", "新"}

    again, _ = run(path, "fill")  # nothing left to fill: counted as skipped
    assert (again.updated, again.skipped) == (0, 1)

    write_csv(tmp_path, "张三丰,13800138000,,80,,,\n")
    over, _ = run(tmp_path / "members.csv", "overwrite")
    assert over.updated == 1
    member = by_phone("13800138000")
    assert (member.name, member.points, member.wechat) == ("张三丰", 80, "zs1")
    assert Member.get(Member.id == member.id).name_initials == "zsf"
    assert sorted(e.delta for e in PointsEntry.select()) == [30, 50]
    assert run_check().ok


@pytest.mark.parametrize("policy, expected", [
    ("skip", ("张三", "", 10, (1, 0, 1))),
    ("fill", ("张三", "wx", 10, (1, 1, 0))),
    ("overwrite", ("张三丰", "wx", 20, (1, 1, 0))),
])
def test_duplicates_inside_the_file_follow_the_policy(db, tmp_path, policy, expected):
    path = tmp_path / "dups.csv"
    path.write_text("姓名,手机,微信,积分\n张三,13800138000,,10\n张三丰,138-0013-8000,wx,20\n",
                    encoding="utf-8")
    plan, _ = run(path, policy)
    member = by_phone("13800138000")
    name, wechat, points, counts = expected
    assert (member.name, member.wechat, member.points) == (name, wechat, points)
    assert (plan.imported, plan.updated, plan.skipped) == counts
    assert Member.select().count() == 1 and run_check().ok


def test_rejected_rows_are_listed_and_saved_as_text(db, tmp_path):
    path = write_csv(tmp_path, "张三,13800138000,,,,,\n"
                               "=HYPERLINK(\"http://x\"),12345,,,,,\n"
                               ",13900139000,,,,,\n"
                               "王五,1.38001E+10,,,,,\n")
    preview = read_member_rows(path)
    plan = plan_import(preview)
    assert [r.row for r in plan.rejected] == [3, 4, 5]
    assert plan.rejected[0].reason.startswith("Phone:")
    assert "name" in plan.rejected[1].reason
    result = apply_import(plan, path.name)
    assert result.imported == 1 and Member.select().count() == 1
    out = write_rejects(tmp_path / "rejects.xlsx", path, preview, result.rejected)
    assert not (tmp_path / "rejects.xlsx.partial").exists()
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "手机号") and rows[0][-2:] == ("Row in file", "Reason")
    assert [row[-2] for row in rows[1:]] == [3, 4, 5]
    assert rows[1][-1].startswith("Phone:")
    cell = load_workbook(out).active["A2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_cancel_mid_way_leaves_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.domain.member_import.BATCH", 2)
    Tag.create(name="已有")
    body = "".join(f"会员{i},1380013{i:04d},,{i},,新标签,\n" for i in range(7))
    path = write_csv(tmp_path, body)
    calls = []
    with pytest.raises(ImportCancelled):
        run(path, cancel=lambda: calls.append(1) or len(calls) > 2)
    assert len(calls) == 3
    assert (Member.select().count(), PointsEntry.select().count(), MemberTag.select().count(),
            Consent.select().count(), ExchangeFile.select().count()) == (0, 0, 0, 0, 0)
    assert [t.name for t in Tag.select()] == ["已有"]
    progress = []
    _, result = run(path, progress=lambda done, total: progress.append((done, total)))
    assert result.imported == 7 and progress[-1] == (7, 7) and len(progress) == 4
    assert run_check().ok


def test_a_failure_rolls_back_everything(db, tmp_path):
    path = write_csv(tmp_path, "张三,13800138000,,5,,a,\n李四,13900139000,,,,,\n")
    plan = plan_import(read_member_rows(path))
    add_member(MemberInput(name="后来", phone="13900139000"))  # added after the preview
    from desktop.domain.member_import import ImportConflict

    with pytest.raises(ImportConflict):
        apply_import(plan, path.name)
    assert Member.select().count() == 1 and PointsEntry.select().count() == 0
    assert run_check().ok


def test_dry_run_plan_writes_nothing_and_unusable_files_are_refused(db, tmp_path):
    path = write_csv(tmp_path, "张三,13800138000,,,,,\n")
    plan = plan_import(read_member_rows(path), source=path)
    assert plan.imported == 1 and Member.select().count() == 0
    no_phone = tmp_path / "no_phone.csv"
    no_phone.write_text("姓名,备注\n张三,x\n", encoding="utf-8")
    with pytest.raises(ImportRejected):
        plan_import(read_member_rows(no_phone), source=no_phone)
    assert RejectedRow(1, "x") == RejectedRow(1, "x")


def test_paused_gc_restores_the_collector():
    import gc

    from desktop.domain.member_import import paused_gc

    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
