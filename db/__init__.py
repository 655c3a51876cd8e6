"""Persistence only, no Qt: models, init_db, migrations, backup and restore."""

from db.connection import DatabaseInfo, DatabaseTarget, close_db, init_db, resolve_target
from db.migrations import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseInfo",
    "DatabaseTarget",
    "close_db",
    "init_db",
    "resolve_target",
]
