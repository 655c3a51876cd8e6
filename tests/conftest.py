"""Shared fixtures: an isolated SHOPCIRCLE_HOME, and a fresh database from the real init_db."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from db import close_db, init_db
from desktop import i18n
from tests.support.postgres import start_server


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data, backup and log folder: never the real user folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHOPCIRCLE_HOME", str(home))
    monkeypatch.delenv("SHOPCIRCLE_DB", raising=False)
    i18n.use_backend(None)
    i18n.set_language("en")
    yield home
    i18n.use_backend(None)
    i18n.set_language("en")


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the run; CI must have one, elsewhere its tests are skipped."""
    server = start_server()
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL: install it or set SHOPCIRCLE_TEST_PG_URL")
        pytest.skip("PostgreSQL is not installed; set SHOPCIRCLE_TEST_PG_URL to test it")
    yield server
    server.stop()


@pytest.fixture
def sqlite_url(tmp_path):
    """Path of a not-yet-created SQLite database file."""
    return str(tmp_path / "shop.db")


@pytest.fixture
def postgres_url(postgres_server):
    """URL of a fresh, empty PostgreSQL database."""
    url = postgres_server.new_database_url()
    yield url
    close_db()
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """The same test on SQLite and on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return request.getfixturevalue(fixture)


def _close_after_background_work() -> None:
    # A window test may leave a query running on the database thread: let it finish first.
    if "desktop.tasks.background" in sys.modules:
        sys.modules["desktop.tasks.background"].wait_for_database_tasks()
    close_db()


@pytest.fixture
def db(database_url):
    """A fresh database made by the real init_db, on each backend; its DatabaseInfo."""
    info = init_db(database_url)
    yield info
    _close_after_background_work()


@pytest.fixture
def sqlite_db(sqlite_url):
    """A fresh SQLite database made by the real init_db (window tests use this one)."""
    info = init_db(sqlite_url)
    yield info
    _close_after_background_work()
