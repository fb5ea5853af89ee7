"""Settings from the environment, checked in a fresh interpreter (settings load once per process)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

SHOW = """
import json
from planwatch import settings as s
from django.conf import settings
import django
django.setup()
from django.db import connection
db = s.DATABASES["default"]
mode = kept = None
if db["ENGINE"].endswith("sqlite3"):
    from django.core.signals import request_finished, request_started
    request_started.send(sender=None)
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        mode = cur.fetchone()[0]
    request_finished.send(sender=None)  # Django closes a connection not meant to outlive the request
    kept = connection.connection is not None
print(json.dumps({"data_dir": str(s.DATA_DIR), "key": s.SECRET_KEY, "debug": s.DEBUG, "hosts": s.ALLOWED_HOSTS,
                  "tz": s.TIME_ZONE, "engine": db["ENGINE"], "name": db["NAME"], "journal": mode,
                  "kept_open": kept}))
"""


def load(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    clean.update(
        {"PLANWATCH_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "planwatch.settings", **env}
    )
    return subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True, env=clean)


def settings_in(tmp_path, **env) -> dict:
    res = load(tmp_path, **env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_defaults_sqlite_in_the_data_dir_with_wal(tmp_path):
    s = settings_in(tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "data" / "planwatch.sqlite3")
    assert s["journal"] == "wal"
    assert s["kept_open"] is True  # opening it again cost every request 2.4 ms
    assert s["debug"] is False and s["tz"] == "Asia/Shanghai"
    assert "localhost" in s["hosts"]


def test_generated_secret_key_is_private_and_survives_a_restart(tmp_path):
    first = settings_in(tmp_path)["key"]
    key_file = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert settings_in(tmp_path)["key"] == first and len(first) >= 50


def test_secret_key_from_a_file_or_the_environment(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n", encoding="utf-8")
    assert settings_in(tmp_path, PLANWATCH_SECRET_KEY_FILE=str(secret))["key"] == "from-a-file"
    assert settings_in(tmp_path, PLANWATCH_SECRET_KEY="from-env")["key"] == "from-env"
    assert not (tmp_path / "data" / "secret_key").exists()


def test_typed_values(tmp_path):
    s = settings_in(
        tmp_path,
        PLANWATCH_DEBUG="yes",
        PLANWATCH_ALLOWED_HOSTS="a.gov.cn, 10.0.0.1",
        PLANWATCH_TIME_ZONE="UTC",
    )
    assert s["debug"] is True and s["hosts"] == ["a.gov.cn", "10.0.0.1"] and s["tz"] == "UTC"


def test_postgres_url_selects_psycopg(tmp_path):
    url = "postgres://planwatch@db.invalid:5432/planwatch"
    res = subprocess.run(
        [
            sys.executable,
            "-c",
            "from planwatch import settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PLANWATCH_DATA_DIR": str(tmp_path), "PLANWATCH_DATABASE_URL": url},
    )
    assert res.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_bad_value_stops_start_up_naming_the_setting(tmp_path, value):
    res = load(tmp_path, PLANWATCH_DEBUG=value)
    assert res.returncode != 0
    assert "PLANWATCH_DEBUG" in res.stderr and "Traceback" not in res.stderr
