"""Which tags a selection of members carries (both backends)."""

from desktop.domain import member_tags
from desktop.domain.member_tags import TagUse, tag_use
from desktop.domain.members import MemberInput, add_member, tag_members


def test_counts_each_tag_among_the_given_members_only(db):
    ids = [add_member(MemberInput(name=f"会员{i}", phone=f"1380013800{i}")).id for i in range(4)]
    tag_members(ids[:3], ["咖啡"])
    tag_members(ids[1:], ["周末"])
    tag_members([], ["<b>x</b>"])  # a tag nobody carries
    assert tag_use(ids[:2]) == [TagUse("<b>x</b>", 0), TagUse("周末", 1), TagUse("咖啡", 2)]
    assert tag_use(ids[:2], unused_too=False) == [TagUse("周末", 1), TagUse("咖啡", 2)]
    assert tag_use([ids[0], ids[0]], unused_too=False) == [TagUse("咖啡", 1)]  # once each
    assert tag_use([], unused_too=False) == []


def test_a_selection_larger_than_one_statement_is_counted_in_chunks(db, monkeypatch):
    monkeypatch.setattr(member_tags, "CHUNK", 2)
    ids = [add_member(MemberInput(name=f"会员{i}", phone=f"1390013900{i}")).id for i in range(5)]
    tag_members(ids, ["老客户"])
    assert tag_use(ids) == [TagUse("老客户", 5)]
