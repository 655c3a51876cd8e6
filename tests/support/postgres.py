"""A throwaway PostgreSQL server for the tests, or the one SHOPCIRCLE_TEST_PG_URL names."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg2


class PostgresServer:
    """A server the tests may create and drop databases on."""

    def __init__(self, admin_url: str, stop=None) -> None:
        self.admin_url = admin_url.rstrip("/")
        self._stop = stop

    def new_database_url(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        base = self.admin_url.rsplit("/", 1)[0]
        return f"{base}/{name}"

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._stop:
            self._stop()

    def _admin(self, sql: str) -> None:
        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def start_server() -> PostgresServer | None:
    """The configured server, or a new cluster in a temporary folder; None if neither."""
    url = os.environ.get("SHOPCIRCLE_TEST_PG_URL")
    if url:
        return PostgresServer(url)
    bin_dir = find_pg_bin()
    if bin_dir is None:
        return None
    # PostgreSQL refuses to run as root; run it as the postgres user the package created.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="shopcircle-pg-"))
    data = root / "data"
    if as_user:
        shutil.chown(root, "postgres")
    port = _free_port()
    subprocess.run(
        [*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--no-locale"],
        check=True, capture_output=True,
    )
    options = (f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(
        [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
         str(root / "server.log"), "-w", "start"],
        check=True, capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)

    return PostgresServer(f"postgresql://postgres@127.0.0.1:{port}/postgres", stop)


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
