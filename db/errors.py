"""Errors the database layer raises, each with a translatable message for the user."""


def tr_noop(context: str, text: str) -> str:
    """Marks a message for translation where it is defined; the caller translates it."""
    return text


class DatabaseProblem(Exception):
    """An environment problem with the database: a plain message, not a bug.

    `template` is English source text marked with `tr_noop`; presenters translate it with
    `desktop.i18n.tr(CONTEXT, template)` and fill in `details`.
    """

    CONTEXT = "db"
    template = tr_noop("db", "The database could not be opened: {reason}")
    error_code = "database_unavailable"

    def __init__(self, **details: object) -> None:
        self.details = details
        super().__init__(self.template.format(**details))


class DatabaseTooNew(DatabaseProblem):
    """The database was written by a newer ShopCircle; opening it could damage it."""

    template = tr_noop(
        "db",
        "This database was written by a newer version of ShopCircle (schema {found}; this "
        "program knows up to {known}). It was not opened or changed. Install the newer "
        "version of ShopCircle to use it.",
    )
    error_code = "database_too_new"


class NotAShopCircleDatabase(DatabaseProblem):
    """The file exists but is not a ShopCircle database (or is damaged)."""

    template = tr_noop(
        "db",
        "{path} is not a ShopCircle database, or it is damaged. It was not changed. "
        "Choose the right file, or restore one of your backups.",
    )
    error_code = "not_a_database"


class DatabaseUnavailable(DatabaseProblem):
    """The database file or server cannot be reached or is locked."""

    template = tr_noop(
        "db",
        "The database could not be opened: {reason}. Check that the file or server is "
        "reachable and not in use, then try again.",
    )
    error_code = "database_unavailable"


class MigrationFailed(DatabaseProblem):
    """An upgrade step failed and was rolled back; a backup was made before it."""

    template = tr_noop(
        "db",
        "Upgrading the database to version {version} failed and nothing was changed: "
        "{reason}. A backup was kept at {backup}.",
    )
    error_code = "migration_failed"
