"""Logging in, and the lock-out after repeated failures (per account, unknown names alike)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from planwatch.accounts.models import Profile
from planwatch.audit.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
WRONG = "用户名或密码不正确"


def login(client: Client, username: str, password: str, url: str = LOGIN):
    return client.post(url, {"username": username, "password": password})


def page_text(response) -> str:
    return response.content.decode()


def without_token(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_login_page_is_chinese_and_has_a_csrf_token(client):
    text = page_text(client.get(LOGIN))
    assert "登录" in text and "csrfmiddlewaretoken" in text


def test_login_with_the_right_password_is_recorded(client, alice):
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert AuditEvent.objects.filter(action="login", actor=alice).count() == 1


def test_wrong_password_and_unknown_name_read_the_same(client, alice):
    wrong = page_text(login(client, "alice", "Wrong#pass123"))
    unknown = page_text(login(client, "nobody", "Wrong#pass123"))
    assert WRONG in wrong and WRONG in unknown
    assert without_token(wrong).replace("alice", "nobody") == without_token(unknown)


def test_five_failures_lock_the_account_until_the_time_is_up(client, alice, clock):
    for _ in range(4):
        assert WRONG in page_text(login(client, "alice", "Wrong#pass123"))
    assert "账号已锁定，请 15 分钟后再试" in page_text(login(client, "alice", "Wrong#pass123"))
    # Locked: even the right password is refused, and nothing more is counted.
    assert "账号已锁定，请 15 分钟后再试" in page_text(login(client, "alice", PASSWORD))
    clock.advance(minutes=10, seconds=30)
    assert "请 5 分钟后再试" in page_text(login(client, "alice", PASSWORD))
    clock.advance(minutes=5)
    assert login(client, "alice", PASSWORD).status_code == 302
    actions = list(AuditEvent.objects.filter(actor=alice).order_by("id").values_list("action", flat=True))
    assert actions == ["login_failed"] * 4 + ["lockout", "login"]


def test_a_success_resets_the_count(client, alice):
    for _ in range(4):
        login(client, "alice", "Wrong#pass123")
    assert login(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert WRONG in page_text(login(client, "alice", "Wrong#pass123"))
    assert Profile.objects.get(user=alice).locked_until is None


def test_unknown_names_lock_too_so_existence_is_not_revealed(client, db, settings):
    settings.LOCKOUT_ATTEMPTS = 3
    settings.LOCKOUT_MINUTES = 20
    for _ in range(2):
        assert WRONG in page_text(login(client, "ghost", "Wrong#pass123"))
    assert "账号已锁定，请 20 分钟后再试" in page_text(login(client, "ghost", "Wrong#pass123"))
    event = AuditEvent.objects.get(action="lockout")
    assert event.actor is None and event.actor_name == "未知用户名"


def test_a_name_that_is_no_account_is_never_stored_as_typed(client, db):
    from planwatch.accounts.models import UnknownLogin

    typed = "Secret#Pass2024"  # a password typed into the name field
    login(client, typed, "x"), login(client, typed, "y")
    rows = list(AuditEvent.objects.filter(action="login_failed").values("actor_name", "object_repr", "after"))
    assert len(rows) == 2 and all(typed not in repr(row) for row in rows)
    assert [r["actor_name"] for r in rows] == ["未知用户名", "未知用户名"]
    assert rows[0]["after"]["name_fingerprint"] == rows[1]["after"]["name_fingerprint"]  # same name
    assert len(rows[0]["after"]["name_fingerprint"]) == 12
    assert not UnknownLogin.objects.filter(username__contains="Secret").exists()
    assert UnknownLogin.objects.get().failed_logins == 2


def test_lockout_is_per_account(client, alice, settings, office):
    settings.LOCKOUT_ATTEMPTS = 2
    login(client, "office", "x"), login(client, "office", "x")
    assert login(client, "alice", PASSWORD).status_code == 302


def test_admin_login_is_locked_too(client, alice, settings):
    settings.LOCKOUT_ATTEMPTS = 2
    url = reverse("admin:login")
    login(client, "alice", "Wrong#pass123", url)
    assert "账号已锁定" in page_text(login(client, "alice", "Wrong#pass123", url))


def test_unlock_command_lifts_the_lock(client, alice, settings):
    settings.LOCKOUT_ATTEMPTS = 1
    login(client, "alice", "Wrong#pass123")
    call_command("users", "unlock", "alice", stdout=None)
    assert login(client, "alice", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="unlock", object_id=str(alice.pk)).exists()


def test_logout_is_post_only_and_recorded(alice):
    client = Client()
    client.force_login(alice)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=alice).exists()
