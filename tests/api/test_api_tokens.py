"""Scripts call the API with `Authorization: Bearer <token>`: the token's user and role decide,
a revoked or unknown token gets 401, and a token needs no CSRF token for writes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .conftest import url

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_reporters_token_sees_what_the_reporter_sees(token_for, reporter, small_plan):
    client, token = Client(), token_for(reporter.user)
    own = client.get(url(f"/indicators/{small_plan.own.indicator.pk}"), headers=bearer(token))
    other = client.get(url(f"/indicators/{small_plan.other.indicator.pk}"), headers=bearer(token))
    assert own.status_code == 200 and other.status_code == 403
    listed = client.get(url("/indicators"), headers=bearer(token)).json()
    assert [i["name"] for i in listed["items"]] == ["指标1", "指标2"]


def test_an_office_token_writes_without_csrf(token_for, office, small_plan):
    client = Client(enforce_csrf_checks=True)
    body = json.dumps({"indicator": small_plan.own.indicator.pk, "period": "2024", "value": 42})
    response = client.post(
        url("/observations"), body, content_type="application/json", headers=bearer(token_for(office.user))
    )
    assert response.status_code == 201 and response.json()["entered_by"] == "office"


def test_a_leaders_token_cannot_write(token_for, leader, small_plan):
    body = json.dumps({"indicator": small_plan.own.indicator.pk, "period": "2024", "value": 42})
    response = Client().post(
        url("/observations"), body, content_type="application/json", headers=bearer(token_for(leader.user))
    )
    assert response.status_code == 403


def test_revoked_unknown_and_inactive_tokens_are_refused(token_for, leader, small_plan):
    from planwatch.accounts.models import ApiToken
    from planwatch.accounts.services import revoke_token

    client, token = Client(), token_for(leader.user)
    assert client.get(url("/plans"), headers=bearer(token)).status_code == 200
    revoke_token(actor=leader.user, token=ApiToken.objects.get(user=leader.user))
    refused = client.get(url("/plans"), headers=bearer(token))
    assert refused.status_code == 401 and "令牌" in refused.json()["detail"]
    assert client.get(url("/plans"), headers=bearer("pw_not-a-token")).status_code == 401
    fresh = token_for(leader.user)
    leader.user.is_active = False
    leader.user.save()
    assert client.get(url("/plans"), headers=bearer(fresh)).status_code == 401


def test_a_revoked_token_cannot_write_either(token_for, office, small_plan):
    from planwatch.accounts.models import ApiToken
    from planwatch.accounts.services import revoke_token

    token = token_for(office.user)
    revoke_token(actor=office.user, token=ApiToken.objects.get(user=office.user))
    body = json.dumps({"indicator": small_plan.own.indicator.pk, "period": "2024", "value": 42})
    response = Client(enforce_csrf_checks=True).post(
        url("/observations"), body, content_type="application/json", headers=bearer(token)
    )
    assert response.status_code == 401


def test_no_credentials_is_401_with_a_chinese_hint(db):
    response = Client().get(url("/plans"))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "未登录或 API 令牌无效：请先登录，或在请求头中提供 Authorization: Bearer <令牌>"
    }
