"""Serving the site with waitress: a production WSGI server in pure Python (Windows and Linux
alike, no compiler), static files by whitenoise inside the app — one process, no runserver."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations() -> int:
    """How many migrations the database still lacks (0: ready to serve)."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def site_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_port(host: str, port: int) -> None:
    """Refuse early, in Chinese, when the port is taken (waitress would raise an OSError)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(f"端口 {port} 已被占用，请用 --port 换一个端口", returncode=2) from exc
            raise CommandError(f"无法在 {host}:{port} 上启动：{exc.strerror}", returncode=2) from exc


def run(*, host: str, port: int, threads: int, write: Callable[[str], None]) -> None:
    """Serve until interrupted. Prints the address first, so a script can wait for that line."""
    if pending_migrations():
        raise CommandError("数据库尚未初始化或需要升级，请先运行 planwatch migrate", returncode=2)
    check_port(host, port)
    from waitress import serve

    from planwatch.wsgi import application

    write(f"planwatch 已启动：{site_url(host, port)}（按 Ctrl+C 停止）")
    if host in ("0.0.0.0", "::"):
        write("其他机器访问时，请把本机地址或域名加入 PLANWATCH_ALLOWED_HOSTS（见 docs/settings.md）。")
    serve(application, host=host, port=port, threads=threads, ident="planwatch")
