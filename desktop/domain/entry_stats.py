"""Entry point figures: page opens, sign-ups and their conversion, and daily sign-ups.

A sign-up converts when its member made a purchase (not a refund) or redeemed a coupon at
or after the moment of signing up. Each figure is one grouped query over the sign-up events.
"""

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from db.models import Coupon, Purchase, SignupEvent, utcnow
from desktop.domain.member_listing import local_time

SERIES_DAYS = 30


@dataclass(frozen=True)
class EntryFigures:
    """One entry point's counts."""

    entry_id: int
    opens: int
    signups: int
    converted: int  # sign-ups whose member bought or redeemed afterwards

    @property
    def rate(self) -> float:
        """Converted share of sign-ups, 0.0 to 1.0 (0.0 without sign-ups)."""
        return self.converted / self.signups if self.signups else 0.0


@dataclass(frozen=True)
class DailySignups:
    """Sign-ups per local day, oldest day first, ending today."""

    days: tuple[dt.date, ...]
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def entry_figures() -> dict[int, EntryFigures]:
    """Every entry point with events, by id; entry points without any are absent."""
    counts: dict[int, dict[str, int]] = {}
    query = (SignupEvent.select(SignupEvent.entry_point, SignupEvent.kind,
                                fn.COUNT(SignupEvent.id))
             .where(SignupEvent.kind.in_(("opened", "signed_up")))
             .group_by(SignupEvent.entry_point, SignupEvent.kind))
    for entry_id, kind, count in query.tuples():
        counts.setdefault(entry_id, {})[kind] = count
    converted = _converted()
    return {entry_id: EntryFigures(entry_id, kinds.get("opened", 0), kinds.get("signed_up", 0),
                                   converted.get(entry_id, 0))
            for entry_id, kinds in counts.items()}


def figures_of(figures: dict[int, EntryFigures], entry_id: int) -> EntryFigures:
    """The figures of `entry_id`, zeros when it has no events yet."""
    return figures.get(entry_id) or EntryFigures(entry_id, 0, 0, 0)


def _converted() -> dict[int, int]:
    """Per entry point, how many distinct signed-up members bought or redeemed afterwards."""
    bought = (Purchase.select(Purchase.id)
              .where((Purchase.member == SignupEvent.member)
                     & (Purchase.at >= SignupEvent.at)
                     & Purchase.refund_of.is_null()))
    redeemed = (Coupon.select(Coupon.id)
                .where((Coupon.member == SignupEvent.member)
                       & (Coupon.redeemed_at >= SignupEvent.at)))
    query = (SignupEvent.select(SignupEvent.entry_point,
                                fn.COUNT(SignupEvent.member.distinct()))
             .where((SignupEvent.kind == "signed_up") & SignupEvent.member.is_null(False)
                    & (fn.EXISTS(bought) | fn.EXISTS(redeemed)))
             .group_by(SignupEvent.entry_point))
    return dict(query.tuples())


def daily_signups(entry_id: int, today: dt.date | None = None,
                  days: int = SERIES_DAYS) -> DailySignups:
    """Sign-ups through `entry_id` on each of the last `days` local days (today included)."""
    today = today or local_time(utcnow()).date()
    first = today - dt.timedelta(days=days - 1)
    # A day of slack on each side: the local midnight boundaries are settled in Python.
    since = dt.datetime.combine(first - dt.timedelta(days=1), dt.time())
    buckets = {first + dt.timedelta(days=n): 0 for n in range(days)}
    query = (SignupEvent.select(SignupEvent.at)
             .where((SignupEvent.entry_point == entry_id) & (SignupEvent.kind == "signed_up")
                    & (SignupEvent.at >= since)))
    for (at,) in query.tuples():
        day = local_time(at).date()
        if day in buckets:
            buckets[day] += 1
    return DailySignups(tuple(buckets), tuple(buckets.values()))

