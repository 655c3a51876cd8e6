"""Members import: plan what each previewed row does, then write it all in one transaction.

`plan_import(preview, on_duplicate)` only reads the database: it decides for every row
whether it makes a new member, updates an existing one, is skipped or is rejected (with the
reason). `apply_import(plan, source_name)` makes a backup, then writes the plan in ONE
transaction with executemany batches (one UPDATE statement per combination of changed
columns, not per member); cancelling, or any failure, rolls it all back. A load that is
large beside the tables it fills rebuilds their indexes once at the end on SQLite
(db.bulk.indexes_rebuilt_after). Both steps take `progress` and `cancel`, as does reading.

Duplicates (the same normalised phone) follow the one policy, against the database and
inside the file alike: a later row of the file meets the earlier row as if the earlier one
were already stored. "skip" keeps what is there; "fill" fills only its empty fields; and
"overwrite" replaces its fields with the row's non-empty ones. Tags are only ever added.
Points become the member's ledger balance through an opening entry with reason "import"
(fill: only when the member has none; overwrite: the entry makes the balance the file's).
A tier name not matching a tier rule is ignored and listed in `ImportPlan.warnings`.
Each row counts once: `imported` made a member, `updated` changed a member that existed
(in the database or earlier in the file), `skipped` changed nothing, `rejected` has a reason.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import IntegrityError

from db.bulk import (
    indexes_rebuilt_after,
    is_postgresql,
    reset_sequence,
)
from db.models import (
    AuditLog,
    ExchangeFile,
    Member,
    TierRule,
    utcnow,
)
from db.models import database as db
from desktop.domain.backups import make_backup
from desktop.domain.errors import DomainError, InvalidInput
from desktop.domain.imports import ImportPreview, ImportRejected
from desktop.domain.imports.columns import field_label
from desktop.domain.imports.errors import ImportCancelled as ImportCancelled  # re-exported
from desktop.domain.imports.errors import check_cancel
from desktop.domain.imports.gc_pause import paused_gc
from desktop.domain.member_import_writer import ImportWriter, batches, tag_ids_for
from desktop.domain.members import MAX_TAG
from desktop.domain.pinyin import name_initials
from desktop.i18n import tr, tr_noop

POLICIES = ("skip", "fill", "overwrite")
BATCH = 5000  # rows written between progress reports and cancel checks
LOOKUP = 500  # phones per IN (...) query
_PERSONAL = ("name", "gender", "birthday", "wechat", "tier", "notes")
_EMPTY_MEMBER = {"name": "", "gender": "", "birthday": None, "wechat": "", "tier": None,
                 "notes": ""}


class ImportConflict(DomainError):
    """The member book changed between the preview and the import; nothing was written."""

    context = "member_import"
    template = tr_noop("member_import", "The members changed while the file was being "
                                        "imported; nothing was changed. Import it again.")
    error_code = "import_conflict"
    exit_code = 1


@dataclass(frozen=True)
class RejectedRow:
    """A row not imported, by its row number in the file, and why."""

    row: int
    reason: str


@dataclass(slots=True)
class PlannedMember:
    """One member the import makes or changes, from one or more rows with its phone."""

    row: int  # the first row with this phone
    fields: dict[str, object]  # file values, later duplicates already folded in
    member_id: int | None = None  # the existing member, for an update
    changes: dict[str, object] = field(default_factory=dict)  # Member columns to set
    points_delta: int = 0
    tags: list[str] = field(default_factory=list)  # tags to add
    merged_rows: list[int] = field(default_factory=list)  # later rows that changed it


@dataclass
class ImportPlan:
    """What an import will do, row by row; `apply_import` writes it."""

    preview: ImportPreview
    on_duplicate: str
    inserts: list[PlannedMember]
    updates: list[PlannedMember]
    skipped_rows: list[int]
    rejected: list[RejectedRow]
    updated_rows: list[int]  # rows counted as updated (updates and folded duplicates)
    warnings: list[str] = field(default_factory=list)
    sha256: str | None = None
    already_imported: bool = False  # a file with this content was imported before

    @property
    def imported(self) -> int:
        """Members the import makes."""
        return len(self.inserts)

    @property
    def updated(self) -> int:
        """Rows that change a member existing in the database or earlier in the file."""
        return len(self.updated_rows)

    @property
    def skipped(self) -> int:
        """Rows that change nothing."""
        return len(self.skipped_rows)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, and the backup made just before."""

    imported: int
    updated: int
    skipped: int
    rejected: list[RejectedRow]
    backup_path: Path | None


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan_import(preview: ImportPreview, on_duplicate: str = "skip",
                source: Path | str | None = None, *,
                progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> ImportPlan:
    """Decide every row's fate against the database and the earlier rows; writes nothing.

    Raises ImportRejected when the file has no phone column, InvalidInput for an unknown
    policy. With `source`, the file's SHA-256 tells whether it was imported before.
    `progress(done, total)` counts the preview's rows, every BATCH rows and at the end;
    `cancel()` is asked as often and before the database is read, raising ImportCancelled.
    """
    with paused_gc():
        return _plan(preview, on_duplicate, source, progress, cancel)


def _plan(preview: ImportPreview, on_duplicate: str, source: Path | str | None,
          progress: Callable[[int, int], None] | None,
          cancel: Callable[[], bool] | None) -> ImportPlan:
    if on_duplicate not in POLICIES:
        raise InvalidInput(field="on_duplicate", problem=tr(
            "member_import", "choose skip, fill or overwrite"))
    if preview.problems:
        raise ImportRejected(path=Path(source).name if source else "", reason=preview.problems[0],
                             advice="", reason_code="no_phone_column")
    tiers = {name.strip().casefold(): tier_id for tier_id, name in
             TierRule.select(TierRule.id, TierRule.name).tuples()}
    rejected, skipped, updated, warnings = [], [], [], []
    by_phone: dict[str, PlannedMember] = {}
    total = len(preview.rows)
    for first in range(0, total, BATCH):
        check_cancel(cancel)
        for row in preview.rows[first:first + BATCH]:
            fields = row.fields
            tags = fields.get("tags")
            if row.problems or (tags and max(map(len, tags)) > MAX_TAG):
                rejected.append(RejectedRow(row.row_number, _row_problem(row)))
                continue
            fields = dict(fields)
            if "tier" in fields:
                _plan_tier(fields, tiers, row.row_number, warnings)
            phone = fields["phone"]
            earlier = by_phone.get(phone)
            if earlier is None:
                by_phone[phone] = PlannedMember(row.row_number, fields)
            elif on_duplicate != "skip" and _fold(earlier.fields, fields, on_duplicate):
                earlier.merged_rows.append(row.row_number)
            else:
                skipped.append(row.row_number)
        if progress is not None and first + BATCH < total:
            progress(first + BATCH, total)
    check_cancel(cancel)
    existing = _existing_members(list(by_phone))
    inserts, updates = [], []
    for phone, planned in by_phone.items():
        member = existing.get(phone)
        if member is None:
            if not planned.fields.get("name"):
                rejected.append(RejectedRow(planned.row, _reason(
                    "name", tr("member_import", "a new member needs a name"))))
                rejected += [RejectedRow(r, tr("member_import", "the row with the same phone "
                                               "above was rejected")) for r in planned.merged_rows]
                continue
            planned.tags = list(planned.fields.get("tags") or ())
            inserts.append(planned)
            updated += planned.merged_rows
        elif on_duplicate == "skip":
            skipped += [planned.row, *planned.merged_rows]
        else:
            _changes(planned, member, on_duplicate)
            if planned.changes or planned.points_delta or planned.tags:
                planned.member_id = member["id"]
                updates.append(planned)
                updated += [planned.row, *planned.merged_rows]
            else:
                skipped += [planned.row, *planned.merged_rows]
    rejected.sort(key=lambda r: r.row)
    sha = file_sha256(source) if source is not None else None
    seen = sha is not None and ExchangeFile.select().where(
        (ExchangeFile.sha256 == sha) & (ExchangeFile.kind == "members")).exists()
    if progress is not None:
        progress(total, total)
    return ImportPlan(preview, on_duplicate, inserts, updates, sorted(skipped), rejected,
                      sorted(updated), warnings, sha, seen)


def _plan_tier(fields: dict, tiers: dict[str, int], row: int, warnings: list[str]) -> None:
    """The file's tier name as its tier rule's id; an unknown one is left out, with a warning."""
    tier = fields.pop("tier")
    key = str(tier).strip().casefold()
    if key in tiers:
        fields["tier"] = tiers[key]
    else:
        warnings.append(tr("member_import", "Row {row}: there is no tier called {tier}; the "
                                            "tier was left out.").format(row=row, tier=tier))


def _row_problem(row) -> str:
    """Why a row with problems, or a too long tag, is rejected."""
    if row.problems:
        return "; ".join(_reason(p.field, p.message) for p in row.problems)
    return _reason("tags", tr("member_import", "a tag has more than {limit} "
                                               "characters").format(limit=MAX_TAG))


def _reason(name: str | None, problem: str) -> str:
    """'Phone: not a phone number': the field's label and the problem."""
    if name is None:
        return problem
    return tr("member_import", "{field}: {problem}").format(field=field_label(name),
                                                            problem=problem)


def _fold(earlier: dict, later: dict, policy: str) -> bool:
    """Fold a later row's fields into the earlier row's by the policy; True if any changed."""
    changed = False
    for name, value in later.items():
        if name == "phone":
            continue
        if name == "tags":
            new = [t for t in value if t not in (earlier.get("tags") or [])]
            if new:
                earlier["tags"] = [*(earlier.get("tags") or []), *new]
                changed = True
        elif earlier.get(name) in (None, "") or (policy == "overwrite"
                                                   and earlier[name] != value):
            changed = changed or earlier.get(name) != value
            earlier[name] = value
    return changed


def _existing_members(phones: list[str]) -> dict[str, dict]:
    """The live members having these phones, with their current fields and tags.

    Raw SQL: peewee builds IN (...) lists in Python, which dominated large imports.
    """
    columns = ("id", "phone", "name", "gender", "birth_year", "birth_month", "birth_day",
               "wechat", "tier", "notes", "points")
    found: dict[str, dict] = {}
    for chunk in _chunks(phones):
        for values in _select_in(
                'SELECT "id", "phone", "name", "gender", "birth_year", "birth_month", '
                '"birth_day", "wechat", "tier_id", "notes", "points" FROM "member" '
                'WHERE "phone" IN ({})', chunk):
            row = dict(zip(columns, values, strict=True))
            row["birthday"] = ((row["birth_month"], row["birth_day"], row["birth_year"])
                               if row["birth_month"] else None)
            row["tags"] = set()
            found[row["phone"]] = row
    by_id = {row["id"]: row for row in found.values()}
    for chunk in _chunks(list(by_id)):
        for member_id, name in _select_in(
                'SELECT mt."member_id", t."name" FROM "member_tag" mt JOIN "tag" t '
                'ON t."id" = mt."tag_id" WHERE mt."member_id" IN ({})', chunk):
            by_id[member_id]["tags"].add(name)
    return found


def _chunks(values: list) -> list[list]:
    return [values[start:start + LOOKUP] for start in range(0, len(values), LOOKUP)]


def _select_in(sql: str, values: list) -> list[tuple]:
    param = "%s" if is_postgresql() else "?"
    return db.execute_sql(sql.format(", ".join([param] * len(values))), values).fetchall()


def _changes(planned: PlannedMember, member: dict, policy: str) -> None:
    """Member columns, points and tags an update sets on an existing member."""
    fields = planned.fields
    for name in _PERSONAL:
        if name not in fields:
            continue
        value = fields[name]
        current = member["tier"] if name == "tier" else member[name]
        if name == "birthday":
            value = (value.month, value.day, value.year)
        if current == value or (policy == "fill" and current != _EMPTY_MEMBER[name]):
            continue
        if name == "birthday":
            planned.changes |= {"birth_month": value[0], "birth_day": value[1],
                                "birth_year": value[2], "birthday_key": value[0] * 100 + value[1]}
        elif name == "name":
            planned.changes |= {"name": value, "name_initials": name_initials(value)}
        else:
            planned.changes[name] = value
    points = fields.get("points")
    if points is not None and (policy == "overwrite" or member["points"] == 0):
        planned.points_delta = points - member["points"]
    planned.tags = [t for t in fields.get("tags") or () if t not in member["tags"]]


def apply_import(plan: ImportPlan, source_name: str,
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None, backup: bool = True) -> ImportResult:
    """Back up, then write the plan in one transaction; ImportCancelled rolls it all back."""
    backup_path = make_backup(reason="before-import").path if backup else None
    total = len(plan.inserts) + len(plan.updates)
    now = utcnow()
    try:
        with paused_gc(), db.atomic() if is_postgresql() else db.atomic("IMMEDIATE"):
            tag_ids = tag_ids_for({t for p in (*plan.inserts, *plan.updates) for t in p.tags})
            writer = ImportWriter(now, tag_ids)
            with indexes_rebuilt_after(ImportWriter.INSERTED_INTO, len(plan.inserts)):
                done = 0
                for write, batch in [
                        *((writer.insert, b) for b in batches(plan.inserts, BATCH)),
                        *((writer.update, b) for b in batches(plan.updates, BATCH))]:
                    check_cancel(cancel)
                    write(batch)
                    done += len(batch)
                    if progress:
                        progress(done, total)
                check_cancel(cancel)
            reset_sequence(Member)
            summary = {"imported": plan.imported, "updated": plan.updated,
                       "skipped": plan.skipped, "rejected": len(plan.rejected),
                       "on_duplicate": plan.on_duplicate}
            if plan.sha256:
                ExchangeFile.create(direction="in", kind="members", sha256=plan.sha256,
                                    rows=len(plan.preview.rows), at=now,
                                    result=json.dumps(summary, sort_keys=True))
            AuditLog.create(action="members_imported", entity="member", at=now,
                            details=json.dumps(summary, sort_keys=True))
    except IntegrityError:
        raise ImportConflict() from None
    return ImportResult(plan.imported, plan.updated, plan.skipped, list(plan.rejected),
                        backup_path)
