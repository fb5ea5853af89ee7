"""`planwatch serve [--host 127.0.0.1] [--port 8000] [--workers N] [--threads 4] [--server gunicorn|waitress]
[--access-log FILE]`: run the site (see planwatch.web.server for the choice of server)."""

from __future__ import annotations

from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.web import server


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


def add_server_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument(
        "--workers", type=_positive, default=None,
        help="工作进程数（gunicorn；默认与 CPU 核数相同，waitress 只有 1 个）",
    )  # fmt: skip
    parser.add_argument(
        "--threads", type=_positive, default=server.DEFAULT_THREADS,
        help=f"每个进程处理请求的线程数（默认 {server.DEFAULT_THREADS}）",
    )  # fmt: skip
    parser.add_argument(
        "--server", choices=server.SERVERS, default=None,
        help="WSGI 服务器（默认：Linux 等类 Unix 系统用 gunicorn，Windows 用 waitress）",
    )  # fmt: skip
    parser.add_argument(
        "--access-log", default=None, metavar="FILE", help="把每个请求记入此文件（仅 gunicorn；默认不记）"
    )


def serve_options(options: dict) -> dict:
    """The keyword arguments of server.run from the parsed options."""
    return {key: options[key] for key in ("host", "port", "workers", "threads", "server", "access_log")}


class Command(PlanwatchCommand):
    help = (
        "启动 planwatch 网站（Linux 上 gunicorn 多进程，Windows 上 waitress；静态文件由 whitenoise 提供）。"
    )

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, **options):
        server.run(**serve_options(options), write=self._say)

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
