"""Search as the cashier types: phone prefix, pinyin initials, name fragment, keyset pages."""

import pytest

from db.models import EntryPoint, Member, TierRule
from desktop.domain.member_search import count_members, search_members
from desktop.domain.members import MemberInput, add_member, delete_on_request, merge_members
from desktop.domain.store import current_store

PEOPLE = [
    ("张三", "13800138000"),
    ("张珊珊", "13800139999"),
    ("李四", "13912345678"),
    ("王小明", "15000001111"),
    ("Anna Smith", "+447700900123"),
    ("赵子山", "18600001234"),
]


@pytest.fixture
def people(db):
    return {name: add_member(MemberInput(name=name, phone=phone)).id for name, phone in PEOPLE}


def names(query: str, **kwargs) -> list[str]:
    return [row.name for row in search_members(query, **kwargs).members]


def test_phone_prefix_finds_by_range_in_phone_order(people):
    assert names("138") == ["张三", "张珊珊"]
    assert names("1380013") == ["张三", "张珊珊"]
    assert names("13800138000") == ["张三"]
    assert names("139") == ["李四"]
    assert names("1") == ["张三", "张珊珊", "李四", "王小明", "赵子山"]
    assert names("2") == []


def test_phone_prefix_accepts_full_width_digits_spaces_and_country_code(people):
    assert names("１３９") == ["李四"]
    assert names("139 1234") == ["李四"]
    assert names("+86 139") == ["李四"]
    assert names("+44") == ["Anna Smith"]
    assert names("+4477") == ["Anna Smith"]


def test_a_prefix_ending_in_nine_still_has_its_upper_bound(people):
    add_member(MemberInput(name="甲", phone="13999999999"))
    add_member(MemberInput(name="乙", phone="14000000000"))
    assert names("1399") == ["甲"]
    assert names("139") == ["李四", "甲"]


def test_pinyin_initials_find_chinese_names(people):
    assert names("zs") == ["张珊珊", "张三"]  # newest first; 赵子山 is zzs
    assert names("ZS") == ["张珊珊", "张三"]
    assert names("zss") == ["张珊珊"]
    assert names("wxm") == ["王小明"]
    assert names("zz") == ["赵子山"]


def test_latin_letters_also_find_latin_names_by_fragment(people):
    assert names("smith") == ["Anna Smith"]
    assert names("anna s") == ["Anna Smith"]


def test_name_fragment_finds_names_containing_it(people):
    assert names("张") == ["张珊珊", "张三"]
    assert names("珊") == ["张珊珊"]
    assert names("小明") == ["王小明"]
    assert names("不存在") == []
    assert names("%") == []  # wildcards are searched literally
    assert names("_") == []


def test_rows_carry_what_the_list_shows(db):
    entry = EntryPoint.create(store=current_store(), name="收银台", kind="counter",
                              token="k" * 43, channel_code="desk")
    record = add_member(MemberInput(name="张三", phone="13800138000", birthday="5月3日",
                                    tags=["b", "a"]), entry_point_id=entry.id)
    tier = TierRule.create(name="金卡", threshold=0, rank=2)
    Member.update(tier=tier, points=120).where(Member.id == record.id).execute()
    row = search_members("zs").members[0]
    assert (row.id, row.name, row.phone, row.tier, row.points) == (
        record.id, "张三", "13800138000", "金卡", 120)
    assert (row.tags, row.tags_text, row.source) == (("a", "b"), "a, b", "收银台")
    assert str(row.birthday) == "05-03"
    assert row.created_at == record.created_at
    assert row.last_visit_at is None


def test_anonymised_and_merged_members_are_not_found(people):
    delete_on_request(people["李四"])
    merge_members(people["张三"], people["张珊珊"])
    assert names("1") == ["张三", "王小明", "赵子山"]
    assert names("") == ["赵子山", "Anna Smith", "王小明", "张三"]
    assert count_members("") == 4
    assert count_members("138") == 1


@pytest.mark.parametrize("query", ["", "1", "z", "会员"])
def test_keyset_pages_cover_every_match_once(db, query):
    for index in range(23):
        add_member(MemberInput(name=f"周会员{index}", phone=f"137{index:08d}"))
    seen, after, pages = [], None, 0
    while True:
        page = search_members(query, limit=5, after=after)
        seen += [row.id for row in page.members]
        pages += 1
        after = page.next_after
        if after is None:
            break
    assert pages == 5
    assert len(seen) == len(set(seen)) == 23 == count_members(query)


def test_an_exact_last_page_says_there_is_no_more(people):
    page = search_members("", limit=6)
    assert len(page.members) == 6
    assert page.next_after is None
