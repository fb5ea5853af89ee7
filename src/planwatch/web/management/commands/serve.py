"""`planwatch serve [--host 127.0.0.1] [--port 8000] [--threads 8]`: run the site with waitress."""

from __future__ import annotations

from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.web import server


def add_server_arguments(parser, *, threads: bool = True) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    if threads:
        parser.add_argument("--threads", type=int, default=8, help="处理请求的线程数（默认 8）")


class Command(PlanwatchCommand):
    help = "启动 planwatch 网站（waitress 生产级 WSGI 服务器，静态文件由 whitenoise 提供）。"

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, host: str, port: int, threads: int, **options):
        server.run(host=host, port=port, threads=max(1, threads), write=self._say)

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
