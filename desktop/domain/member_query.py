"""Which live members a list shows (search, segment, tag, tier) and in what order, for keyset pages.

A list is read a page at a time: each page continues after the last row of the one before
through a keyset condition on the sort columns plus the member id, so a page costs the same
wherever it is and nothing holds more than a page. Sorts follow indexed columns.

Empty values sort last in either direction (a member without a visit is at the end of the
list by last visit, newest or oldest first), the same on SQLite and PostgreSQL.
"""

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from db.models import Member, MemberTag, Tag, TierRule
from desktop.domain import member_search
from desktop.domain.errors import InvalidInput
from desktop.domain.segments import segment_condition
from desktop.i18n import tr

# Sort key -> the columns it orders by (the member id always breaks ties) and whether a
# column may be empty. Name goes by pinyin initials first, so 张三 sits among the z's.
SORT_COLUMNS = {
    "joined": ((Member.created_at, False),),
    "name": ((Member.name_initials, False), (Member.name, False)),
    "phone": ((Member.phone, True),),
    "points": ((Member.points, False),),
    "last_visit": ((Member.last_visit_at, True),),
}
SORT_KEYS = tuple(SORT_COLUMNS)


@dataclass(frozen=True)
class MemberSort:
    """A sort key of SORT_KEYS and its direction."""

    key: str = "joined"
    descending: bool = True


NEWEST_FIRST = MemberSort()
BY_PHONE = MemberSort("phone", descending=False)


@dataclass(frozen=True)
class MemberFilter:
    """What a list holds: members found by `search`, in `segment`, with a tag, in a tier."""

    search: str = ""
    segment: str | None = None
    tag_id: int | None = None
    tier_id: int | None = None
    # A segment is computed at a moment; fixing it keeps a list steady while it is paged.
    now: dt.datetime | None = field(default=None, compare=False)

    @property
    def is_everyone(self) -> bool:
        """True when nothing narrows the list: every live member."""
        return not (self.search.strip() or self.segment or self.tag_id or self.tier_id)

    def default_sort(self) -> MemberSort:
        """Phone order for a phone search (as its index reads), newest first otherwise."""
        return BY_PHONE if member_search.plan_search(self.search).by_phone else NEWEST_FIRST


def filter_condition(member_filter: MemberFilter):
    """WHERE over Member for the live members the filter holds.

    An unknown segment raises InvalidInput naming the known ones.
    """
    condition = member_search.live_condition(member_search.plan_search(member_filter.search))
    if member_filter.segment:
        condition &= segment_condition(member_filter.segment, member_filter.now)
    if member_filter.tag_id is not None:
        condition &= fn.EXISTS(MemberTag.select(MemberTag.id).where(
            (MemberTag.member == Member.id) & (MemberTag.tag == member_filter.tag_id)))
    if member_filter.tier_id is not None:
        condition &= Member.tier == member_filter.tier_id
    return condition


def check_sort(sort: MemberSort) -> None:
    """InvalidInput naming the known sort keys when `sort.key` is not one of them."""
    if sort.key not in SORT_COLUMNS:
        raise InvalidInput(field=tr("member_query", "Sort"),
                           problem=tr("member_query", "unknown sort; choose one of {keys}")
                           .format(keys=", ".join(SORT_KEYS)))


def sort_columns(sort: MemberSort) -> list[tuple[object, bool]]:
    """(column, may be empty) in sort order, ending with the member id."""
    check_sort(sort)
    return [*SORT_COLUMNS[sort.key], (Member.id, False)]


def order_by(sort: MemberSort) -> list:
    """ORDER BY terms for `sort`, empty values last."""
    terms = []
    for column, nullable in sort_columns(sort):
        if nullable:  # SQLite sorts NULL first and PostgreSQL last: say it explicitly
            terms.append(column.desc(nulls="LAST") if sort.descending
                         else column.asc(nulls="LAST"))
        else:
            terms.append(column.desc() if sort.descending else column.asc())
    return terms


def after_condition(sort: MemberSort, cursor: tuple):
    """WHERE for the rows that come after `cursor` (the sort values of the last row read)."""
    columns = sort_columns(sort)
    alternatives = []
    for position, (column, nullable) in enumerate(columns):
        beyond = _beyond(column, cursor[position], sort.descending, nullable)
        if beyond is None:
            continue
        for (earlier, _), value in zip(columns[:position], cursor, strict=False):
            beyond &= earlier.is_null() if value is None else (earlier == value)
        alternatives.append(beyond)
    if not alternatives:
        return Member.id.is_null()  # nothing comes after the very last row
    condition = alternatives[0]
    for alternative in alternatives[1:]:
        condition |= alternative
    return _leading_bound(columns[0], cursor[0], sort.descending) & condition


def _leading_bound(column_spec, value, descending: bool):
    """A plain range on the first sort column, implied by the OR chain, that an index can seek.

    Without it SQLite reads the index from its start up to the cursor on every page.
    """
    column, nullable = column_spec
    if value is None:
        return column.is_null()
    bound = column <= value if descending else column >= value
    return (bound | column.is_null()) if nullable else bound


def cursor_of(sort: MemberSort, values: dict) -> tuple:
    """The keyset cursor of a row, from its values by column name."""
    return tuple(values[column.name] for column, _ in sort_columns(sort))


def _beyond(column, value, descending: bool, nullable: bool):
    """Rows past `value` in this column alone (empty values come last), or None if none can be."""
    if value is None:
        return None  # empty is last: nothing lies past it in this column
    beyond = column < value if descending else column > value
    return (beyond | column.is_null()) if nullable else beyond


@dataclass(frozen=True)
class Choice:
    """One entry of a filter's drop-down: a tag's or a tier's id and name."""

    id: int
    name: str


@dataclass(frozen=True)
class FilterChoices:
    """The tags (by name) and tiers (best first) a list can be narrowed to."""

    tags: list[Choice]
    tiers: list[Choice]


def filter_choices() -> FilterChoices:
    """Every tag and tier, for the list's filters."""
    tags = Tag.select(Tag.id, Tag.name).order_by(Tag.name).tuples()
    tiers = TierRule.select(TierRule.id, TierRule.name).order_by(TierRule.rank.desc()).tuples()
    return FilterChoices([Choice(*row) for row in tags], [Choice(*row) for row in tiers])
