"""Reliability tests: planwatch run as separate processes, as in production.

Each test gets its own `Instance`: a fresh data directory and a fresh database — SQLite in that
directory, or, when PLANWATCH_DATABASE_URL names a PostgreSQL server, a database of its own on
that server (created and migrated here, dropped afterwards). Commands run as subprocesses
(`instance.run`, `instance.start`), the site as `planwatch serve` on a free port
(`instance.serve`), so kill -9, a held lock or a backup taken while the server writes happen
for real. The test process itself only reads the database directly (`instance.query`) and
holds its locks (`instance.hold_write_lock`); it never uses pytest-django's test database.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

HERE = Path(__file__).resolve().parent
PASSWORD = "Kx7#reliable-2025"
_numbers = itertools.count(1)


def _pg_url() -> str | None:
    url = os.environ.get("PLANWATCH_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def pg_connect(url: str, **kw):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname=parts.path.lstrip("/"), **kw,
    )  # fmt: skip


def pg_url_for(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class Instance:
    """One planwatch installation: its data directory, its database, its environment."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
        self.env.update(PLANWATCH_DATA_DIR=str(data_dir), PYTHONPATH=str(HERE.parent))
        if database_url:
            self.env["PLANWATCH_DATABASE_URL"] = database_url
        self.servers: list[subprocess.Popen] = []

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "planwatch.sqlite3"

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "planwatch.cli", *args]

    def run(self, *args: str, input: str | None = None, env: dict | None = None, timeout: float = 300):
        """A planwatch command to its end: CompletedProcess with text stdout/stderr."""
        return subprocess.run(
            self.command(*args), input=input, capture_output=True, text=True,
            env={**self.env, **(env or {})}, timeout=timeout,
        )  # fmt: skip

    def start(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        """A planwatch command started in the background (stdout piped, line by line)."""
        return subprocess.Popen(
            self.command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**self.env, **(env or {})}, bufsize=1,
        )  # fmt: skip

    def ok(self, *args: str, input: str | None = None) -> str:
        done = self.run(*args, input=input)
        assert done.returncode == 0, f"planwatch {' '.join(args)}: {done.stderr}"
        return done.stdout

    def python(self, script: Path, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, env=self.env, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def add_user(self, name: str, role: str = "office") -> str:
        """An account that needs no password change, and an API token for it."""
        self.ok(
            "users", "add", name, "--role", role, "--password-stdin", "--no-password-change", input=PASSWORD
        )
        return self.ok("users", "token", name).strip()

    def serve(self) -> str:
        """`planwatch serve` on a free port; returns its address once it answers."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = self.start("serve", "--port", str(port), "--threads", "8")
        self.servers.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return f"http://127.0.0.1:{port}"
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.2)
        raise AssertionError("planwatch serve did not start")

    def query(self, sql: str) -> list[tuple]:
        """Rows of a read-only query on the instance's database."""
        if self.database_url:
            with pg_connect(self.database_url) as conn:
                return conn.execute(sql).fetchall()
        with contextlib.closing(sqlite3.connect(self.sqlite_path)) as conn:
            return conn.execute(sql).fetchall()

    def count(self, table: str) -> int:
        return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]

    @contextlib.contextmanager
    def hold_write_lock(self, *tables: str):
        """Hold the database's write lock (SQLite) or an exclusive lock on ``tables``
        (PostgreSQL: readers pass, writers wait) until the block ends."""
        if self.database_url:
            with pg_connect(self.database_url) as conn:
                conn.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
                yield
                conn.rollback()
            return
        conn = sqlite3.connect(self.sqlite_path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    def stop(self) -> None:
        for server in self.servers:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            server.stdout.close()
            server.stderr.close()


def new_instance(base: Path, *, migrate: bool = True) -> tuple[Instance, str | None]:
    """A fresh instance under ``base`` (migrated unless told); the PostgreSQL database to drop."""
    admin_url, dbname = _pg_url(), None
    if admin_url:
        dbname = f"{urlsplit(admin_url).path.lstrip('/') or 'planwatch'}_rel{os.getpid()}_{next(_numbers)}"
        with pg_connect(admin_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            conn.execute(f'CREATE DATABASE "{dbname}"')
    base.mkdir(parents=True, exist_ok=True)
    instance = Instance(base, pg_url_for(admin_url, dbname) if admin_url else None)
    if migrate:
        instance.ok("migrate", "--no-input", "-v", "0")
    return instance, dbname


def drop_database(dbname: str | None) -> None:
    if dbname:
        with pg_connect(_pg_url().rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture
def instance(tmp_path):
    made, dbname = new_instance(tmp_path / "data")
    yield made
    made.stop()
    drop_database(dbname)


@pytest.fixture
def make_instance(tmp_path):
    """More instances for one test (a restore target): ``make_instance(name, migrate=False)``."""
    made: list[tuple[Instance, str | None]] = []

    def make(name: str, *, migrate: bool = True) -> Instance:
        made.append(new_instance(tmp_path / name, migrate=migrate))
        return made[-1][0]

    yield make
    for one, dbname in made:
        one.stop()
        drop_database(dbname)
