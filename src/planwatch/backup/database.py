"""Copying the database while the site runs, and putting a copy back.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot in one
step; in WAL mode the site keeps reading and writing meanwhile. PostgreSQL: `pg_dump` in its
custom format (`pg_restore` reads it), from a snapshot exported by a transaction that also
counts the rows, so the counts in the manifest are those of the copy. `pg_dump`/`pg_restore`
come with the postgresql-client package and must be at least the server's version.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

from .errors import BackupError

SQLITE_NAME, PG_NAME = "database.sqlite3", "database.pgdump"


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor, vendor: str) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in _tables(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows per table of the configured database, now."""
    with connection.cursor() as cursor:
        return _counts(cursor, connection.vendor)


def is_empty() -> bool:
    """True when the configured database holds no table (a new, unmigrated database)."""
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return True
    with connection.cursor() as cursor:
        return not _tables(cursor, connection.vendor)


def dump(folder: Path) -> tuple[Path, dict[str, int]]:
    """A copy of the database in ``folder`` and the row counts of that copy."""
    if connection.vendor == "sqlite":
        return _dump_sqlite(folder / SQLITE_NAME)
    return _dump_pg(folder / PG_NAME)


def _dump_sqlite(target: Path) -> tuple[Path, dict[str, int]]:
    source = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: a consistent snapshot, the writers never wait
        counts = _counts(copy.cursor(), "sqlite")
    finally:
        copy.close()
        source.close()
    os.chmod(target, 0o600)
    return target, counts


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGUSER": s.get("USER") or "",
           "PGHOST": s.get("HOST") or "", "PGPORT": str(s.get("PORT") or "")}  # fmt: skip
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return {k: v for k, v in env.items() if v != ""}


def _run(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(
            f"找不到 {tool}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client）"
        )
    done = subprocess.run([tool, *args], env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["（无输出）"])[-1]
        raise BackupError(f"{tool} 失败：{detail}")


def _dump_pg(target: Path) -> tuple[Path, dict[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor, "postgresql")
            _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={target}")  # fmt: skip
        finally:
            cursor.execute("ROLLBACK")
    os.chmod(target, 0o600)
    return target, counts


def restore(copy: Path, *, force: bool) -> None:
    """Put ``copy`` in place of the configured database (replacing its content when forced)."""
    connections.close_all()
    if copy.name == SQLITE_NAME:
        _restore_sqlite(copy)
    else:
        clean = ["--clean", "--if-exists"] if force else []
        _run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean,
             f"--dbname={connection.settings_dict['NAME']}", str(copy))  # fmt: skip


def _restore_sqlite(copy: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, staged)
    os.chmod(staged, 0o600)
    for suffix in ("-wal", "-shm"):  # a journal left by the old database must not be replayed
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{target}{suffix}")
    os.replace(staged, target)
