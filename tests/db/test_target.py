"""Database targets and what opening one loads."""

import subprocess
import sys

from db.target import file_key, resolve_target


def test_file_keys_tell_databases_apart_and_ignore_path_case():
    assert file_key("/shops/a/shop.db") != file_key("/shops/b/shop.db")
    assert file_key(r"C:\Shops\Shop.db") == file_key(r"c:\shops\shop.db")
    assert file_key("/shops/a/shop.db").startswith("shop.db-")
    assert "/" not in file_key("postgresql://u@host:5432/chain")


def test_resolve_target_reads_paths_and_urls(tmp_path, monkeypatch):
    assert resolve_target(tmp_path / "x.db").path == tmp_path / "x.db"
    assert resolve_target(f"sqlite:///{tmp_path}/y.db").path == tmp_path / "y.db"
    pg = resolve_target("postgresql://clerk:secret@db.local:5433/chain")
    assert pg.kind == "postgresql" and "secret" not in pg.display
    monkeypatch.setenv("SHOPCIRCLE_DB", str(tmp_path / "env.db"))
    assert resolve_target(None).path == tmp_path / "env.db"


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )
    return set(result.stdout.split())


def test_importing_db_loads_no_orm_so_the_window_can_paint_first():
    assert "peewee" not in _modules_after("import db, db.locations, db.target")


def test_a_sqlite_database_opens_without_the_postgresql_driver(tmp_path):
    loaded = _modules_after(f"from db import init_db\ninit_db({str(tmp_path / 'x.db')!r})")
    assert "peewee" in loaded
    assert "psycopg2" not in loaded
