"""A real planwatch site for the reliability tests: `planwatch migrate` and `planwatch serve`
(waitress, several threads) in subprocesses, on a fresh SQLite file in a temporary data
directory — or, when the run uses PostgreSQL (PLANWATCH_DATABASE_URL), on a fresh database of
its own on the same server, dropped afterwards. Concurrency is only real like this: Django's
test database on SQLite lives in memory and its LiveServerThread shares one connection.

`site.python(code)` runs Python against the site's database in a subprocess (Django set up)
and returns what the code assigned to `result`, JSON-decoded: how the tests seed and count.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

PLANWATCH = str(Path(sys.executable).with_name("planwatch"))
_PRELUDE = "import os, json, django\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'planwatch.settings')\ndjango.setup()\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    body: dict | list | str


@dataclass
class Site:
    url: str
    env: dict

    def python(self, code: str):
        script = _PRELUDE + textwrap.dedent(code) + "\nprint(json.dumps(result, default=str))\n"
        done = subprocess.run([sys.executable, "-c", script], env=self.env, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def request(self, method: str, path: str, *, token: str, body: dict | None = None) -> Response:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        req = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as answer:
                status, raw = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        try:
            return Response(status, json.loads(raw))
        except ValueError:
            return Response(status, raw.decode("utf-8", "replace"))


def _fresh_postgres(url: str) -> tuple[str, str]:
    """(URL of a new empty database beside the one `url` names, its name)."""
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"pw_live_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg

    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait(url: str) -> None:
    """Up to a minute: on a shared, loaded machine Django's start alone can take 10 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the site did not start")


def run_site(data_dir: Path, *, threads: int = 12):
    """Generator for a fixture: yields a started Site, stops it (and drops its database) after."""
    env = {**os.environ, "PLANWATCH_DATA_DIR": str(data_dir)}
    pg_url = os.environ.get("PLANWATCH_DATABASE_URL", "")
    name = ""
    if pg_url:
        env["PLANWATCH_DATABASE_URL"], name = _fresh_postgres(pg_url)
    try:
        subprocess.run([PLANWATCH, "migrate", "-v", "0"], env=env, check=True, timeout=300)
        port = free_port()
        server = subprocess.Popen([PLANWATCH, "serve", "--port", str(port), "--threads", str(threads)],
                                  env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        try:
            site = Site(f"http://127.0.0.1:{port}", env)
            _wait(site.url)
            yield site
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        if name:
            _drop_postgres(pg_url, name)
