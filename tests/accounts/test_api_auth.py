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
