"""The integrity check run at start and by `shopcircle check`: storage, links and caches."""

from dataclasses import dataclass

from peewee import JOIN, SQL, Case, ForeignKeyField, PostgresqlDatabase, fn

from db.models import (
    ALL_MODELS,
    Coupon,
    Member,
    PointsEntry,
    Purchase,
    SchemaVersion,
    database,
)
from desktop.i18n import tr

EXAMPLES = 5  # member ids named in a problem, enough to look a few up


@dataclass(frozen=True)
class CheckProblem:
    """One thing the check found wrong, said in the user's language."""

    code: str  # damaged | missing_tables | broken_links | points_mismatch | ...
    message: str
    count: int
    examples: tuple[int, ...] = ()  # ids of affected rows, where rows are affected


@dataclass(frozen=True)
class CheckReport:
    """The outcome of run_check: ok only when no problem was found."""

    ok: bool
    schema_version: int
    backend: str  # sqlite | postgresql
    members: int  # live members (not merged, not anonymised)
    coupons: int
    purchases: int
    problems: tuple[CheckProblem, ...]

    @property
    def integrity(self) -> str:
        """'ok', or the codes of the problems found."""
        return "ok" if self.ok else ", ".join(problem.code for problem in self.problems)


def run_check() -> CheckReport:
    """Check the bound database: storage integrity, broken links, and the member caches."""
    postgresql = isinstance(database.obj, PostgresqlDatabase)
    problems: list[CheckProblem] = []
    missing = _missing_tables()
    if missing:
        problems.append(CheckProblem(
            "missing_tables",
            tr("health", "Tables are missing from the database: {tables}").format(
                tables=", ".join(missing)),
            len(missing),
        ))
        return _report(problems, postgresql, counts=False)
    if postgresql:
        problems += _broken_links()
    else:
        problems += _sqlite_storage()
    problems += _member_caches()
    return _report(problems, postgresql, counts=True)


def _report(problems: list[CheckProblem], postgresql: bool, counts: bool) -> CheckReport:
    version = SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar() or 0
    live = Member.anonymised_at.is_null() & Member.merged_into.is_null()
    return CheckReport(
        ok=not problems,
        schema_version=version,
        backend="postgresql" if postgresql else "sqlite",
        members=Member.select().where(live).count() if counts else 0,
        coupons=Coupon.select().count() if counts else 0,
        purchases=Purchase.select().count() if counts else 0,
        problems=tuple(problems),
    )


def _missing_tables() -> list[str]:
    present = set(database.get_tables())
    return [m._meta.table_name for m in ALL_MODELS if m._meta.table_name not in present]


def _sqlite_storage() -> list[CheckProblem]:
    problems = []
    lines = [row[0] for row in database.execute_sql("PRAGMA quick_check").fetchall()]
    if lines != ["ok"]:
        problems.append(CheckProblem(
            "damaged",
            tr("health", "The database file is damaged: {detail}").format(
                detail="; ".join(lines[:3])),
            len(lines),
        ))
    rows = database.execute_sql("PRAGMA foreign_key_check").fetchall()
    if rows:
        tables = sorted({row[0] for row in rows})
        problems.append(_links_problem(len(rows), tables))
    return problems


def _broken_links() -> list[CheckProblem]:
    """Rows pointing at missing rows, found by real queries over every link (PostgreSQL)."""
    total, tables = 0, []
    for model in ALL_MODELS:
        for field in model._meta.sorted_fields:
            if not isinstance(field, ForeignKeyField):
                continue
            parent = field.rel_model.alias()
            target = getattr(parent, field.rel_field.name)
            orphans = (
                model.select(fn.COUNT(SQL("*")))
                .join(parent, JOIN.LEFT_OUTER, on=(field == target))
                .where(field.is_null(False) & target.is_null())
                .scalar()
            )
            if orphans:
                total += orphans
                tables.append(model._meta.table_name)
    return [_links_problem(total, sorted(set(tables)))] if total else []


def _links_problem(count: int, tables: list[str]) -> CheckProblem:
    return CheckProblem(
        "broken_links",
        tr("health", "{count} rows point at rows that do not exist (in {tables})").format(
            count=count, tables=", ".join(tables)),
        count,
    )


def _member_caches() -> list[CheckProblem]:
    """Members whose cached points, spend or visits disagree with the ledger and purchases."""
    ledger = (
        PointsEntry.select(PointsEntry.member, fn.SUM(PointsEntry.delta).alias("total"))
        .group_by(PointsEntry.member)
        .alias("ledger")
    )
    points_off = (
        Member.select(Member.id)
        .join(ledger, JOIN.LEFT_OUTER, on=(ledger.c.member_id == Member.id))
        .where(Member.points != fn.COALESCE(ledger.c.total, 0))
    )
    spend = (
        Purchase.select(
            Purchase.member,
            fn.SUM(Purchase.amount_cents).alias("spent"),
            fn.SUM(Case(None, [(Purchase.refund_of.is_null(), 1)], 0)).alias("visits"),
        )
        .group_by(Purchase.member)
        .alias("spend")
    )
    with_spend = Member.select(Member.id).join(
        spend, JOIN.LEFT_OUTER, on=(spend.c.member_id == Member.id))
    spent_off = with_spend.where(Member.total_spent_cents != fn.COALESCE(spend.c.spent, 0))
    visits_off = with_spend.where(Member.visit_count != fn.COALESCE(spend.c.visits, 0))
    checks = (
        ("points_mismatch", points_off,
         tr("health", "{count} members' points balance differs from the sum of their points "
                      "ledger (for example member {ids})")),
        ("spend_mismatch", spent_off,
         tr("health", "{count} members' total spent differs from the sum of their purchases "
                      "(for example member {ids})")),
        ("visits_mismatch", visits_off,
         tr("health", "{count} members' visit count differs from their number of purchases "
                      "(for example member {ids})")),
    )
    problems = []
    for code, query, text in checks:
        count = query.count()
        if count:
            ids = tuple(row[0] for row in query.order_by(Member.id).limit(EXAMPLES).tuples())
            problems.append(CheckProblem(
                code, text.format(count=count, ids=", ".join(map(str, ids))), count, ids))
    return problems
