"""Persistence only, no Qt: models, init_db, migrations, backup and restore.

Importing `db` (or `db.locations`, `db.target`) loads no ORM: the window paints before
peewee is needed. The names below load their modules on first use.
"""

import importlib
import sys

_LAZY_EXPORTS = {
    "DatabaseInfo": "db.connection",
    "init_db": "db.connection",
    "close_db": "db.connection",
    "DatabaseTarget": "db.target",
    "resolve_target": "db.target",
    "SCHEMA_VERSION": "db.migrations",
}
__all__ = sorted(_LAZY_EXPORTS)


def __getattr__(name: str):
    module = _LAZY_EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'db' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


_POSTGRES_DRIVERS = ("psycopg2", "psycopg", "psycopg2cffi")


class _PeeweeWithoutPostgresDriver:
    """Loads peewee with its PostgreSQL drivers hidden (~15 ms saved at every start).

    peewee imports a driver as it loads, yet most shops run on SQLite; db.postgres imports
    psycopg2 itself when a postgresql:// database is opened. A meta path finder and loader
    by protocol (importlib.abc itself costs more to import than this saves).
    """

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "peewee":
            return None
        sys.meta_path.remove(self)  # once is enough; the other finders do the finding
        spec = None
        for finder in sys.meta_path:  # PyInstaller's frozen importer among them
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find else None
            if spec is not None:
                break
        if spec is not None and spec.loader is not None:
            self._real_loader = spec.loader
            spec.loader = self
        return spec

    def create_module(self, spec):
        return self._real_loader.create_module(spec)

    def exec_module(self, module):
        hidden = [name for name in _POSTGRES_DRIVERS if name not in sys.modules]
        sys.modules.update(dict.fromkeys(hidden))
        try:
            self._real_loader.exec_module(module)
        finally:
            for name in hidden:
                del sys.modules[name]


if "peewee" not in sys.modules:
    sys.meta_path.insert(0, _PeeweeWithoutPostgresDriver())
