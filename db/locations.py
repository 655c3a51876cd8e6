"""Where ShopCircle keeps its data, backups and logs (SHOPCIRCLE_HOME moves them all)."""

import os
from pathlib import Path

APP_NAME = "ShopCircle"


def data_dir() -> Path:
    """The user data folder, or SHOPCIRCLE_HOME when set (tests and portable installs)."""
    home = os.environ.get("SHOPCIRCLE_HOME")
    if home:
        return Path(home)
    import platformdirs  # imported here: only needed when no explicit home is set

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_database_path() -> Path:
    """The embedded SQLite database used when no --db or SHOPCIRCLE_DB is given."""
    return data_dir() / "shopcircle.db"


def backups_dir() -> Path:
    """Automatic and manual backups."""
    return data_dir() / "backups"


def logs_dir() -> Path:
    """The rotating log files."""
    home = os.environ.get("SHOPCIRCLE_HOME")
    if home:
        return Path(home) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
