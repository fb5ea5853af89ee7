"""Sessions time out when idle, cookies are locked down, every response carries the CSP and the
other security headers, CSRF is on for every form, and no template runs inline code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

import planwatch

pytestmark = pytest.mark.django_db
SRC = Path(planwatch.__file__).resolve().parent
PASSWORD_PAGE = reverse("accounts:password_change")  # needs a login

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


@pytest.fixture(autouse=True)
def real_refresh(settings):
    """The interval production uses (tests/conftest.py turns the push off for query counts)."""
    settings.SESSION_REFRESH_SECONDS = 60


def test_session_settings(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    # the idle expiry is pushed on by planwatch.busy.SessionMiddleware, at most once a minute
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    from planwatch import settings as production

    assert production.SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert not settings.SESSION_COOKIE_SECURE  # PLANWATCH_HTTPS is off in tests
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_session_ends_after_30_idle_minutes(leader, clock):
    client = leader.client
    assert client.get(PASSWORD_PAGE).status_code == 200
    clock.advance(minutes=29)
    assert client.get(PASSWORD_PAGE).status_code == 200  # activity pushes the expiry on
    clock.advance(minutes=29)
    assert client.get(PASSWORD_PAGE).status_code == 200
    clock.advance(minutes=31)
    response = client.get(PASSWORD_PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def _session_writes(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(1 for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"])


def test_reading_pages_writes_the_session_at_most_once_a_minute(leader, clock):
    client = leader.client
    clock.advance(seconds=60)
    assert _session_writes(client, PASSWORD_PAGE) == 1  # a minute after the login: pushed on
    for _ in range(3):
        clock.advance(seconds=15)
        assert _session_writes(client, PASSWORD_PAGE) == 0  # a page that only reads writes nothing
    clock.advance(seconds=15)
    assert _session_writes(client, PASSWORD_PAGE) == 1  # a minute on: pushed on again


def test_activity_every_59_seconds_keeps_a_session_for_an_hour(leader, clock):
    client = leader.client
    for _ in range(61):
        assert client.get(PASSWORD_PAGE).status_code == 200
        clock.advance(seconds=59)


def test_an_idle_session_ends_at_most_a_minute_early_never_late(leader, clock):
    client = leader.client
    assert client.get(PASSWORD_PAGE).status_code == 200  # saved: expires 30 minutes on
    clock.advance(seconds=50)
    assert client.get(PASSWORD_PAGE).status_code == 200  # not saved
    clock.advance(minutes=29, seconds=20)  # 30 min 10 s after the save, 29 min 20 s after the last request
    response = client.get(PASSWORD_PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_busy_database_does_not_lose_a_page_that_only_pushes_the_expiry(leader, clock, monkeypatch):
    """Saving the idle expiry met a held lock: the page is served, the expiry pushed next time;
    a session that really changed (another plan chosen) answers 503 as before."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client = leader.client
    assert client.get(PASSWORD_PAGE).status_code == 200
    clock.advance(minutes=2)

    def locked(self, must_create=False):
        try:
            raise OperationalError("database is locked")
        except OperationalError as exc:
            raise UpdateError from exc

    from planwatch.plans.models import Plan

    plan = Plan.objects.create(name="p", title="测试计划")
    monkeypatch.setattr(SessionStore, "save", locked)
    assert client.get(PASSWORD_PAGE).status_code == 200
    chosen = client.get(f"/?plan={plan.pk}")  # the chosen plan is kept in the session
    assert chosen.status_code == 503 and chosen["Retry-After"] == "5"


def test_session_cookie_is_httponly_lax_and_ends_with_the_browser(alice_login):
    cookie = alice_login.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]


@pytest.fixture
def alice_login(client, alice):
    from .conftest import PASSWORD

    client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    return client


def test_every_response_has_the_csp_and_security_headers(client, leader):
    for response in (client.get(reverse("accounts:login")), leader.client.get(PASSWORD_PAGE)):
        assert set(response["Content-Security-Policy"].split("; ")) == set(CSP.split("; "))
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_login_without_a_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "x"})
    assert response.status_code == 403


def test_static_files_are_served_without_collectstatic(client):
    response = client.get("/static/accounts/accounts.css")
    assert response.status_code == 200
    assert b"body.accounts" in b"".join(response.streaming_content)


def test_no_view_is_csrf_exempt():
    offenders = [p for p in SRC.rglob("*.py") if "csrf_exempt" in p.read_text(encoding="utf-8")]
    assert not offenders


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"javascript:", re.I),
]


def test_templates_have_no_inline_scripts_or_styles():
    """The CSP would block them anyway; this finds them before a browser does."""
    found = [
        f"{path.relative_to(SRC)}: {pattern.pattern}"
        for path in SRC.rglob("templates/**/*.html")
        for pattern in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found


SHOW = """
import json
from planwatch import settings as s
print(json.dumps({"secure": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
                  "proxy": getattr(s, "SECURE_PROXY_SSL_HEADER", None), "age": s.SESSION_COOKIE_AGE,
                  "lock": [s.LOCKOUT_ATTEMPTS, s.LOCKOUT_MINUTES], "min": s.PASSWORD_MIN_LENGTH}))
"""


def settings_with(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    clean.update(PLANWATCH_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True, env=clean)


def test_security_settings_come_from_the_environment(tmp_path):
    env = {
        "PLANWATCH_HTTPS": "true",
        "PLANWATCH_SESSION_MINUTES": "20",
        "PLANWATCH_LOCKOUT_ATTEMPTS": "3",
        "PLANWATCH_LOCKOUT_MINUTES": "60",
        "PLANWATCH_PASSWORD_MIN_LENGTH": "12",
    }
    shown = json.loads(settings_with(tmp_path, **env).stdout)
    assert shown == {
        "secure": [True, True],
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "age": 1200,
        "lock": [3, 60],
        "min": 12,
    }


def test_a_bad_number_stops_start_up_with_its_name(tmp_path):
    result = settings_with(tmp_path, PLANWATCH_LOCKOUT_ATTEMPTS="0")
    assert result.returncode != 0 and "PLANWATCH_LOCKOUT_ATTEMPTS" in result.stderr
