"""Member segments computed from the data: each a live-member query to list, count or act on.

Definitions (live members only: neither anonymised nor merged):

- new: joined in the last `days` days (default 30);
- prospects 半存量: no purchase yet (visit count 0);
- customers 存量: at least one purchase (a refunded purchase still was a visit);
- repeat: at least two purchases;
- vip: holds a tier of the top rank;
- sleeping 沉睡: has bought, but the last visit is more than `sleeping_after_days` ago;
- birthday_week: birthday in this calendar week, Monday to Sunday (across New Year too);
- birthday_month: birthday in this calendar month.

A 29 February birthday counts on 28 February in years without one. Weeks and months are
the shop's local calendar; `now` is naive UTC like every stored time.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from peewee import Case, fn

from db.models import Member, TierRule, utcnow
from desktop.domain import settings
from desktop.domain.errors import InvalidInput
from desktop.i18n import tr, tr_noop

NEW_DAYS = 30


@dataclass(frozen=True)
class Segment:
    """A segment's key (stable, used by the CLI), its title and description (English source)."""

    key: str
    title: str
    description: str

    def translated_title(self) -> str:
        """The title in the current language."""
        return tr("segments", self.title)

    def translated_description(self) -> str:
        """The description in the current language."""
        return tr("segments", self.description)


SEGMENTS: tuple[Segment, ...] = (
    Segment("new", tr_noop("segments", "New members"),
            tr_noop("segments", "Joined in the last 30 days")),
    Segment("prospects", tr_noop("segments", "Prospects (no purchase yet)"),
            tr_noop("segments", "Members who have not bought anything yet")),
    Segment("customers", tr_noop("segments", "Customers"),
            tr_noop("segments", "Members with at least one purchase")),
    Segment("repeat", tr_noop("segments", "Repeat customers"),
            tr_noop("segments", "Members with two or more purchases")),
    Segment("vip", tr_noop("segments", "VIP"),
            tr_noop("segments", "Members in the top tier")),
    Segment("sleeping", tr_noop("segments", "Sleeping"),
            tr_noop("segments", "Customers who have not visited for a while")),
    Segment("birthday_week", tr_noop("segments", "Birthdays this week"),
            tr_noop("segments", "Birthday between Monday and Sunday of this week")),
    Segment("birthday_month", tr_noop("segments", "Birthdays this month"),
            tr_noop("segments", "Birthday in this calendar month")),
)
SEGMENT_KEYS = tuple(segment.key for segment in SEGMENTS)


def get_segment(key: str) -> Segment:
    """The segment with this key; InvalidInput naming the known keys otherwise."""
    for segment in SEGMENTS:
        if segment.key == key:
            return segment
    raise InvalidInput(field=tr("segments", "Segment"),
                       problem=tr("segments", "unknown segment; choose one of {keys}").format(
                           keys=", ".join(SEGMENT_KEYS)))


def live_members():
    """Members that are neither anonymised nor merged into another."""
    return Member.select().where(Member.anonymised_at.is_null() & Member.merged_into.is_null())


def segment_condition(key: str, now: dt.datetime | None = None, days: int | None = None):
    """The WHERE expression of a segment over Member (portable SQL)."""
    get_segment(key)
    now = now or utcnow()
    if key == "new":
        return Member.created_at >= now - dt.timedelta(days=days or NEW_DAYS)
    if key == "prospects":
        return Member.visit_count == 0
    if key == "customers":
        return Member.visit_count >= 1
    if key == "repeat":
        return Member.visit_count >= 2
    if key == "vip":
        top = TierRule.select(fn.MAX(TierRule.rank))
        return Member.tier.in_(TierRule.select(TierRule.id).where(TierRule.rank == top))
    if key == "sleeping":
        after = int(days or settings.get_setting("sleeping_after_days") or 90)
        return (Member.visit_count >= 1) & (
            Member.last_visit_at < now - dt.timedelta(days=after))
    if key == "birthday_week":
        return Member.birthday_key.in_(birthday_keys_of_week(local_date(now)))
    first, last = month_key_range(local_date(now))
    return Member.birthday_key.between(first, last)


def segment_query(key: str, now: dt.datetime | None = None, days: int | None = None):
    """Live members in segment `key` as a peewee query (add ordering and paging as needed)."""
    return live_members().where(segment_condition(key, now, days))


@dataclass(frozen=True)
class SegmentCounts:
    """How many live members there are in all, and in each segment by key."""

    total: int
    by_key: dict[str, int]


def segment_counts(now: dt.datetime | None = None) -> SegmentCounts:
    """Every segment's count and the total, in one pass over the members."""
    now = now or utcnow()
    sums = [fn.COUNT(Member.id)] + [
        fn.COALESCE(fn.SUM(Case(None, [(segment_condition(key, now), 1)], 0)), 0)
        for key in SEGMENT_KEYS]
    row = live_members().select(*sums).tuples().get()
    return SegmentCounts(total=row[0], by_key=dict(zip(SEGMENT_KEYS, row[1:], strict=True)))


def local_date(now: dt.datetime) -> dt.date:
    """The shop's local calendar date at naive-UTC `now`."""
    return now.replace(tzinfo=dt.UTC).astimezone().date()


def birthday_keys_of_week(day: dt.date) -> list[int]:
    """birthday_key values (month*100+day) of the Monday-Sunday week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    dates = [monday + dt.timedelta(days=offset) for offset in range(7)]
    keys = [d.month * 100 + d.day for d in dates]
    if any(d.month == 2 and d.day == 28 and not calendar.isleap(d.year) for d in dates):
        keys.append(229)
    return keys


def month_key_range(day: dt.date) -> tuple[int, int]:
    """The first and last birthday_key of the month holding `day` (29 Feb always included)."""
    return day.month * 100 + 1, day.month * 100 + 31
