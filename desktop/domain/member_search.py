"""Member search as the cashier types: phone prefix, pinyin initials or name fragment, paged.

Never loads every row: each call reads one page through an index-friendly condition and
keyset pagination. What the query means:

- digits (full-width too, spaces and dashes ignored; '+86' dropped): phone prefix, as a range
  on the unique phone index (phone >= '138' AND phone < '139'), pages ordered by phone;
  '+44…' searches the international numbers. Phone suffix ("last four digits") is not
  searched: it cannot use an index.
- latin letters: pinyin initials prefix (zs -> 张三, a range on name_initials) or the name
  containing the letters, case-insensitive; pages ordered newest member first (id desc).
- anything else: the name containing the text, pages ordered newest first.

Ranges are bounded by carrying the last character ('139' -> '14', 'xz' -> 'y'), so they
select the same rows under any collation PostgreSQL may use, and on SQLite. Anonymised and
merged members are never found.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from peewee import JOIN, fn

from db.models import EntryPoint, Member, MemberTag, Tag, TierRule
from desktop.domain.members import Birthday

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
_PHONE_QUERY = re.compile(r"^\+?[\d\s\-()]*\d[\d\s\-()]*$")
_LATIN_QUERY = re.compile(r"^[a-z][a-z ]*$")
_DIGITS = "0123456789"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class MemberRow:
    """One line of the members list."""

    id: int
    name: str
    phone: str | None
    tier: str  # '' when none
    points: int
    tags: tuple[str, ...]
    last_visit_at: dt.datetime | None
    source: str  # the source entry point's name, '' when none
    created_at: dt.datetime
    birthday: Birthday | None

    @property
    def tags_text(self) -> str:
        """The tags as one comma-separated text, for a table cell."""
        return ", ".join(self.tags)


@dataclass(frozen=True)
class SearchPage:
    """One page of results; pass next_after back as `after` for the next page (None: done)."""

    members: list[MemberRow]
    next_after: int | str | None


@dataclass(frozen=True)
class SearchPlan:
    """How a query is searched: its condition, and whether results go by phone."""

    where: object  # a peewee expression, or None for every live member
    by_phone: bool


def search_members(query: str = "", limit: int = DEFAULT_LIMIT,
                   after: int | str | None = None) -> SearchPage:
    """The page of live members matching `query` that follows the cursor `after`."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    plan = plan_search(query)
    order_key = Member.phone if plan.by_phone else Member.id
    select = (
        Member.select(Member.id, Member.name, Member.phone, TierRule.name, Member.points,
                      Member.last_visit_at, EntryPoint.name, Member.created_at,
                      Member.birth_year, Member.birth_month, Member.birth_day)
        .join(TierRule, JOIN.LEFT_OUTER, on=(Member.tier == TierRule.id))
        .switch(Member)
        .join(EntryPoint, JOIN.LEFT_OUTER, on=(Member.source_entry == EntryPoint.id))
        .where(live_condition(plan))
    )
    if after is not None:
        select = select.where(order_key > str(after) if plan.by_phone else order_key < int(after))
    select = select.order_by(order_key.asc() if plan.by_phone else order_key.desc())
    rows = list(select.limit(limit + 1).tuples())
    more = len(rows) > limit
    rows = rows[:limit]
    tags = tags_of([row[0] for row in rows])
    members = [
        MemberRow(id=r[0], name=r[1], phone=r[2], tier=r[3] or "", points=r[4],
                  tags=tags.get(r[0], ()), last_visit_at=as_datetime(r[5]), source=r[6] or "",
                  created_at=as_datetime(r[7]),
                  birthday=Birthday(r[9], r[10], r[8]) if r[9] and r[10] else None)
        for r in rows
    ]
    next_after = None
    if more and members:
        next_after = members[-1].phone if plan.by_phone else members[-1].id
    return SearchPage(members, next_after)


def count_members(query: str = "") -> int:
    """How many live members match `query` (a full count: for totals, not for typing)."""
    return Member.select().where(live_condition(plan_search(query))).count()


def live_condition(plan: SearchPlan):
    """The plan's condition, limited to members not anonymised or merged."""
    # COALESCE keeps SQLite from walking the merged_into index (nearly every row is NULL
    # there) instead of the phone or id index the search needs.
    live = Member.anonymised_at.is_null() & (fn.COALESCE(Member.merged_into, 0) == 0)
    return live if plan.where is None else (live & plan.where)


def plan_search(query: str) -> SearchPlan:
    """Read what the cashier typed: digits, pinyin initials or a name fragment."""
    text = unicodedata.normalize("NFKC", query or "").strip()
    if not text:
        return SearchPlan(None, False)
    if _PHONE_QUERY.match(text):
        digits = re.sub(r"[\s\-()]", "", text)
        if digits.startswith("+86"):
            digits = digits[3:]
        international = digits.startswith("+")
        where = _prefix_range(Member.phone, digits, _DIGITS)
        first = fn.SUBSTR(Member.phone, 1, 1)
        where &= (first == "+") if international else (first != "+")
        return SearchPlan(where, True)
    lowered = text.lower()
    contains = Member.name.contains(text)
    if _LATIN_QUERY.match(lowered):
        initials = lowered.replace(" ", "")
        return SearchPlan(_prefix_range(Member.name_initials, initials, _LETTERS) | contains, False)
    return SearchPlan(contains, False)


def _prefix_range(column, prefix: str, alphabet: str):
    """column >= prefix AND column < (prefix with its last character carried)."""
    condition = column >= prefix
    upper = prefix
    while upper and upper[-1] == alphabet[-1]:
        upper = upper[:-1]
    if upper and upper[-1] in alphabet:
        upper = upper[:-1] + alphabet[alphabet.index(upper[-1]) + 1]
        condition &= column < upper
    return condition


def tags_of(member_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each member's tag names, for one page of members (one query)."""
    if not member_ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = (MemberTag.select(MemberTag.member, Tag.name).join(Tag)
            .where(MemberTag.member.in_(member_ids)).order_by(Tag.name).tuples())
    for member_id, name in rows:
        found.setdefault(member_id, []).append(name)
    return {key: tuple(value) for key, value in found.items()}


def as_datetime(value) -> dt.datetime | None:
    """Columns read as tuples come back as text from SQLite; datetimes everywhere else."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
