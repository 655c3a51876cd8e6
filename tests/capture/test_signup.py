"""Sign-up domain: new and known phones, consents, welcome coupon, refusals (both DBs)."""

import pytest

import desktop.capture.signup as signup_module
from db.models import Consent, Coupon, Member, SignupEvent
from desktop.capture.signup import (
    SignupForm,
    SignupInvalid,
    SignupNotFound,
    page_opened,
    signup,
)
from desktop.domain.coupon_codes import display
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.entry_points import EntryPointInput, add_entry_point, archive_entry_point
from desktop.domain.settings import set_setting

FORM = SignupForm(name="张三", phone="138 0013 8000", birthday="1990年5月3日", marketing=True)


def page_entry(**fields):
    welcome = add_template(TemplateInput(title="新客立减10元", kind="amount", value=1000,
                                         valid_days=30)).id
    return add_entry_point(EntryPointInput(name="门口海报", kind="page", tags=["扫码"],
                                           welcome_template_id=welcome, **fields))


def consents(member_id):
    return [(c.kind, c.given, c.source) for c in
            Consent.select().where(Consent.member == member_id).order_by(Consent.id)]


def test_new_member_with_tags_consents_event_and_welcome_coupon(db):
    entry = page_entry()
    result = signup(entry.token, FORM, client_hash="abc")
    member = Member.get_by_id(result.member_id)
    assert (member.name, member.phone, member.birth_month, member.birth_day,
            member.source_entry_id) == ("张三", "13800138000", 5, 3, entry.id)
    assert not result.known
    assert consents(member.id) == [("marketing", True, "signup_page"),
                                   ("partner_sharing", False, "signup_page")]
    coupon = Coupon.get(Coupon.member == member.id)
    assert result.coupon_code == display(coupon.code)
    events = [(e.kind, e.member_id, e.client_hash) for e in SignupEvent.select()]
    assert events == [("signed_up", member.id, "abc")]


def test_known_phone_is_recognised_without_a_second_member_or_coupon(db):
    entry = page_entry()
    first = signup(entry.token, FORM)
    again = signup(entry.token, SignupForm(name="张小三", phone="+86 13800138000",
                                           marketing=True, partner=True))
    assert (again.known, again.member_id, again.name, again.coupon_code) == (
        True, first.member_id, "张三", None)
    assert Member.select().count() == 1
    assert Coupon.select().where(Coupon.member == first.member_id).count() == 1
    assert [e.kind for e in SignupEvent.select().order_by(SignupEvent.id)] == [
        "signed_up", "known_phone"]
    assert consents(first.member_id)[-2:] == [("marketing", True, "signup_page"),
                                              ("partner_sharing", True, "signup_page")]
    # A later visit with the partner box left unticked withdraws nothing.
    signup(entry.token, SignupForm(name="张三", phone="13800138000", marketing=True))
    assert consents(first.member_id)[-1] == ("marketing", True, "signup_page")
    assert [c for c in consents(first.member_id) if c[0] == "partner_sharing"][-1][1] is True


@pytest.mark.parametrize(("form", "fields"), [
    (SignupForm(), {"name", "phone", "marketing"}),
    (SignupForm(name="张\x00三", phone="13800138000", marketing=True), {"name"}),
    (SignupForm(name="x" * 10_000, phone="1" * 10_000, birthday="1" * 10_000, marketing=True),
     {"name", "phone", "birthday"}),
    (SignupForm(name="张三", phone="12345", birthday="2月30日", marketing=True),
     {"phone", "birthday"}),
])
def test_unusable_forms_are_refused_field_by_field_and_store_nothing(db, form, fields):
    entry = page_entry()
    with pytest.raises(SignupInvalid) as refusal:
        signup(entry.token, form)
    assert set(refusal.value.problems) == fields
    assert all(refusal.value.problems.values())
    assert Member.select().count() == 0
    assert SignupEvent.select().count() == 0


def test_unknown_archived_and_non_page_tokens_are_not_found(db):
    archived = page_entry()
    archive_entry_point(archived.id)
    counter = add_entry_point(EntryPointInput(name="收银台", kind="counter"))
    for token in ("nope" * 11, archived.token, counter.token):
        with pytest.raises(SignupNotFound):
            signup(token, FORM)
        with pytest.raises(SignupNotFound):
            page_opened(token)
    assert Member.select().count() == 0


def test_page_open_is_recorded_and_shows_the_privacy_setting(db):
    entry = page_entry()
    set_setting("privacy_notice", "我们只用于会员优惠。")
    page = page_opened(entry.token, client_hash="h")
    assert page.privacy_notice == "我们只用于会员优惠。"
    assert [(e.kind, e.client_hash) for e in SignupEvent.select()] == [("opened", "h")]


def test_a_phone_stored_at_the_counter_during_the_sign_up_is_recognised(db, monkeypatch):
    entry = page_entry()
    first = signup(entry.token, FORM)
    lookups = iter([None])  # the first look-up misses, as if the counter had not yet stored it
    real = signup_module._member_with_phone
    monkeypatch.setattr(signup_module, "_member_with_phone",
                        lambda phone: next(lookups, None) or real(phone))
    again = signup(entry.token, FORM)
    assert (again.known, again.member_id) == (True, first.member_id)
    assert Member.select().count() == 1
    assert SignupEvent.select().where(SignupEvent.kind == "known_phone").count() == 1
