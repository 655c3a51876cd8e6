"""The members of a list (see member_query.MemberFilter) as full lines, in keyset pages.

The members page, `members list` and exports read through here. Nothing holds more than
one page: each page is one query continuing after the last row of the previous one, so the
cost of a page does not grow with its position and memory does not grow with the store.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace

from peewee import JOIN

from db.models import EntryPoint, Member, TierRule, database
from desktop.domain import member_search
from desktop.domain.member_query import (
    MemberFilter,
    MemberSort,
    after_condition,
    cursor_of,
    filter_condition,
    order_by,
)
from desktop.domain.members import Birthday

PAGE_SIZE = 2000
EVERYONE = MemberFilter()


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


@dataclass(frozen=True)
class ListingPage:
    """One page of a list; pass `next_after` back as `after` for the next one (None: done)."""

    lines: list[MemberLine]
    next_after: tuple | None


def count_matching(member_filter: MemberFilter = EVERYONE) -> int:
    """How many live members the filter holds (a full count)."""
    return Member.select().where(filter_condition(member_filter)).count()


def list_page(member_filter: MemberFilter = EVERYONE, sort: MemberSort | None = None,
              limit: int = PAGE_SIZE, after: tuple | None = None) -> ListingPage:
    """The page of the filter's members, in `sort` order, that follows the cursor `after`.

    Without a sort, the filter's default (phone order for a phone search, else newest first).
    """
    sort = sort or member_filter.default_sort()
    query = _select().where(filter_condition(member_filter))
    if after is not None:
        query = query.where(after_condition(sort, after))
    query = query.order_by(*order_by(sort)).limit(limit + 1)
    # The raw cursor skips peewee's per-value conversion: a third of the time of a page.
    rows = database.execute(query).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    tags = member_search.tags_of([row[0] for row in rows])
    next_after = None
    if more and rows:
        last = rows[-1]
        next_after = cursor_of(sort, {name: last[index] for name, index in _CURSOR.items()})
    return ListingPage([_line(row, tags) for row in rows], next_after)


def iter_member_pages(member_filter: MemberFilter = EVERYONE, sort: MemberSort | None = None,
                      page_size: int = PAGE_SIZE,
                      limit: int | None = None) -> Iterator[list[MemberLine]]:
    """Pages of the filter's members, each member exactly once, at most `limit` in all.

    The filter's moment is fixed for the whole walk, so a segment does not shift between pages.
    """
    from db.models import utcnow

    if member_filter.now is None:
        member_filter = replace(member_filter, now=utcnow())
    after = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = page_size if remaining is None else min(page_size, remaining)
        page = list_page(member_filter, sort, size, after)
        if page.lines:
            yield page.lines
        if page.next_after is None:
            return
        after = page.next_after
        if remaining is not None:
            remaining -= len(page.lines)


def member_line(member_id: int) -> MemberLine | None:
    """One member's line (after a change to that member), None once not live any more."""
    query = _select().where(filter_condition(EVERYONE) & (Member.id == member_id))
    rows = database.execute(query).fetchall()
    return _line(rows[0], member_search.tags_of([member_id])) if rows else None


def local_time(value) -> dt.datetime | None:
    """A stored naive-UTC time (a datetime, or text from SQLite) as naive local time."""
    value = member_search.as_datetime(value)
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


# Where each sort column sits in a row of _select(), for the cursor of the last row.
_CURSOR = {"id": 0, "name": 1, "phone": 2, "points": 8, "last_visit_at": 11, "created_at": 13,
           "name_initials": 14}


def _select():
    return (
        Member.select(Member.id, Member.name, Member.phone, Member.gender, Member.birth_year,
                      Member.birth_month, Member.birth_day, TierRule.name, Member.points,
                      Member.total_spent_cents, Member.visit_count, Member.last_visit_at,
                      EntryPoint.name, Member.created_at, Member.name_initials)
        .join(TierRule, JOIN.LEFT_OUTER, on=(Member.tier == TierRule.id))
        .switch(Member)
        .join(EntryPoint, JOIN.LEFT_OUTER, on=(Member.source_entry == EntryPoint.id))
    )


def _line(row: tuple, tags: dict[int, tuple[str, ...]]) -> MemberLine:
    (member_id, name, phone, gender, year, month, day, tier, points, spent, visits,
     last_visit, source, created, _initials) = row
    return MemberLine(
        id=member_id, name=name or "", phone=phone, gender=gender or "",
        birthday=Birthday(month, day, year) if month and day else None,
        tier=tier or "", points=points or 0, total_spent_cents=spent or 0,
        visits=visits or 0, last_visit=local_time(last_visit), tags=tags.get(member_id, ()),
        source=source or "", joined=local_time(created))
