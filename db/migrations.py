"""Numbered schema migrations: one atomic step per version, a backup before the first step.

A new database is created at the current version straight from the models. An existing one
at version v runs steps v+1 … SCHEMA_VERSION, each in its own transaction together with its
SchemaVersion row, so a failed step leaves the database at the last good version.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import Database

from db.errors import MigrationFailed
from db.models import ALL_MODELS, SchemaVersion

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

SCHEMA_VERSION = 2
APP_VERSION = "0.1.0"

# version -> step(database, migrator). Version 1 is the initial schema (created from models).
# Add a step for every change to db/models.py, e.g. migrator.add_column(...).
# Indexes on a foreign key that a composite index already starts with (v1 made both).
REDUNDANT_V1_INDEXES = (
    "consent_member_id", "entry_point_tag_entry_point_id", "member_tag_tag_id",
    "member_tag_member_id", "purchase_member_id", "points_entry_member_id",
    "signup_event_entry_point_id",
)


def _v2_member_indexes(connection: Database, migrator: "SchemaMigrator") -> None:
    """v2: the members list sorts by points (an index at a million members); the indexes
    that repeat the start of a composite one go, so imports keep up fewer."""
    from playhouse.migrate import migrate

    migrate(migrator.add_index("member", ("points",), False))
    for name in REDUNDANT_V1_INDEXES:
        connection.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


MIGRATIONS: dict[int, Callable[[Database, "SchemaMigrator"], None]] = {
    2: _v2_member_indexes,
}


@dataclass(frozen=True)
class MigrationOutcome:
    """What bring_up_to_date did."""

    migrated_from: int | None
    backup_path: Path | None


def bring_up_to_date(connection: Database, target, found: int | None) -> MigrationOutcome:
    """Create a new database at SCHEMA_VERSION, or upgrade an older one step by step."""
    if found is None:
        with connection.atomic():
            connection.create_tables(ALL_MODELS)
            SchemaVersion.create(version=SCHEMA_VERSION, app_version=APP_VERSION)
        return MigrationOutcome(None, None)
    if found >= SCHEMA_VERSION:
        return MigrationOutcome(None, None)

    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator  # only upgrades need it

    from db.backup import backup_database

    backup_path = backup_database(target, reason=f"before-v{SCHEMA_VERSION}")
    migrator = (
        SqliteMigrator(connection)
        if target.kind == "sqlite"
        else PostgresqlMigrator(connection)
    )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[version]
        try:
            with connection.atomic():
                step(connection, migrator)
                SchemaVersion.create(version=version, app_version=APP_VERSION)
        except Exception as exc:
            raise MigrationFailed(
                version=version, reason=str(exc), backup=str(backup_path)
            ) from exc
    return MigrationOutcome(found, backup_path)
