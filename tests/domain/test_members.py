"""Adding, editing, tagging, merging and deleting members on request (both backends)."""

import datetime as dt
import json

import pytest

from db.models import (
    AuditLog,
    Consent,
    Coupon,
    CouponTemplate,
    EntryPoint,
    EntryPointTag,
    Member,
    MemberTag,
    PointsEntry,
    Purchase,
    Tag,
)
from desktop.domain.errors import InvalidInput
from desktop.domain.health import run_check
from desktop.domain.members import (
    DuplicatePhone,
    MemberInput,
    MemberNotFound,
    add_member,
    delete_on_request,
    get_member,
    merge_members,
    parse_birthday,
    tag_members,
    untag_members,
    update_member,
)
from desktop.domain.store import current_store


def member(name="张三", phone="13800138000", **fields):
    return add_member(MemberInput(name=name, phone=phone, **fields))


def buy(member_id: int, cents: int, at: dt.datetime, points: int) -> Purchase:
    """A purchase with its ledger line and the member's caches, as the purchases code keeps them."""
    purchase = Purchase.create(member=member_id, store=current_store(), amount_cents=cents,
                               at=at, points_earned=points)
    PointsEntry.create(member=member_id, delta=points, reason="purchase", purchase=purchase, at=at)
    Member.update(points=Member.points + points,
                  total_spent_cents=Member.total_spent_cents + cents,
                  visit_count=Member.visit_count + 1, last_visit_at=at,
                  first_purchase_at=Member.first_purchase_at or at).where(
        Member.id == member_id).execute()
    return purchase


def test_add_stores_the_normalised_member_with_initials_tags_and_consent(db):
    record = member(phone="+86 138-0013-8000", birthday="1990-05-03", gender="女",
                    wechat="zhangsan88", tags=["咖啡", "VIP"], notes="喜欢拿铁\n少糖")
    stored = Member.get_by_id(record.id)
    assert (stored.name, stored.phone, stored.name_initials) == ("张三", "13800138000", "zs")
    assert (stored.birth_year, stored.birth_month, stored.birth_day) == (1990, 5, 3)
    assert stored.birthday_key == 503
    assert (stored.gender, stored.wechat, stored.notes) == ("f", "zhangsan88", "喜欢拿铁\n少糖")
    assert record.tags == ("VIP", "咖啡")
    consent = Consent.get(Consent.member == record.id)
    assert (consent.kind, consent.given, consent.source) == ("marketing", True, "counter")
    assert stored.store_id == current_store().id


def test_add_with_an_entry_point_records_the_source_and_its_auto_tags(db):
    entry = EntryPoint.create(store=current_store(), name="门口海报", kind="page", token="t" * 43,
                              channel_code="door")
    EntryPointTag.create(entry_point=entry, tag=Tag.create(name="海报"))
    record = add_member(MemberInput(name="王五", phone="13900139000"), source="page",
                        entry_point_id=entry.id)
    assert record.source == "门口海报"
    assert record.tags == ("海报",)
    assert Consent.get(Consent.member == record.id).entry_point_id == entry.id


@pytest.mark.parametrize("phone", ["", "12345", "1380013800a", "23800138000"])
def test_a_bad_phone_is_refused_and_nothing_is_written(db, phone):
    with pytest.raises(InvalidInput) as error:
        member(phone=phone)
    assert error.value.user_message().startswith("Phone:")
    assert Member.select().count() == 0


def test_a_duplicate_phone_is_refused_with_the_other_members_name(db):
    member()
    with pytest.raises(DuplicatePhone) as error:
        member(name="李四", phone="138 0013 8000")
    assert error.value.user_message() == "A member with this phone already exists: 张三"
    assert (error.value.error_code, error.value.exit_code) == ("duplicate_phone", 1)
    assert Member.select().count() == 1


@pytest.mark.parametrize("name", ["", "   ", "\x00\x07"])
def test_a_name_is_required(db, name):
    with pytest.raises(InvalidInput, match="Name"):
        member(name=name)


def test_a_name_longer_than_50_characters_is_refused(db):
    with pytest.raises(InvalidInput, match="50"):
        member(name="张" * 51)


def test_control_characters_are_stripped_and_markup_is_stored_literally(db):
    assert member(name="张\x00三\x1b\u200b", phone="13800138000").name == "张三"
    assert member(name="<b>x</b>", phone="13900139000").name == "<b>x</b>"
    assert member(name="王\t 五\n", phone="13700137000").name == "王 五"


@pytest.mark.parametrize(("text", "expected"), [
    ("1990-05-03", (1990, 5, 3)),
    ("1990/5/3", (1990, 5, 3)),
    ("1990.5.3", (1990, 5, 3)),
    ("1990年5月3日", (1990, 5, 3)),
    ("19900503", (1990, 5, 3)),
    ("5月3日", (None, 5, 3)),
    ("05-03", (None, 5, 3)),
    ("0503", (None, 5, 3)),
    ("２月２９日", (None, 2, 29)),
    (" 2000-02-29 ", (2000, 2, 29)),
])
def test_every_birthday_form(text, expected):
    birthday = parse_birthday(text)
    assert (birthday.year, birthday.month, birthday.day) == expected


@pytest.mark.parametrize("text", ["1990-02-30", "13月1日", "1991-02-29", "00-00", "1850-01-01",
                                  "tomorrow", "1990-5", "199005031"])
def test_an_impossible_birthday_is_refused_with_a_clear_message(db, text):
    with pytest.raises(InvalidInput) as error:
        member(birthday=text)
    assert error.value.user_message().startswith("Birthday:")
    assert Member.select().count() == 0


def test_birthday_without_a_year_is_stored_by_month_and_day(db):
    stored = Member.get_by_id(member(birthday="12月31日").id)
    assert (stored.birth_year, stored.birth_month, stored.birth_day, stored.birthday_key) == (
        None, 12, 31, 1231)
    assert str(get_member(stored.id).birthday) == "12-31"


def test_update_replaces_fields_and_tags_and_keeps_phones_unique(db):
    first = member(tags=["a", "b"])
    member(name="李四", phone="13900139000")
    updated = update_member(first.id, MemberInput(name="张三丰", phone="13700137000",
                                                  tags=["b", "c"]))
    assert (updated.name, updated.phone, updated.tags) == ("张三丰", "13700137000", ("b", "c"))
    assert Member.get_by_id(first.id).name_initials == "zsf"
    with pytest.raises(DuplicatePhone):
        update_member(first.id, MemberInput(name="张三丰", phone="13900139000"))
    assert update_member(first.id, MemberInput(name="张三", phone="13700137000")).tags == ()


def test_tag_and_untag_many_members(db):
    ids = [member(name=f"会员{i}", phone=f"1380013800{i}").id for i in range(3)]
    assert tag_members(ids, ["新客", "咖啡"]) == 6
    assert tag_members(ids, ["新客"]) == 0  # already there
    assert Tag.select().count() == 2
    assert untag_members(ids[:2], ["新客", "unknown"]) == 2
    assert [get_member(i).tags for i in ids] == [("咖啡",), ("咖啡",), ("咖啡", "新客")]


def test_merge_moves_history_recomputes_caches_and_frees_the_phone(db):
    t0 = dt.datetime(2026, 1, 5, 10)
    keep = member(tags=["咖啡"])
    gone = member(name="张三 ", phone="13900139000", birthday="5月3日", tags=["蛋糕"],
                  wechat="zs")
    buy(keep.id, 3000, t0 + dt.timedelta(days=10), 30)
    old = buy(gone.id, 5000, t0, 50)
    buy(gone.id, 2000, t0 + dt.timedelta(days=20), 20)
    template = CouponTemplate.create(title="满50减5", kind="amount", value=500)
    Coupon.create(code="ABC", issuer_uuid=current_store().uuid, template=template, member=gone.id)
    friend = member(name="朋友", phone="13700137000")
    Member.update(referrer=gone.id).where(Member.id == friend.id).execute()

    merged = merge_members(keep.id, gone.id)

    assert (merged.points, merged.total_spent_cents, merged.visit_count) == (100, 10000, 3)
    assert merged.first_purchase_at == t0
    assert merged.last_visit_at == t0 + dt.timedelta(days=20)
    assert merged.tags == ("咖啡", "蛋糕")
    assert (merged.wechat, str(merged.birthday)) == ("zs", "05-03")  # empty fields filled
    assert Purchase.get_by_id(old.id).member_id == keep.id
    assert Consent.select().where(Consent.member == keep.id).count() == 2
    assert Coupon.get(Coupon.code == "ABC").member_id == keep.id
    assert Member.get_by_id(friend.id).referrer_id == keep.id
    away = Member.get_by_id(gone.id)
    assert (away.merged_into_id, away.phone, away.name, away.points) == (keep.id, None, "", 0)
    assert away.anonymised_at is not None
    assert run_check().ok, run_check().problems
    assert member(name="新人", phone="13900139000").phone == "13900139000"  # phone is free
    audit = AuditLog.get(AuditLog.action == "member_merged")
    assert audit.entity_id == keep.id
    assert json.loads(audit.details)["merged_id"] == gone.id
    assert "张三" not in audit.details and "139" not in audit.details


def test_merge_refuses_the_same_member_and_missing_members(db):
    keep = member()
    with pytest.raises(InvalidInput):
        merge_members(keep.id, keep.id)
    with pytest.raises(MemberNotFound):
        merge_members(keep.id, keep.id + 99)


def test_delete_on_request_anonymises_keeps_aggregates_and_audits_by_id(db):
    record = member(birthday="1990-05-03", wechat="zs88", notes="住在三楼", tags=["咖啡"])
    buy(record.id, 4200, dt.datetime(2026, 3, 1, 12), 42)
    deleted = delete_on_request(record.id)
    stored = Member.get_by_id(record.id)
    assert (stored.name, stored.name_initials, stored.phone, stored.wechat, stored.notes) == (
        "", "", None, "", "")
    assert (stored.birth_year, stored.birth_month, stored.birthday_key) == (None, None, None)
    assert stored.anonymised_at is not None and deleted.anonymised_at is not None
    assert MemberTag.select().where(MemberTag.member == record.id).count() == 0
    assert (stored.points, stored.total_spent_cents, stored.visit_count) == (42, 4200, 1)
    assert Purchase.select().where(Purchase.member == record.id).count() == 1
    audit = AuditLog.get(AuditLog.action == "member_deleted_on_request")
    assert audit.entity_id == record.id
    text = f"{audit.action}{audit.entity}{audit.details}"
    assert not any(secret in text for secret in ("张三", "13800138000", "zs88", "三楼"))
    assert run_check().ok
    assert run_check().members == 0
    with pytest.raises(MemberNotFound):
        delete_on_request(record.id)
    assert member(name="另一个人").phone == "13800138000"  # the phone is free again
