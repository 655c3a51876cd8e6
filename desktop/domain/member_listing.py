"""Every live member of a search, a segment or both, streamed in keyset pages (for export, list).

Nothing here holds more than one page: each page is one query continuing after the last
row of the previous one (by phone for a phone-prefix search, as the search itself pages;
else newest member first by id), so the cost of a page does not grow with its position
and memory does not grow with the number of members.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import JOIN

from db.models import EntryPoint, Member, TierRule, database
from desktop.domain import member_search
from desktop.domain.members import Birthday
from desktop.domain.segments import segment_condition

PAGE_SIZE = 2000


@dataclass(frozen=True)
class MemberLine:
    """One member as a full line of a list or an export; times in the shop's local time."""

    id: int
    name: str
    phone: str | None
    gender: str  # '' | f | m
    birthday: Birthday | None
    tier: str  # '' when none
    points: int
    total_spent_cents: int
    visits: int
    last_visit: dt.datetime | None  # local, naive
    tags: tuple[str, ...]
    source: str  # the source entry point's name, '' when none
    joined: dt.datetime  # local, naive

    @property
    def tags_text(self) -> str:
        """The tags as one comma-separated text, for a table cell."""
        return ", ".join(self.tags)


def member_condition(search: str | None = None, segment: str | None = None,
                     now: dt.datetime | None = None):
    """WHERE over Member for live members matching `search` and in `segment` (both if given).

    An unknown segment key raises InvalidInput naming the known ones.
    """
    plan = member_search.plan_search(search or "")
    condition = member_search.live_condition(plan)
    if segment:
        condition &= segment_condition(segment, now)
    return condition


def count_matching(search: str | None = None, segment: str | None = None,
                   now: dt.datetime | None = None) -> int:
    """How many live members match `search` and `segment` (a full count)."""
    return Member.select().where(member_condition(search, segment, now)).count()


def iter_member_pages(search: str | None = None, segment: str | None = None,
                      page_size: int = PAGE_SIZE, now: dt.datetime | None = None,
                      limit: int | None = None) -> Iterator[list[MemberLine]]:
    """Pages of the matching live members, each member exactly once, at most `limit` in all.

    `now` is fixed for the whole walk, so a segment does not shift between pages.
    """
    from db.models import utcnow

    now = now or utcnow()
    condition = member_condition(search, segment, now)  # validates the segment up front
    by_phone = member_search.plan_search(search or "").by_phone
    order_key = Member.phone if by_phone else Member.id
    after: int | str | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = page_size if remaining is None else min(page_size, remaining)
        query = _select().where(condition)
        if after is not None:
            query = query.where(order_key > after if by_phone else order_key < after)
        query = query.order_by(order_key.asc() if by_phone else order_key.desc())
        # The raw cursor skips peewee's per-value conversion: a third of the time of a page.
        rows = database.execute(query.limit(size)).fetchall()
        if not rows:
            return
        tags = member_search.tags_of([row[0] for row in rows])
        yield [_line(row, tags) for row in rows]
        if len(rows) < size:
            return
        after = rows[-1][2] if by_phone else rows[-1][0]
        if remaining is not None:
            remaining -= len(rows)


def iter_members(search: str | None = None, segment: str | None = None,
                 page_size: int = PAGE_SIZE,
                 now: dt.datetime | None = None) -> Iterator[MemberLine]:
    """The matching live members one by one, read a page at a time."""
    for page in iter_member_pages(search, segment, page_size, now):
        yield from page


def local_time(value) -> dt.datetime | None:
    """A stored naive-UTC time (a datetime, or text from SQLite) as naive local time."""
    value = member_search.as_datetime(value)
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _select():
    return (
        Member.select(Member.id, Member.name, Member.phone, Member.gender, Member.birth_year,
                      Member.birth_month, Member.birth_day, TierRule.name, Member.points,
                      Member.total_spent_cents, Member.visit_count, Member.last_visit_at,
                      EntryPoint.name, Member.created_at)
        .join(TierRule, JOIN.LEFT_OUTER, on=(Member.tier == TierRule.id))
        .switch(Member)
        .join(EntryPoint, JOIN.LEFT_OUTER, on=(Member.source_entry == EntryPoint.id))
    )


def _line(row: tuple, tags: dict[int, tuple[str, ...]]) -> MemberLine:
    (member_id, name, phone, gender, year, month, day, tier, points, spent, visits,
     last_visit, source, created) = row
    return MemberLine(
        id=member_id, name=name or "", phone=phone, gender=gender or "",
        birthday=Birthday(month, day, year) if month and day else None,
        tier=tier or "", points=points or 0, total_spent_cents=spent or 0,
        visits=visits or 0, last_visit=local_time(last_visit), tags=tags.get(member_id, ()),
        source=source or "", joined=local_time(created))
