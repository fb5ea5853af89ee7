"""Serving the site: gunicorn with one process per core on Linux, waitress where gunicorn cannot run.

One Python process serves one core at a time (the GIL): waitress's threads all share it, so
throughput stopped at 9–30 requests a second and waitress logged a "Task queue depth" warning for
nearly every request under load (issue 20). On POSIX systems `planwatch serve` therefore runs
gunicorn's pre-fork master with as many worker processes as cores, each with a few threads
(`gthread` workers: a request waiting on the database does not hold up the others). Windows has
no fork, so there — or with `--server waitress` — it serves with waitress in one process, as
before. Static files come from whitenoise inside the app either way; no runserver, no proxy needed.

Worker processes share nothing but the database and the shared cache (settings.CACHES), so the
master closes its database connections before forking: a SQLite handle or a PostgreSQL socket
must never be used by two processes.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
from collections.abc import Callable

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

SERVERS = ("gunicorn", "waitress")
DEFAULT_THREADS = 4


def pending_migrations() -> int:
    """How many migrations the database still lacks (0: ready to serve)."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def site_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_port(host: str, port: int) -> None:
    """Refuse early, in Chinese, when the port is taken (the server would raise an OSError)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(f"端口 {port} 已被占用，请用 --port 换一个端口", returncode=2) from exc
            raise CommandError(f"无法在 {host}:{port} 上启动：{exc.strerror}", returncode=2) from exc


def gunicorn_available() -> bool:
    """gunicorn needs fork and POSIX signals: Linux and macOS, not Windows."""
    if os.name != "posix":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def choose(server: str | None, workers: int | None) -> tuple[str, int]:
    """(server, worker processes) for the options given: gunicorn with a process per core where it
    can run, else waitress in one process; asking for what cannot run is refused in Chinese."""
    if server is None:
        server = "gunicorn" if gunicorn_available() else "waitress"
    elif server == "gunicorn" and not gunicorn_available():
        raise CommandError(
            "本机无法使用 gunicorn（需要 Linux 等类 Unix 系统），请改用 --server waitress", returncode=2
        )
    if server == "waitress":
        if workers not in (None, 1):
            raise CommandError(
                "waitress 只能以单个进程运行；多进程请在 Linux 上使用 gunicorn（见 docs/deployment.md）",
                returncode=2,
            )
        return server, 1
    return server, workers or os.cpu_count() or 1


def run(
    *,
    host: str,
    port: int,
    threads: int,
    write: Callable[[str], None],
    workers: int | None = None,
    server: str | None = None,
    access_log: str | None = None,
) -> None:
    """Serve until interrupted. Prints the address first, so a script can wait for that line."""
    server, workers = choose(server, workers)
    if access_log and server != "gunicorn":
        raise CommandError("--access-log 只能与 gunicorn 一起使用", returncode=2)
    if pending_migrations():
        raise CommandError("数据库尚未初始化或需要升级，请先运行 planwatch migrate", returncode=2)
    check_port(host, port)
    from planwatch.wsgi import application

    connections.close_all()  # nothing the worker processes could inherit half-used
    how = (
        f"gunicorn，{workers} 个进程 × {threads} 个线程"
        if server == "gunicorn"
        else f"waitress，{threads} 个线程"
    )
    write(f"planwatch 已启动：{site_url(host, port)}（{how}；按 Ctrl+C 停止）")
    if host in ("0.0.0.0", "::"):
        write("其他机器访问时，请把本机地址或域名加入 PLANWATCH_ALLOWED_HOSTS（见 docs/settings.md）。")
    if server == "gunicorn":
        _gunicorn(
            application, bind=_bind(host, port), workers=workers, threads=threads, access_log=access_log
        )
    else:
        _waitress(application, host=host, port=port, threads=threads)


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _gunicorn(application, *, bind: str, workers: int, threads: int, access_log: str | None) -> None:
    """gunicorn's pre-fork master in this process (its documented custom-application API)."""
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": access_log,  # None: no line per request
        "errorlog": "-",  # standard error, as Django's own log
        "loglevel": "warning",  # worker starts and stops are info: a quiet log shows only trouble
        "proc_name": "planwatch",
        "graceful_timeout": 10,
    }

    class Planwatch(BaseApplication):
        def load_config(self):
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self):
            return application

    Planwatch().run()


def _waitress(application, *, host: str, port: int, threads: int) -> None:
    from waitress import serve

    # waitress warns "Task queue depth is N" whenever a request waits for a free thread: under
    # load that is one line per request, which buries real faults; the wait itself is normal.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    serve(application, host=host, port=port, threads=threads, ident="planwatch")
