"""Writes a planned members import in bulk: new members with their ledger, consent and tags,
and the changes to members that exist (one UPDATE per set of changed columns)."""

from typing import TYPE_CHECKING

from db.bulk import bulk_insert, bulk_update_columns, reserve_ids, time_value
from db.models import Consent, Member, MemberTag, PointsEntry, Tag
from desktop.domain.pinyin import name_initials
from desktop.domain.settings import get_setting
from desktop.domain.store import current_store
from desktop.i18n import tr

if TYPE_CHECKING:
    from desktop.domain.member_import import PlannedMember

LOOKUP = 500  # tag names per IN (...) query


def batches(items: list, size: int) -> list[list]:
    """`items` in slices of `size`: progress and cancel come between them."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def tag_ids_for(names: set[str]) -> dict[str, int]:
    """The id of each tag name, creating the tags that do not exist yet."""
    ordered = sorted(names)
    ids: dict[str, int] = {}
    for start in range(0, len(ordered), LOOKUP):
        chunk = ordered[start:start + LOOKUP]
        Tag.insert_many([{"name": name} for name in chunk]).on_conflict_ignore().execute()
        ids |= dict(Tag.select(Tag.name, Tag.id).where(Tag.name.in_(chunk)).tuples())
    return ids


class ImportWriter:
    """Writes batches of planned members: bulk inserts for new ones, updates for others."""

    INSERTED_INTO = (Member, PointsEntry, Consent, MemberTag)
    MEMBER_COLUMNS = ("id", "store_id", "name", "name_initials", "phone", "gender",
                      "birth_year", "birth_month", "birth_day", "birthday_key", "wechat",
                      "tier_id", "points", "total_spent_cents", "visit_count", "notes",
                      "created_at")
    POINTS_COLUMNS = ("member_id", "delta", "reason", "at", "note")
    CONSENT_COLUMNS = ("member_id", "kind", "given", "at", "source", "policy_version")
    TAG_COLUMNS = ("member_id", "tag_id", "created_at")

    def __init__(self, now, tag_ids: dict[str, int]) -> None:
        self.now = now
        self.at = time_value(now)
        self.tag_ids = tag_ids
        self.store_id = current_store().id
        self.policy = str(get_setting("privacy_policy_version") or "")[:20]
        self.initials: dict[str, str] = {}  # names repeat down a long list

    def insert(self, batch: list["PlannedMember"]) -> None:
        ids = reserve_ids(Member, len(batch))
        members, points, consents, tags = [], [], [], []
        at, note = self.at, tr("member_import", "opening balance from an import")[:200]
        initials, tag_ids, store_id = self.initials, self.tag_ids, self.store_id
        consent = ("marketing", True, at, "import", self.policy)
        for member_id, planned in zip(ids, batch, strict=True):
            f = planned.fields
            name = f.get("name") or ""
            name_letters = initials.get(name)
            if name_letters is None:
                name_letters = initials[name] = name_initials(name)
            birthday = f.get("birthday")
            balance = f.get("points") or 0
            if birthday is None:
                year = month = day = key = None
            else:
                year, month, day = birthday.year, birthday.month, birthday.day
                key = month * 100 + day
            members.append((
                member_id, store_id, name, name_letters, f["phone"], f.get("gender") or "",
                year, month, day, key, f.get("wechat") or "", f.get("tier"), balance, 0, 0,
                f.get("notes") or "", at))
            if balance:
                points.append((member_id, balance, "import", at, note))
            consents.append((member_id, *consent))
            for tag in planned.tags:
                tags.append((member_id, tag_ids[tag], at))
        bulk_insert(Member, self.MEMBER_COLUMNS, members, convert_times=False)
        bulk_insert(PointsEntry, self.POINTS_COLUMNS, points, convert_times=False)
        bulk_insert(Consent, self.CONSENT_COLUMNS, consents, convert_times=False)
        bulk_insert(MemberTag, self.TAG_COLUMNS, tags, convert_times=False)

    def update(self, batch: list["PlannedMember"]) -> None:
        points, tags = [], []
        note = tr("member_import", "balance set by an import")[:200]
        # One executemany per combination of changed columns, not one UPDATE per member.
        groups: dict[tuple[tuple[str, ...], bool], list[tuple]] = {}
        for planned in batch:
            changes = planned.changes
            delta = planned.points_delta
            if changes or delta:
                key = (tuple(changes), bool(delta))
                groups.setdefault(key, []).append(
                    (*changes.values(), *((delta,) if delta else ()), planned.member_id))
            if delta:
                points.append((planned.member_id, delta, "import", self.at, note))
            tags += [(planned.member_id, self.tag_ids[t], self.at) for t in planned.tags]
        for (names, adds_points), rows in groups.items():
            columns = [Member._meta.fields[name].column_name for name in names]
            bulk_update_columns(Member, columns, rows, ("points",) if adds_points else ())
        bulk_insert(PointsEntry, self.POINTS_COLUMNS, points, convert_times=False)
        bulk_insert(MemberTag, self.TAG_COLUMNS, tags, convert_times=False)
