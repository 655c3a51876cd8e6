"""Member lists: filters by search, segment, tag and tier; every sort pages each member once."""

import datetime as dt
import random

import pytest

from db.models import Member, MemberTag, Tag, TierRule, utcnow
from desktop.domain.errors import InvalidInput
from desktop.domain.member_listing import (
    EVERYONE,
    count_matching,
    iter_member_pages,
    list_page,
    member_line,
)
from desktop.domain.member_query import SORT_KEYS, MemberFilter, MemberSort, filter_choices
from desktop.domain.store import current_store


@pytest.fixture
def crowd(db):
    """60 members with clashing points, names and visit times, some never visited."""
    store = current_store()
    rng = random.Random(7)
    base = dt.datetime(2026, 1, 1)
    rows = []
    for index in range(60):
        visited = index % 3 != 0
        rows.append({
            "store": store, "name": rng.choice(["张三", "李四", "王五", "赵六"]),
            "name_initials": "", "phone": f"1380000{index:04d}",
            "points": rng.choice([0, 10, 10, 50]),
            "visit_count": 1 if visited else 0,
            "last_visit_at": base + dt.timedelta(days=rng.choice([1, 2, 3])) if visited else None,
            "created_at": base - dt.timedelta(days=rng.choice([1, 2])),
        })
    for row in rows:
        row["name_initials"] = {"张三": "zs", "李四": "ls", "王五": "ww", "赵六": "zl"}[row["name"]]
    Member.insert_many(rows).execute()
    return Member.select().count()


def walk(member_filter=EVERYONE, sort=None, page_size=7):
    return [line for page in iter_member_pages(member_filter, sort, page_size) for line in page]


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_pages_each_member_exactly_once_in_order(crowd, key, descending):
    lines = walk(sort=MemberSort(key, descending))
    assert sorted(line.id for line in lines) == sorted(m.id for m in Member.select())
    values = {
        "joined": lambda line: line.joined,
        "points": lambda line: line.points,
        "phone": lambda line: line.phone,
        "last_visit": lambda line: line.last_visit,
    }
    if key == "name":
        initials = {m.id: m.name_initials for m in Member.select()}
        seen = [initials[line.id] for line in lines]
    else:
        seen = [values[key](line) for line in lines]
    present = [value for value in seen if value is not None]
    assert present == sorted(present, reverse=descending)
    # Empty values come last in either direction.
    assert seen == present + [None] * (len(seen) - len(present))


def test_list_page_cursor_continues_where_the_last_page_ended(crowd):
    sort = MemberSort("points", descending=True)
    first = list_page(MemberFilter(), sort, limit=10)
    second = list_page(MemberFilter(), sort, limit=10, after=first.next_after)
    assert len(first.lines) == len(second.lines) == 10
    assert not {line.id for line in first.lines} & {line.id for line in second.lines}
    assert first.lines[-1].points >= second.lines[0].points
    last = list_page(MemberFilter(), sort, limit=100)
    assert len(last.lines) == crowd and last.next_after is None


def test_tag_and_tier_filters(crowd):
    tagged = [m.id for m in Member.select().order_by(Member.id).limit(5)]
    tag = Tag.create(name="咖啡")
    MemberTag.insert_many([{"member": i, "tag": tag.id} for i in tagged]).execute()
    gold = TierRule.create(name="Gold", rank=2, threshold=0)
    Member.update(tier=gold.id).where(Member.id.in_(tagged[:2])).execute()
    assert sorted(line.id for line in walk(MemberFilter(tag_id=tag.id))) == sorted(tagged)
    assert count_matching(MemberFilter(tag_id=tag.id)) == 5
    assert sorted(line.id for line in walk(MemberFilter(tier_id=gold.id))) == tagged[:2]
    both = MemberFilter("13800000", tag_id=tag.id, tier_id=gold.id)
    assert count_matching(both) == 2 and all(line.tier == "Gold" for line in walk(both))
    assert count_matching(MemberFilter(tag_id=tag.id, segment="prospects")) == sum(
        1 for m in Member.select().where(Member.id.in_(tagged)) if m.visit_count == 0)


def test_filter_defaults_and_unknown_keys(crowd):
    assert MemberFilter().is_everyone and not MemberFilter(" 138 ").is_everyone
    assert MemberFilter("138").default_sort() == MemberSort("phone", descending=False)
    assert MemberFilter("张").default_sort() == MemberSort("joined", descending=True)
    phones = [line.phone for line in walk(MemberFilter("1380000"))]
    assert phones == sorted(phones) and len(phones) == crowd
    with pytest.raises(InvalidInput, match="points"):
        list_page(MemberFilter(), MemberSort("shoe size"))
    with pytest.raises(InvalidInput):
        count_matching(MemberFilter(segment="nobody"))


def test_a_walk_keeps_one_moment_for_its_segment(crowd):
    Member.update(created_at=utcnow() - dt.timedelta(days=2)).execute()
    lines = walk(MemberFilter(segment="new"))
    assert len(lines) == crowd
    assert walk(MemberFilter(segment="new", now=utcnow() + dt.timedelta(days=60))) == []


def test_filter_choices_list_tags_by_name_and_tiers_best_first(db):
    Tag.create(name="周末")
    Tag.create(name="VIP")
    TierRule.create(name="银卡", rank=1)
    TierRule.create(name="金卡", rank=2)
    choices = filter_choices()
    assert [c.name for c in choices.tags] == sorted(["周末", "VIP"])
    assert [c.name for c in choices.tiers] == ["金卡", "银卡"]
    assert choices.tags[0].id == Tag.get(Tag.name == choices.tags[0].name).id


def test_member_line_reads_one_live_member(crowd):
    member = Member.select().first()
    line = member_line(member.id)
    assert (line.id, line.phone, line.points) == (member.id, member.phone, member.points)
    Member.update(anonymised_at=utcnow(), phone=None).where(Member.id == member.id).execute()
    assert member_line(member.id) is None
