"""Helpers for the JSON API tests: URLs, JSON requests per role, tokens, the seed plan.

`actor(name)` gives the role fixtures of tests/conftest.py by name (office, reporter,
other_reporter, leader, auditor, anonymous), so a test can walk all of them.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "plans" / "shizhong-2023-2025.txt"
ROLES = ("office", "reporter", "other_reporter", "leader", "auditor", "anonymous")


def url(path: str) -> str:
    return "/api/v1" + path


def get(client, path: str, **params):
    return client.get(url(path), params)


def send(client, method: str, path: str, body: dict, **headers):
    call = getattr(client, method.lower())
    return call(url(path), data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def actor(request):
    """`actor("reporter")` → the Actor fixture of that role."""
    return request.getfixturevalue


@pytest.fixture
def seed_plan(db, reporter_unit, other_unit):
    """The seed plan (shizhong-2023-2025), imported as the office would; its units include both
    test units, so reporters see their articles in it."""
    from planwatch.plans.models import Plan

    if not SEED.exists():
        pytest.fail(f"seed plan missing: {SEED} (../shared must sit beside the repository)")
    call_command("import_plan", str(SEED), name="shizhong-2023", stdout=StringIO())
    return Plan.objects.get(name="shizhong-2023")


@pytest.fixture
def token_for(db):
    """`token_for(user)` → a fresh API token for the user (issued by the accounts service)."""
    from planwatch.accounts.services import issue_token

    def issue(user) -> str:
        _, token = issue_token(actor="test", user=user)
        return token

    return issue


def enter(indicator, period: str, value, **kw):
    """Store one figure through the indicators service (as a data load would)."""
    from decimal import Decimal

    from planwatch.indicators.observations import enter_observation

    return enter_observation(actor=None, indicator=indicator, period=period, value=Decimal(str(value)), **kw)
