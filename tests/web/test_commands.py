"""`planwatch demo` and `planwatch serve`: one command gives a working system with an account
per role; the server answers like the real thing (gunicorn, static files, login redirect)."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import run

PLANWATCH = str(Path(sys.executable).with_name("planwatch"))


@pytest.mark.django_db
def test_demo_sets_everything_up_and_is_idempotent(settings, tmp_path):
    from django.contrib.auth import get_user_model

    from planwatch.accounts.models import Profile
    from planwatch.indicators.models import Observation
    from planwatch.plans.models import Plan

    settings.DATA_DIR = tmp_path
    first = run("demo", no_serve=True)
    for step in ("准备数据库", "导入计划…", "生成演示数据…", "创建演示账号…", "已导入计划 shizhong-2023"):
        assert step in first
    plan = Plan.objects.get(name="shizhong-2023")
    assert Observation.objects.filter(indicator__plan=plan, is_demo=True).exists()
    assert "演示重点项目 112 个，总投资 1154 亿元" in first
    profiles = {p.user.username: p for p in Profile.objects.select_related("user", "unit")}
    assert {n: p.role for n, p in profiles.items()} == {
        n: n for n in ("office", "reporter", "leader", "auditor")
    }
    assert profiles["reporter"].unit.name == "区发展改革局"  # leads (is listed first on) the most articles
    assert not any(p.must_change_password for p in profiles.values())
    accounts = tmp_path / "demo-accounts.txt"
    assert stat.S_IMODE(accounts.stat().st_mode) == 0o600
    passwords = dict(
        line.split("\t")[1:3] for line in accounts.read_text().splitlines() if not line.startswith("#")
    )
    for name, password in passwords.items():
        assert f"用户名 {name}" in first and password in first
        assert get_user_model().objects.get(username=name).check_password(password)

    second = run("demo", no_serve=True)
    assert "已在数据库中，沿用" in second and "新增 0 条" in second
    assert "重点项目台账已有数据，沿用" in second
    assert all(password in second for password in passwords.values())
    assert Plan.objects.count() == 1 and get_user_model().objects.count() == 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sqlite_env(data_dir: Path) -> dict:
    env = {**os.environ, "PLANWATCH_DATA_DIR": str(data_dir)}
    env.pop("PLANWATCH_DATABASE_URL", None)  # the embedded database, whatever the test run uses
    return env


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(url, timeout=10)
    except urllib.error.HTTPError as exc:
        return exc


@pytest.mark.slow
def test_demo_and_serve_from_a_fresh_data_directory(tmp_path):
    data = tmp_path / "data"  # not there yet: planwatch creates it
    env = sqlite_env(data)
    demo = subprocess.run(
        [PLANWATCH, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300
    )
    assert demo.returncode == 0, demo.stderr
    assert (data / "planwatch.sqlite3").exists()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    private = ["planwatch.sqlite3", "planwatch.sqlite3-wal", "planwatch.sqlite3-shm", "secret_key",
               "demo-accounts.txt"]  # fmt: skip
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir() if p.name in private}
    assert {"planwatch.sqlite3", "secret_key", "demo-accounts.txt"} <= set(modes)
    assert set(modes.values()) == {0o600}, modes
    assert (
        "用户名 office" in demo.stdout and "用户名 reporter" in demo.stdout and "区发展改革局" in demo.stdout
    )

    port = free_port()
    server = subprocess.Popen(
        [PLANWATCH, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert f"http://127.0.0.1:{port}/" in server.stdout.readline()
        response = None
        for _ in range(50):
            try:
                response = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.1)
        assert response is not None and response.status == 302
        assert response.headers["Location"] == "/accounts/login/?next=/"
        login = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert login.status == 200 and "script-src 'self'" in login.headers["Content-Security-Policy"]
        assert "登录" in login.read().decode()
        assert get(f"http://127.0.0.1:{port}/static/web/planwatch.css").status == 200
        assert get(f"http://127.0.0.1:{port}/static/vendor/echarts-6.1.0.min.js").status == 200
        # the workers close their connections after each request (and the master holds none), so
        # the -wal and -shm files exist while some connection is open: open one as a worker would
        with contextlib.closing(sqlite3.connect(data / "planwatch.sqlite3")) as db:
            db.execute("SELECT COUNT(*) FROM django_session").fetchone()
            wal = [data / "planwatch.sqlite3-wal", data / "planwatch.sqlite3-shm"]
            assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in wal)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_refuses_an_uninitialised_database(tmp_path):
    result = subprocess.run([PLANWATCH, "serve", "--port", str(free_port())], env=sqlite_env(tmp_path),
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "planwatch migrate" in result.stderr
