"""Entry points: validation, tokens and channel codes, QR targets, counter sign-ups (both DBs)."""

import datetime as dt
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from db.models import Coupon, CouponBatch, EntryPointTag, Member, SignupEvent, Staff
from db.models import EntryPoint as EntryPointRow
from desktop.domain.coupon_codes import ALPHABET
from desktop.domain.coupons import TemplateInput, add_template, archive_template
from desktop.domain.entry_points import (
    EntryPointInput,
    EntryPointNotFound,
    add_entry_point,
    archive_entry_point,
    form_url,
    get_entry_point,
    list_entry_points,
    qr_url,
    record_counter_signup,
    signup_path,
    update_entry_point,
)
from desktop.domain.errors import InvalidInput
from desktop.domain.members import DuplicatePhone, MemberInput, add_member
from desktop.domain.settings import set_setting
from desktop.domain.store import current_store


def template(**fields) -> int:
    values = {"title": "新客立减10元", "kind": "amount", "value": 1000, "valid_days": 30}
    return add_template(TemplateInput(**(values | fields))).id


def entry(name="前台", kind="page", **fields):
    return add_entry_point(EntryPointInput(name=name, kind=kind, **fields))


def refused_field(data: EntryPointInput) -> str:
    with pytest.raises(InvalidInput) as refusal:
        add_entry_point(data)
    return refusal.value.details["field"]


def test_add_stores_every_field_with_fresh_token_and_code(db):
    staff = Staff.create(store=current_store(), name="小李")
    welcome = template()
    added = entry("  门口 海报 ", "page", tags=["扫码", "新客", "扫码"], location="门口",
                  welcome_template_id=welcome, staff_id=staff.id)
    row = EntryPointRow.get_by_id(added.id)
    assert (row.name, row.kind, row.location, row.welcome_template_id, row.staff_id) == (
        "门口 海报", "page", "门口", welcome, staff.id)
    assert get_entry_point(added.id).tags == ("扫码", "新客")
    assert EntryPointTag.select().where(EntryPointTag.entry_point == added.id).count() == 2
    # ≥ 128 bits, URL-safe; the channel code short, from the coupon alphabet.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", row.token)
    assert re.fullmatch(f"[{ALPHABET}]{{6}}", row.channel_code)
    others = [entry(f"海报{i}") for i in range(20)]
    assert len({e.token for e in [added, *others]}) == 21
    assert len({e.channel_code for e in [added, *others]}) == 21
    assert signup_path(added) == f"/s/{row.token}"


@pytest.mark.parametrize(("data", "field"), [
    (EntryPointInput(name="  ", kind="page"), "Name"),
    (EntryPointInput(name="长" * 61, kind="page"), "Name"),
    (EntryPointInput(name="x", kind="poster"), "Kind"),
    (EntryPointInput(name="x", kind="referral"), "Kind"),
    (EntryPointInput(name="x", kind="form"), "URL"),
    (EntryPointInput(name="x", kind="url", url="ftp://example.com/a"), "URL"),
    (EntryPointInput(name="x", kind="url", url="javascript:alert(1)"), "URL"),
    (EntryPointInput(name="x", kind="url", url="https://"), "URL"),
    (EntryPointInput(name="x", kind="form", url="https://forms.example.com/f"), "Parameter"),
    (EntryPointInput(name="x", kind="form", url="https://www.wjx.cn/vm/a.aspx",
                     param="bad-name"), "Parameter"),
    (EntryPointInput(name="x", kind="form", url="https://forms.example.com/f",
                     param="p" * 31), "Parameter"),
    (EntryPointInput(name="x", kind="page", tags=["标" * 41]), "Tag"),
    (EntryPointInput(name="x", kind="page", location="地" * 61), "Location"),
    (EntryPointInput(name="x", kind="page", welcome_template_id=999), "Welcome coupon"),
    (EntryPointInput(name="x", kind="page", staff_id=999), "Staff"),
])
def test_refusals_name_the_field_and_write_nothing(db, data, field):
    assert refused_field(data) == field
    assert EntryPointRow.select().count() == 0


def test_an_archived_or_ended_welcome_template_is_refused(db):
    archived = template()
    archive_template(archived)
    ended = template(valid_days=None, valid_from=dt.date(2020, 1, 1),
                     valid_to=dt.date(2020, 1, 31))
    for template_id in (archived, ended):
        assert refused_field(EntryPointInput(name="x", kind="page",
                                             welcome_template_id=template_id)) == \
            "Welcome coupon"


def test_form_url_appends_the_channel_keeping_the_query(db):
    wjx = entry("问卷星", "form", url="https://www.wjx.cn/vm/abc.aspx?from=poster&x=%E4%B8%AD#q")
    assert wjx.param == "sojumpparm"  # the preset for 问卷星
    url = form_url(wjx)
    assert url == ("https://www.wjx.cn/vm/abc.aspx?from=poster&x=%E4%B8%AD"
                   f"&sojumpparm={wjx.channel_code}#q")
    assert qr_url(wjx) == url
    plain = entry("金数据", "form", url="https://jinshuju.net/f/AbCd", param="x_field")
    assert form_url(plain) == f"https://jinshuju.net/f/AbCd?x_field={plain.channel_code}"
    stale = entry("旧链接", "form", url="https://wj.qq.com/s2/1/2?from=old&a=1", param="from")
    assert parse_qsl(urlsplit(form_url(stale)).query) == [("a", "1"),
                                                          ("from", stale.channel_code)]


def test_qr_url_by_kind(db):
    page = entry("门口", "page")
    assert qr_url(page) == signup_path(page)
    set_setting("signup_base_url", "http://192.168.1.20:8080/")
    assert qr_url(page) == f"http://192.168.1.20:8080/s/{page.token}"
    link = entry("公众号", "url", url="https://mp.weixin.qq.com/s/xyz")
    assert qr_url(link) == "https://mp.weixin.qq.com/s/xyz"
    assert qr_url(entry("收银台", "counter")) is None
    counter = entry("收银台2", "counter", url="https://ignored.example.com")
    assert counter.url == ""


def test_update_keeps_token_and_code_and_replaces_tags(db):
    added = entry("前台", "page", tags=["a", "b"])
    updated = update_entry_point(added.id, EntryPointInput(
        name="前台收银", kind="form", url="https://www.wjx.cn/vm/x.aspx", tags=["c"]))
    assert (updated.token, updated.channel_code) == (added.token, added.channel_code)
    assert (updated.name, updated.kind, updated.param, updated.tags) == (
        "前台收银", "form", "sojumpparm", ("c",))
    with pytest.raises(InvalidInput):
        update_entry_point(added.id, EntryPointInput(name="", kind="page"))
    assert get_entry_point(added.id).name == "前台收银"
    with pytest.raises(EntryPointNotFound):
        update_entry_point(999, EntryPointInput(name="x", kind="page"))


def test_archive_hides_from_the_list_and_keeps_members(db):
    first = entry("一号")
    entry("二号", tags=["t"])
    EntryPointRow.create(store=current_store(), name="张三的邀请", kind="referral",
                         token="r" * 43, channel_code="RRRRRR")
    member = add_member(MemberInput(name="张三", phone="13800138000"),
                        entry_point_id=first.id)
    archived = archive_entry_point(first.id)
    assert archived.archived and archive_entry_point(first.id).archived_at == \
        archived.archived_at
    assert [(e.name, e.tags) for e in list_entry_points()] == [("二号", ("t",))]
    assert [e.name for e in list_entry_points(include_archived=True)] == ["一号", "二号"]
    assert len(list_entry_points(include_referrals=True)) == 2
    assert Member.get_by_id(member.id).source_entry_id == first.id
    with pytest.raises(EntryPointNotFound):
        get_entry_point(999)


def test_counter_signup_attributes_tags_records_and_welcomes(db):
    welcome = template()
    counter = entry("收银台", "counter", tags=["到店"], welcome_template_id=welcome)
    signup = record_counter_signup(counter.id, MemberInput(name="李四", phone="13900139000",
                                                           tags=["老客户介绍"]))
    member = Member.get_by_id(signup.member.id)
    assert member.source_entry_id == counter.id and signup.member.source == "收银台"
    assert set(signup.member.tags) == {"到店", "老客户介绍"}
    event = SignupEvent.get(SignupEvent.entry_point == counter.id)
    assert (event.kind, event.member_id) == ("signed_up", member.id)
    coupon = Coupon.get(Coupon.member == member.id)
    assert coupon.code == signup.coupon_code and coupon.template_id == welcome
    assert CouponBatch.get_by_id(coupon.batch_id).purpose == "welcome"
    assert signup.welcome_problem == ""


def test_counter_signup_is_one_transaction(db, monkeypatch):
    counter = entry("收银台", "counter", tags=["到店"], welcome_template_id=template())
    add_member(MemberInput(name="王五", phone="13700137000"))
    with pytest.raises(DuplicatePhone):
        record_counter_signup(counter.id, MemberInput(name="王五", phone="13700137000"))

    def fail(member_id, template_id):
        raise RuntimeError("disk full")

    # A failure after the member and the event were written takes them back too.
    monkeypatch.setattr("desktop.domain.entry_points.issue_welcome", fail)
    with pytest.raises(RuntimeError):
        record_counter_signup(counter.id, MemberInput(name="周九", phone="13300133000"))
    assert SignupEvent.select().count() == 0 and Coupon.select().count() == 0
    assert [m.name for m in Member.select()] == ["王五"]


def test_counter_signup_without_usable_welcome_still_adds_the_member(db):
    welcome = template()
    counter = entry("收银台", "counter", welcome_template_id=welcome)
    plain = entry("无券", "counter")
    archive_template(welcome)
    signup = record_counter_signup(counter.id, MemberInput(name="赵六", phone="13600136000"))
    assert signup.coupon_code is None and "archived" in signup.welcome_problem
    assert Member.select().count() == 1 and Coupon.select().count() == 0
    other = record_counter_signup(plain.id, MemberInput(name="钱七", phone="13500135000"))
    assert (other.coupon_code, other.welcome_problem) == (None, "")


def test_counter_signup_refuses_an_archived_entry_point(db):
    counter = entry("收银台", "counter")
    archive_entry_point(counter.id)
    with pytest.raises(InvalidInput):
        record_counter_signup(counter.id, MemberInput(name="孙八", phone="13400134000"))
    with pytest.raises(EntryPointNotFound):
        record_counter_signup(999, MemberInput(name="孙八", phone="13400134000"))
    assert Member.select().count() == 0


def test_a_taken_channel_code_is_drawn_again(db, monkeypatch):
    EntryPointRow.create(store=current_store(), name="旧", kind="page", token="t" * 43,
                         channel_code="AAAAAA")
    draws = iter("AAAAAA" "BBBBBB")
    monkeypatch.setattr("desktop.domain.entry_points.secrets.choice", lambda _: next(draws))
    assert entry("新").channel_code == "BBBBBB"
