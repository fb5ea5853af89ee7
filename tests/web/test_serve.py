"""`planwatch serve` chooses its server: gunicorn with a worker process per core where it can run
(POSIX), waitress in one process otherwise; what cannot run is refused in Chinese."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from planwatch.web import server


def test_gunicorn_with_one_process_per_core_by_default(monkeypatch):
    monkeypatch.setattr(server.os, "cpu_count", lambda: 6)
    assert server.choose(None, None) == ("gunicorn", 6)
    assert server.choose(None, 3) == ("gunicorn", 3)


def test_waitress_where_gunicorn_cannot_run(monkeypatch):
    monkeypatch.setattr(server, "gunicorn_available", lambda: False)
    assert server.choose(None, None) == ("waitress", 1)
    with pytest.raises(CommandError, match="本机无法使用 gunicorn"):
        server.choose("gunicorn", None)


def test_waitress_is_one_process(monkeypatch):
    assert server.choose("waitress", None) == ("waitress", 1)
    with pytest.raises(CommandError, match="waitress 只能以单个进程运行"):
        server.choose("waitress", 2)
