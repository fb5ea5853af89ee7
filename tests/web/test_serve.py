"""`planwatch serve` chooses its server: gunicorn with a worker process per core where it can run
(POSIX), waitress in one process otherwise; what cannot run is refused in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from planwatch.web import server

from .test_commands import free_port


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


@pytest.mark.slow
@pytest.mark.parametrize("chosen", ["gunicorn", "waitress"])
def test_no_line_per_request_in_the_log_under_load(tmp_path, chosen):
    """Twenty requests at once on one thread queue up: waitress used to log "Task queue depth"
    for each; neither server writes a line per request unless asked (--access-log)."""

    planwatch = str(Path(sys.executable).with_name("planwatch"))
    env = {**os.environ, "PLANWATCH_DATA_DIR": str(tmp_path)}
    env.pop("PLANWATCH_DATABASE_URL", None)
    subprocess.run([planwatch, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    port, log = free_port(), tmp_path / "server.log"
    with log.open("w") as err:
        server = subprocess.Popen(
            [planwatch, "serve", "--port", str(port), "--server", chosen, "--threads", "1"],
            env=env, stdout=subprocess.PIPE, stderr=err, text=True,
        )  # fmt: skip
        try:
            assert f"http://127.0.0.1:{port}/" in server.stdout.readline()

            def get(_):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=60) as answer:
                    return answer.status

            for _ in range(50):  # until it answers
                try:
                    get(0)
                    break
                except OSError:
                    time.sleep(0.1)
            with ThreadPoolExecutor(20) as pool:
                assert set(pool.map(get, range(60))) == {200}
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert log.read_text() == ""
