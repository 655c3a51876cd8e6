"""PostgreSQL through psycopg2, loaded only when a postgresql:// database is opened.

peewee imports its PostgreSQL driver as it loads (~15 ms at every start of the window), yet
most shops run on SQLite. `db/__init__.py` loads peewee with the driver hidden; this adapter
imports psycopg2 itself the first time a PostgreSQL database is created.
"""

from peewee import PostgresqlDatabase, Psycopg2Adapter


class LazyPsycopg2Adapter(Psycopg2Adapter):
    """peewee's psycopg2 adapter, with the driver imported on first use."""

    def __init__(self) -> None:
        import psycopg2
        from psycopg2 import extensions, extras

        extras.register_uuid()
        self._driver = psycopg2
        self._extensions = extensions
        self.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        self.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        self.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
        super().__init__()
        self.json_type = self.jsonb_type = extras.Json

    def check_driver(self) -> None:
        """The driver was imported in __init__, or that raised ImportError already."""

    def get_binary_type(self):
        return self._driver.Binary

    def connect(self, db, **params):
        if db.database.startswith("postgresql://"):
            params.setdefault("dsn", db.database)
        else:
            params.setdefault("dbname", db.database)
        connection = self._driver.connect(**params)
        if db._register_unicode:
            self._extensions.register_type(self._extensions.UNICODE, connection)
            self._extensions.register_type(self._extensions.UNICODEARRAY, connection)
        if db._encoding:
            connection.set_client_encoding(db._encoding)
        return connection


class ShopPostgresqlDatabase(PostgresqlDatabase):
    """PostgresqlDatabase using the lazily loaded psycopg2 adapter."""

    psycopg2_adapter = LazyPsycopg2Adapter
