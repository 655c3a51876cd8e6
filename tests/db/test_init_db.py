"""init_db on SQLite and PostgreSQL: creation, schema version, hot-path indexes."""

from db import SCHEMA_VERSION
from db.models import ALL_MODELS, Member, SchemaVersion, database


def test_new_database_is_created_at_current_version(db):
    assert db.created
    assert SchemaVersion.select().count() == 1
    assert SchemaVersion.get().version == SCHEMA_VERSION
    tables = set(database.get_tables())
    assert {model._meta.table_name for model in ALL_MODELS} <= tables


def test_reopening_changes_nothing(db):
    from db import close_db, init_db

    target = db.target.path or db.target.url
    close_db()
    again = init_db(target)
    assert not again.created
    assert again.migrated_from is None
    assert SchemaVersion.select().count() == 1


def test_phone_prefix_is_served_by_an_index(db):
    index_columns = {tuple(index.columns) for index in database.get_indexes("member")}
    assert ("phone",) in index_columns
    assert ("name",) in index_columns
    assert ("name_initials",) in index_columns
    assert ("last_visit_at",) in index_columns
    assert Member._meta.database.obj is database.obj
