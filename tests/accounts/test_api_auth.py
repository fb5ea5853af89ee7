"""Bearer tokens and session auth for the django-ninja API."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import timezone
from ninja.security import SessionAuth

from planwatch.accounts import services
from planwatch.accounts.api_auth import API_AUTH, TokenAuth
from planwatch.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(leader):
    _, token = services.issue_token(actor=leader.user, user=leader.user)
    return token


def bearer(value: str):
    return RequestFactory().get("/api/v1/plans", headers={"Authorization": value})


def test_a_valid_token_names_its_user(token, leader):
    request = bearer(f"Bearer {token}")
    assert TokenAuth()(request) == leader.user and request.user == leader.user
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer pw_wrong", "Basic abc", "Token pw_x"])
def test_missing_or_wrong_tokens_name_nobody(token, header):
    assert TokenAuth()(bearer(header)) is None


def test_revoked_tokens_and_inactive_users_are_refused(token, leader):
    row = ApiToken.objects.get()
    services.revoke_token(actor=leader.user, token=row)
    assert row.revoked and TokenAuth()(bearer(f"Bearer {token}")) is None
    _, fresh = services.issue_token(actor=leader.user, user=leader.user)
    leader.user.is_active = False
    leader.user.save()
    assert TokenAuth()(bearer(f"Bearer {fresh}")) is None


def test_last_used_is_written_at_most_once_a_minute(token, django_assert_num_queries):
    ApiToken.objects.update(last_used_at=timezone.now())
    with django_assert_num_queries(1):
        TokenAuth()(bearer(f"Bearer {token}"))


def test_the_api_accepts_tokens_and_sessions():
    assert [type(a) for a in API_AUTH] == [TokenAuth, SessionAuth]


def _login_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_password_change_revokes_the_users_tokens(alice):
    from .conftest import PASSWORD

    _, token = services.issue_token(actor="test", user=alice)
    assert TokenAuth()(bearer(f"Bearer {token}")) == alice
    page = _login_client(alice).post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Qz8$newsecret", "new_password2": "Qz8$newsecret"},
    )
    assert page.status_code == 302
    assert TokenAuth()(bearer(f"Bearer {token}")) is None
    assert ApiToken.objects.get().revoked_at is not None


def test_an_admin_reset_revokes_the_users_tokens(alice, office):
    from django.urls import reverse

    _, token = services.issue_token(actor="test", user=alice)
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    page = office.client.post(url, {"password1": "Rt5%resetpass", "password2": "Rt5%resetpass"})
    assert page.status_code == 302, page.content.decode()[-1500:]
    assert TokenAuth()(bearer(f"Bearer {token}")) is None
    from planwatch.audit.models import AuditEvent

    assert list(AuditEvent.objects.filter(action__in=["password_set", "token_revoke"])
                .order_by("pk").values_list("action", flat=True)) == ["password_set", "token_revoke"]  # fmt: skip
