"""Members import at scale: planning hooks, indexes rebuilt after a large load, bulk updates."""

import pytest

from db.bulk import is_postgresql
from db.models import Consent, Member, MemberTag, PointsEntry, database
from desktop.domain.health import run_check
from desktop.domain.imports import read_member_rows
from desktop.domain.member_import import (
    ImportCancelled,
    ImportConflict,
    apply_import,
    plan_import,
)
from desktop.domain.members import MemberInput, add_member, get_member

HEADER = "姓名,手机号,积分,标签,微信\n"


def write_csv(tmp_path, lines: list[str]):
    path = tmp_path / "members.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def seven(tmp_path):
    return write_csv(tmp_path, [f"会员{i},1380013{i:04d},{i},新,wx{i}" for i in range(7)])


def test_plan_reports_progress_and_can_be_cancelled(db, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.domain.member_import.BATCH", 2)
    preview = read_member_rows(seven(tmp_path))
    calls = []
    plan = plan_import(preview, progress=lambda done, total: calls.append((done, total)))
    assert plan.imported == 7 and calls == [(2, 7), (4, 7), (6, 7), (7, 7)]
    asked = []
    with pytest.raises(ImportCancelled):
        plan_import(preview, cancel=lambda: asked.append(1) or len(asked) > 2)
    assert len(asked) == 3  # before each batch of rows: the third says stop


@pytest.fixture
def dropped(monkeypatch):
    """Loads of 3 rows or more count as large; the indexes each one dropped, by table."""
    import db.bulk

    monkeypatch.setattr(db.bulk, "REBUILD_MIN_ROWS", 3)
    seen: dict[str, list[str]] = {}
    drop = db.bulk._drop_indexes_for_load

    def recorded(table, adding):
        seen[table] = drop(table, adding)
        return seen[table]

    monkeypatch.setattr(db.bulk, "_drop_indexes_for_load", recorded)
    return seen


def sqlite_indexes() -> set[str]:
    return {sql for (sql,) in database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}


def test_a_large_load_rebuilds_the_indexes_it_dropped(db, tmp_path, dropped):
    before = None if is_postgresql() else sqlite_indexes()
    path = seven(tmp_path)
    apply_import(plan_import(read_member_rows(path)), path.name)
    assert (Member.select().count(), PointsEntry.select().count(), Consent.select().count(),
            MemberTag.select().count()) == (7, 6, 7, 7)
    if before is not None:
        assert len(dropped["member"]) >= 10 and dropped["member_tag"]  # the path under test
        assert sqlite_indexes() == before
        plan = database.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM member WHERE phone = ?",
                                    ("13800130003",)).fetchall()
        assert "member_phone" in str(plan)
    assert get_member(Member.get(Member.phone == "13800130003").id).points == 3
    assert run_check().ok


def test_a_duplicate_found_when_the_indexes_come_back_rolls_everything_back(db, tmp_path,
                                                                            dropped):
    before = None if is_postgresql() else sqlite_indexes()
    path = seven(tmp_path)
    plan = plan_import(read_member_rows(path))
    add_member(MemberInput(name="后来", phone="13800130005"))  # added after the plan
    with pytest.raises(ImportConflict):
        apply_import(plan, path.name)
    assert Member.select().count() == 1 and PointsEntry.select().count() == 0
    if before is not None:
        assert dropped["member"]  # found by the unique index made again, not on insert
        assert sqlite_indexes() == before
    assert run_check().ok


def test_cancel_during_a_large_load_keeps_the_indexes(db, tmp_path, monkeypatch, dropped):
    monkeypatch.setattr("desktop.domain.member_import.BATCH", 2)
    before = None if is_postgresql() else sqlite_indexes()
    path = seven(tmp_path)
    asked = []
    with pytest.raises(ImportCancelled):
        apply_import(plan_import(read_member_rows(path)), path.name,
                     cancel=lambda: asked.append(1) or len(asked) > 2)
    assert Member.select().count() == 0
    if before is not None:
        assert dropped["member"] and sqlite_indexes() == before


def test_overwrite_updates_many_members_with_different_changes(db, tmp_path):
    for index in range(3):
        add_member(MemberInput(name=f"旧{index}", phone=f"1390013900{index}", wechat="old"))
    path = write_csv(tmp_path, ["新0,13900139000,10,,",       # name and points
                                ",13900139001,,,wx1",         # WeChat only
                                "新2,13900139002,5,标,wx2"])   # name, points, WeChat, tag
    plan = plan_import(read_member_rows(path), "overwrite")
    assert plan.updated == 3
    apply_import(plan, path.name)
    members = [get_member(Member.get(Member.phone == f"1390013900{i}").id) for i in range(3)]
    assert [(m.name, m.wechat, m.points, list(m.tags)) for m in members] == [
        ("新0", "old", 10, []), ("旧1", "wx1", 0, []), ("新2", "wx2", 5, ["标"])]
    assert Member.get(Member.phone == "13900139002").name_initials == "x"
    assert sorted(e.delta for e in PointsEntry.select()) == [5, 10]
    assert run_check().ok
