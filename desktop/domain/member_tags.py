"""Which tags a selection of members carries, for the tag and untag actions of the members list."""

from collections.abc import Iterable
from dataclasses import dataclass

from peewee import fn

from db.models import MemberTag, Tag
from desktop.domain.members import CHUNK


@dataclass(frozen=True)
class TagUse:
    """A tag and how many of the given members carry it."""

    name: str
    members: int


def tag_use(member_ids: Iterable[int], unused_too: bool = True) -> list[TagUse]:
    """Every tag with how many of the members carry it, by name; only carried ones unless
    `unused_too`. The selection is read in chunks, below the backends' parameter limits."""
    ids = list(dict.fromkeys(member_ids))
    counts: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        rows = (MemberTag.select(MemberTag.tag, fn.COUNT(MemberTag.id))
                .where(MemberTag.member.in_(ids[start:start + CHUNK]))
                .group_by(MemberTag.tag).tuples())
        for tag_id, count in rows:
            counts[tag_id] = counts.get(tag_id, 0) + count
    query = Tag.select(Tag.id, Tag.name)
    if not unused_too:
        if not counts:
            return []
        query = query.where(Tag.id.in_(list(counts)))
    # Sorted here, not in SQL: PostgreSQL's collation would order names unlike SQLite.
    return sorted((TagUse(name, counts.get(tag_id, 0)) for tag_id, name in query.tuples()),
                  key=lambda use: use.name)
