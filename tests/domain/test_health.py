"""`check` passes on healthy data and names what is wrong otherwise (both backends)."""

import datetime as dt

from db.models import Member, MemberTag, PointsEntry, database
from desktop import i18n
from desktop.domain.demo import fill_demo_store
from desktop.domain.health import run_check

NOW = dt.datetime(2026, 11, 20, 9, 30)


def test_a_new_database_passes(db):
    report = run_check()
    assert report.ok
    assert report.integrity == "ok"
    assert report.schema_version == db.schema_version
    assert (report.members, report.coupons, report.problems) == (0, 0, ())


def test_a_demo_store_passes_and_is_counted(db):
    fill_demo_store(members=150, seed=3, now=NOW)
    report = run_check()
    assert report.ok, report.problems
    assert report.members == 150
    assert report.purchases > 150


def test_a_wrong_points_balance_is_found_and_named(db):
    fill_demo_store(members=60, seed=3, now=NOW)
    member = Member.select().order_by(Member.id.desc()).first()
    Member.update(points=Member.points + 7).where(Member.id == member.id).execute()
    report = run_check()
    assert not report.ok
    assert [p.code for p in report.problems] == ["points_mismatch"]
    problem = report.problems[0]
    assert problem.count == 1
    assert problem.examples == (member.id,)
    assert str(member.id) in problem.message
    assert "points" in problem.message


def test_a_ledger_line_without_its_balance_is_found(db):
    fill_demo_store(members=40, seed=3, now=NOW)
    member = Member.select().first()
    PointsEntry.create(member=member, delta=50, reason="adjustment")
    Member.update(total_spent_cents=Member.total_spent_cents + 100).where(
        Member.id == member.id).execute()
    codes = {p.code for p in run_check().problems}
    assert codes == {"points_mismatch", "spend_mismatch"}


def test_rows_pointing_nowhere_are_found(db):
    fill_demo_store(members=20, seed=3, now=NOW)
    tag_id = MemberTag.select().first().tag_id
    if db.target.kind == "sqlite":
        database.execute_sql("PRAGMA foreign_keys = OFF")
        MemberTag.insert(member=999999, tag=tag_id).execute()
        database.execute_sql("PRAGMA foreign_keys = ON")
    else:  # the test server's superuser may switch off the foreign-key triggers
        with database.atomic():
            database.execute_sql("SET LOCAL session_replication_role = replica")
            MemberTag.insert(member=999999, tag=tag_id).execute()
    report = run_check()
    assert not report.ok
    problem = next(p for p in report.problems if p.code == "broken_links")
    assert problem.count == 1
    assert "member_tag" in problem.message


def test_problems_are_reported_in_the_users_language(db):
    fill_demo_store(members=10, seed=3, now=NOW)
    Member.update(visit_count=Member.visit_count + 1).where(
        Member.id == Member.select(Member.id).limit(1)).execute()
    i18n.set_language("zh_CN")
    message = run_check().problems[0].message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
