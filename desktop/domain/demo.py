"""A realistic demo store: members with Chinese names, entry points, six months of activity,
coupons issued and redeemed.

Everything a member row caches (points, total spent, visits, first and last visit, tier)
is computed from the purchases and ledger lines written beside it, so the demo passes
`check`. Rows go in with bulk inserts, CHUNK members per transaction, so a million-member
store for load tests takes minutes.
"""

import datetime as dt
import itertools
import random
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass

from db.bulk import bulk_insert, is_postgresql, reserve_ids, reset_sequence
from db.models import (
    Consent,
    EntryPoint,
    EntryPointTag,
    Member,
    MemberTag,
    PointsEntry,
    Purchase,
    SignupEvent,
    Staff,
    Store,
    Tag,
    TierRule,
    database,
    utcnow,
)
from desktop.domain import demo_names as names
from desktop.domain import settings
from desktop.domain.demo_coupons import DemoCoupons
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.pinyin import name_initials
from desktop.domain.store import DEFAULT_STORE_NAME, current_store
from desktop.i18n import tr, tr_noop

DEFAULT_MEMBERS = 2000
MAX_MEMBERS = 10_000_000
CHUNK = 10_000
HISTORY_DAYS = 182  # six months of purchases
IMPORTED_SHARE = 0.3  # members brought over from an older system, joined before the window
PROSPECT_SHARE = 0.22  # members who never bought anything
REFUND_SHARE = 0.015
POLICY_VERSION = "2025-01"
CHINA_OFFSET = dt.timedelta(hours=8)  # the demo shop is in China; times are stored in UTC
CONSENT_SOURCE = {"counter": "counter", "page": "page", "form": "import", "url": "counter"}
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class DemoRefused(DomainError):
    """The database already holds members; demo data would mix with real data."""

    context = "demo"
    template = tr_noop(
        "demo",
        "This database already has {count} members, so no demo data was added. Use a new "
        "database file (--db demo.db), or --force to add demo members anyway.",
    )
    error_code = "demo_refused"
    exit_code = 1


@dataclass(frozen=True)
class DemoResult:
    """What fill_demo_store wrote."""

    members: int
    purchases: int
    points_entries: int
    seed: int
    seconds: float
    coupons: int = 0


@dataclass
class _Setup:
    """The store-wide rows members point at."""

    store_id: int
    staff_ids: list[int]
    tiers: list[tuple[int, str, int]]  # (id, basis, threshold), highest threshold first
    tag_ids: dict[str, int]
    entries: list[tuple[int, str, int, int | None]]  # (id, kind, share, auto-tag id)
    points_per_yuan: int


def fill_demo_store(
    members: int = DEFAULT_MEMBERS,
    seed: int | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Fill the bound database with a demo store; the same seed gives the same members.

    Refuses (DemoRefused) when members exist, unless `force`: then the demo members are
    added beside them with phones that are not in use yet. Entry-point tokens are real
    secrets and differ on every run.
    """
    if not 1 <= members <= MAX_MEMBERS:
        raise InvalidInput(
            field=tr("demo", "Number of members"),
            problem=tr("demo", "choose between 1 and {maximum}").format(maximum=MAX_MEMBERS),
        )
    started = time.perf_counter()
    existing = Member.select().count()
    if existing and not force:
        raise DemoRefused(count=existing)
    seed = secrets.randbelow(2**31) if seed is None else seed
    rng = random.Random(seed)
    now = (now or utcnow()).replace(second=0, microsecond=0)
    with database.atomic():
        setup = _set_up_store()
        coupons = DemoCoupons(seed, setup.store_id, current_store().uuid, setup.staff_ids, now)
    used_phones: set[str] = set()
    if existing:
        query = Member.select(Member.phone).where(Member.phone.is_null(False)).tuples()
        used_phones = {phone for (phone,) in query.iterator()}
    generator = _Generator(rng, setup, now, members, used_phones, coupons)
    purchases = entries = 0
    for start in range(0, members, CHUNK):
        count = min(CHUNK, members - start)
        with _write_transaction():
            made = generator.write_chunk(start, count)
        purchases += made[0]
        entries += made[1]
        if progress:
            progress(start + count, members)
    with database.atomic():
        reset_sequence(Member)
        reset_sequence(Purchase)
        issued = generator.coupon_count + coupons.finish(members)
    return DemoResult(members, purchases, entries, seed, time.perf_counter() - started,
                      issued)


def _write_transaction():
    # SQLite: take the write lock first, so the ids read from MAX(id) stay ours.
    return database.atomic() if is_postgresql() else database.atomic("IMMEDIATE")


def _set_up_store() -> _Setup:
    store = current_store()
    if store.name in (DEFAULT_STORE_NAME, tr("store", DEFAULT_STORE_NAME)):
        Store.update(name=names.STORE_NAME, address=names.STORE_ADDRESS,
                     phone=names.STORE_PHONE).where(Store.id == store.id).execute()
    staff = list(Staff.select().where(Staff.store == store, Staff.active))
    if not staff:
        staff = [Staff.create(store=store, name=name, role=role) for name, role in names.STAFF]
    if not TierRule.select().exists():
        for name, basis, threshold, rank, benefits in names.TIERS:
            TierRule.create(name=name, basis=basis, threshold=threshold, rank=rank,
                            benefits=benefits)
    tiers = [(t.id, t.basis, t.threshold)
             for t in TierRule.select().order_by(TierRule.threshold.desc())]
    tag_ids = {}
    for name in names.TAGS:
        tag, _ = Tag.get_or_create(name=name)
        tag_ids[name] = tag.id
    entries = []
    for name, kind, location, auto_tag, share in names.ENTRY_POINTS:
        entry = EntryPoint.get_or_none(EntryPoint.store == store, EntryPoint.name == name)
        if entry is None:
            entry = EntryPoint.create(
                store=store, name=name, kind=kind, location=location,
                token=secrets.token_urlsafe(32),
                channel_code="".join(secrets.choice(CODE_ALPHABET) for _ in range(8)),
                target_url=names.FORM_URL if kind == "form" else "",
                url_param="channel" if kind == "form" else "",
                staff=staff[0],
            )
            if auto_tag:
                EntryPointTag.create(entry_point=entry, tag=tag_ids[auto_tag])
        entries.append((entry.id, kind, share, tag_ids.get(auto_tag)))
    return _Setup(store.id, [s.id for s in staff], tiers, tag_ids, entries,
                  int(settings.get_setting("points_per_yuan") or 1))


class _Generator:
    """Makes the rows of one chunk of members at a time, deterministically from the seed."""

    def __init__(self, rng: random.Random, setup: _Setup, now: dt.datetime, total: int,
                 used_phones: set[str], coupons: DemoCoupons) -> None:
        self.rng = rng
        self.coupons = coupons
        self.coupon_count = 0
        self.setup = setup
        self.now = now
        self.total = total
        self.used_phones = used_phones
        self.window_start = now - dt.timedelta(days=HISTORY_DAYS)
        self.first_member_id: int | None = None
        # SQLite stores times as text in peewee's form; PostgreSQL takes datetime objects.
        self.time = (lambda value: value) if is_postgresql() else _sqlite_time
        self.surnames = [s for s, _ in names.SURNAMES]
        # Cumulative weights: random.choices would otherwise add them up on every call.
        self.surname_weights = list(itertools.accumulate(w for _, w in names.SURNAMES))
        self.entry_weights = list(itertools.accumulate(e[2] for e in setup.entries))
        self.interest_tags = [setup.tag_ids[t] for t in names.TAGS]

    def write_chunk(self, start: int, count: int) -> tuple[int, int]:
        """Generate and insert members start..start+count; (purchases, ledger lines)."""
        ids = reserve_ids(Member, count)
        if self.first_member_id is None:
            self.first_member_id = ids[0]
        rows = {key: [] for key in ("member", "purchase", "points", "consent", "tag", "event")}
        pending = [self._member(start + offset, member_id, rows)
                   for offset, member_id in enumerate(ids)]
        needed = sum(len(visits) + sum(refunds) for _, visits, refunds in pending)
        purchase_ids = iter(reserve_ids(Purchase, needed))
        for member_row, visits, refunds in pending:
            self._purchases(member_row, visits, refunds, purchase_ids, rows)
        T = self.time
        bulk_insert(Member, MEMBER_COLUMNS, [
            (*r[:15], T(r[15]), T(r[16]), *r[17:20], T(r[20])) for r in rows["member"]
        ], convert_times=False)
        bulk_insert(Purchase, PURCHASE_COLUMNS,
                    [(*r[:5], T(r[5]), *r[6:]) for r in rows["purchase"]], convert_times=False)
        bulk_insert(PointsEntry, POINTS_COLUMNS,
                    [(*r[:4], T(r[4]), r[5]) for r in rows["points"]], convert_times=False)
        bulk_insert(Consent, CONSENT_COLUMNS,
                    [(*r[:3], T(r[3]), *r[4:]) for r in rows["consent"]], convert_times=False)
        bulk_insert(MemberTag, TAG_COLUMNS,
                    [(r[0], r[1], T(r[2])) for r in rows["tag"]], convert_times=False)
        bulk_insert(SignupEvent, EVENT_COLUMNS,
                    [(r[0], r[1], T(r[2]), *r[3:]) for r in rows["event"]], convert_times=False)
        # source_entry_id (17) set: joined through an entry point, so a welcome coupon.
        self.coupon_count += self.coupons.write_chunk(
            [(r[0], r[20], r[17] is not None, visits) for r, visits, _ in pending])
        return len(rows["purchase"]), len(rows["points"])

    def _member(self, index: int, member_id: int, rows: dict) -> tuple[list, list, list]:
        rng = self.rng
        gender = rng.choices(("f", "m", ""), cum_weights=(56, 96, 100))[0]
        name = self._name(gender)
        created, days_before = self._created_at(index)
        imported = days_before > HISTORY_DAYS
        entry = None
        if not imported:
            entry = rng.choices(self.setup.entries, cum_weights=self.entry_weights)[0]
        birth = self._birthday()
        referrer = None
        if self.first_member_id is not None and member_id > self.first_member_id and \
                rng.random() < 0.06:
            referrer = rng.randrange(self.first_member_id, member_id)
        notes = rng.choice(names.NOTES) if rng.random() < 0.03 else ""
        wechat = f"{name_initials(name)}{rng.randrange(100, 9999)}" if rng.random() < 0.12 \
            else ""
        # Same order as MEMBER_COLUMNS; the caches (tier..last visit) come from _purchases.
        row = [member_id, self.setup.store_id, name, name_initials(name), self._phone(),
               gender, *birth, wechat, None, 0, 0, 0, None, None,
               entry[0] if entry else None, referrer, notes, created]
        rows["member"].append(row)
        self._joined(row, entry, imported, rows)
        visits = self._visit_times(created, days_before)
        return row, visits, [rng.random() < REFUND_SHARE for _ in visits]

    def _joined(self, row: list, entry, imported: bool, rows: dict) -> None:
        rng, member_id, created = self.rng, row[0], row[20]
        source = "import" if imported else CONSENT_SOURCE.get(entry[1], "counter")
        entry_id = entry[0] if entry else None
        rows["consent"].append((member_id, "marketing", True, created, source, POLICY_VERSION,
                                entry_id))
        if rng.random() < 0.35:
            rows["consent"].append((member_id, "partner_sharing", True, created, source,
                                    POLICY_VERSION, entry_id))
        tags = set()
        if entry and entry[3]:
            tags.add(entry[3])
        for _ in range(rng.choices((0, 1, 2), cum_weights=(45, 85, 100))[0]):
            tags.add(rng.choice(self.interest_tags))
        rows["tag"].extend((member_id, tag, created) for tag in sorted(tags))
        if entry and entry[1] == "page":
            client = f"{rng.getrandbits(64):016x}"
            rows["event"].append((entry_id, "opened", created - dt.timedelta(minutes=2),
                                  None, client))
            rows["event"].append((entry_id, "signed_up", created, member_id, client))
            if rng.random() < 0.4:  # people who looked at the page and did not join
                rows["event"].append((entry_id, "opened", created + dt.timedelta(minutes=7),
                                      None, f"{rng.getrandbits(64):016x}"))

    def _purchases(self, member: list, visits: list[dt.datetime], refunds: list[bool], ids,
                   rows: dict) -> None:
        rng, setup = self.rng, self.setup
        member_id = member[0]
        points = spent = count = 0
        heavy = rng.random() < 0.1  # a few big spenders: office orders, cakes
        for at, refunded in zip(visits, refunds, strict=True):
            amount = max(500, int(rng.lognormvariate(8.3 if heavy else 7.9, 0.55) / 50) * 50)
            earned = amount // 100 * setup.points_per_yuan
            purchase_id = next(ids)
            staff = rng.choice(setup.staff_ids)
            rows["purchase"].append((purchase_id, member_id, setup.store_id, staff, amount,
                                     at, "", None, earned))
            rows["points"].append((member_id, earned, "purchase", purchase_id, at, ""))
            points, spent, count = points + earned, spent + amount, count + 1
            refund_id = next(ids) if refunded else None
            refund_at = min(at + dt.timedelta(hours=rng.randint(1, 72)), self.now)
            if refund_id is not None:
                rows["purchase"].append((refund_id, member_id, setup.store_id, staff, -amount,
                                         refund_at, "退款", purchase_id, -earned))
                rows["points"].append((member_id, -earned, "refund", refund_id, refund_at, ""))
                points, spent = points - earned, spent - amount
        if visits and points >= 200 and rng.random() < 0.15:
            used = 100 * rng.randint(1, points // 200)
            at = visits[-1] + (self.now - visits[-1]) * rng.random()
            rows["points"].append((member_id, -used, "redemption", None, at, "积分兑换"))
            points -= used
        member[12], member[13], member[14] = points, spent, count
        member[15] = visits[0] if visits else None
        member[16] = visits[-1] if visits else None
        member[11] = self._tier(spent, points)

    def _tier(self, spent: int, points: int) -> int | None:
        for tier_id, basis, threshold in self.setup.tiers:
            if (points if basis == "points" else spent) >= threshold:
                return tier_id
        return None

    def _name(self, gender: str) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames, cum_weights=self.surname_weights)[0]
        female = gender == "f" or (gender == "" and rng.random() < 0.5)
        if rng.random() < 0.35:
            return surname + rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE)
        pool = (names.CHARS_FEMALE if female else names.CHARS_MALE) + names.CHARS_ANY
        length = 1 if rng.random() < 0.25 else 2
        return surname + "".join(rng.choice(pool) for _ in range(length))

    def _phone(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.004:
                prefix, digits = rng.choice(names.FOREIGN_PHONES)
                phone = prefix + "".join(rng.choice(string.digits) for _ in range(digits))
            else:
                phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def _birthday(self) -> tuple:
        rng = self.rng
        if rng.random() >= 0.65:
            return None, None, None, None
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(366))  # 2000: has 29 Feb
        year = rng.randint(1960, 2006) if rng.random() < 0.5 else None
        if year is not None and day.month == 2 and day.day == 29 and year % 4:
            year += 1 if year < 2006 else -2
        return year, day.month, day.day, day.month * 100 + day.day

    def _created_at(self, index: int) -> tuple[dt.datetime, float]:
        """Join time and its age in days: rising with the index (ids follow time), sign-ups
        growing recently."""
        position = (index + self.rng.random()) / self.total
        if position < IMPORTED_SHARE:
            days_before = HISTORY_DAYS + 540 * (1 - position / IMPORTED_SHARE)
        else:
            recent = ((position - IMPORTED_SHARE) / (1 - IMPORTED_SHARE)) ** 0.8
            days_before = HISTORY_DAYS * (1 - recent)
        return self._opening_hours(self.now - dt.timedelta(days=days_before)), days_before

    def _visit_times(self, created: dt.datetime, days_before: float) -> list[dt.datetime]:
        # Every random draw depends on the seed and on ages in days, never on the clock, so
        # the same seed gives the same members and purchases whenever it runs.
        rng = self.rng
        if rng.random() < PROSPECT_SHARE:
            return []
        start = max(created, self.window_start)
        span = max(0.0, (self.now - start).total_seconds())
        share = min(days_before, HISTORY_DAYS) / HISTORY_DAYS
        visits = rng.choices((1, 2, 4, 8, 20, 45), cum_weights=(28, 52, 74, 88, 96, 100))[0]
        visits = max(1, round(visits * rng.uniform(0.5, 1.5) * share))
        recent = days_before <= HISTORY_DAYS
        times = [created] if recent and rng.random() < 0.6 else []
        while len(times) < visits:
            moment = self._opening_hours(start + dt.timedelta(seconds=rng.random() * span))
            times.append(min(max(moment, start), self.now))
        return sorted(times)

    def _opening_hours(self, moment: dt.datetime) -> dt.datetime:
        """The same local day, moved into opening hours 08:00-21:30 (China time)."""
        local = moment + CHINA_OFFSET
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        fraction = (local - midnight).total_seconds() / 86400
        opened = midnight + dt.timedelta(hours=8, seconds=int(fraction * 13.5 * 3600))
        return min(opened - CHINA_OFFSET, self.now)


MEMBER_COLUMNS = (
    "id", "store_id", "name", "name_initials", "phone", "gender", "birth_year", "birth_month",
    "birth_day", "birthday_key", "wechat", "tier_id", "points", "total_spent_cents",
    "visit_count", "first_purchase_at", "last_visit_at", "source_entry_id", "referrer_id",
    "notes", "created_at",
)
PURCHASE_COLUMNS = ("id", "member_id", "store_id", "staff_id", "amount_cents", "at", "note",
                    "refund_of_id", "points_earned")
POINTS_COLUMNS = ("member_id", "delta", "reason", "purchase_id", "at", "note")
CONSENT_COLUMNS = ("member_id", "kind", "given", "at", "source", "policy_version",
                   "entry_point_id")
TAG_COLUMNS = ("member_id", "tag_id", "created_at")
EVENT_COLUMNS = ("entry_point_id", "kind", "at", "member_id", "client_hash")


def _sqlite_time(value: dt.datetime | None) -> str | None:
    return None if value is None else str(value)
