"""Root test configuration.

The data directory is set by the early plugin `tests/testenv.py`. The database under test is
Django's test database: SQLite by default, PostgreSQL when PLANWATCH_DATABASE_URL names one
(pytest-django creates test_<name>).

A ready user per role (DESIGN §9), each fixture an `Actor(client, user)` whose client is logged
in: `office`, `reporter` (of `reporter_unit`, 区发展改革局), `other_reporter` (of `other_unit`,
区科技局), `leader`, `auditor`, and `anonymous` (a fresh client, AnonymousUser). Both units are
names the seed plan uses, so a test that also imports the seed gets them linked to its articles.
The users have no usable password (force_login; no hashing cost) and need no password change;
their sessions' idle expiry is not pushed on during a test (`_session_pushed_on_at_login_only`).

`small_plan` is a three-article plan for permission tests: `own` is led by the reporter's unit,
`shared` is led by the other unit with the reporter's unit co-operating, `other` belongs to the
other unit alone; each article has one indicator with one target and one milestone.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, NamedTuple

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client

REPORTER_UNIT = "区发展改革局"
OTHER_UNIT = "区科技局"


class Actor(NamedTuple):
    """A logged-in test client and its user: `client, user = office` or `office.client`."""

    client: Client
    user: Any


def make_user(username: str, role: str, unit=None):
    """A user with a role (and unit), no usable password, no forced password change."""
    from planwatch.accounts.models import Profile

    user = get_user_model().objects.create_user(username=username, password=None)
    Profile.objects.create(user=user, role=role, unit=unit)
    return user


def logged_in(user) -> Actor:
    client = Client()
    client.force_login(user)
    return Actor(client, user)


@pytest.fixture(autouse=True)
def _session_pushed_on_at_login_only(settings):
    """A page pushes the session's idle expiry on (a write) at most once a minute
    (planwatch.busy.SessionMiddleware); here not at all after the login, so a test's query
    counts do not depend on how long it runs. tests/accounts/test_sessions_and_headers.py sets
    the real interval back."""
    settings.SESSION_REFRESH_SECONDS = 24 * 3600


@pytest.fixture
def reporter_unit(db):
    from planwatch.units.services import resolve_unit

    return resolve_unit(REPORTER_UNIT)


@pytest.fixture
def other_unit(db):
    from planwatch.units.services import resolve_unit

    return resolve_unit(OTHER_UNIT)


@pytest.fixture
def office(db) -> Actor:
    return logged_in(make_user("office", "office"))


@pytest.fixture
def reporter(reporter_unit) -> Actor:
    return logged_in(make_user("reporter", "reporter", reporter_unit))


@pytest.fixture
def other_reporter(other_unit) -> Actor:
    return logged_in(make_user("other_reporter", "reporter", other_unit))


@pytest.fixture
def leader(db) -> Actor:
    return logged_in(make_user("leader", "leader"))


@pytest.fixture
def auditor(db) -> Actor:
    return logged_in(make_user("auditor", "auditor"))


@pytest.fixture
def anonymous() -> Actor:
    return Actor(Client(), AnonymousUser())


@pytest.fixture
def small_plan(reporter_unit, other_unit) -> SimpleNamespace:
    """plan, chapter, and per article key (own, shared, other): article, indicator, target, milestone."""
    from planwatch.indicators.models import Indicator, Target
    from planwatch.plans.models import Article, Plan
    from planwatch.units.models import ArticleUnit

    plan = Plan.objects.create(name="small-plan", title="测试行动计划", period_start=2023, period_end=2025)
    chapter = plan.chapters.create(number=1, title="重点任务")
    rows = SimpleNamespace(plan=plan, chapter=chapter)
    links = {
        "own": [(reporter_unit, "lead")],
        "shared": [(other_unit, "lead"), (reporter_unit, "co")],
        "other": [(other_unit, "lead")],
    }
    for number, (key, units) in enumerate(links.items(), start=1):
        article = Article.objects.create(
            plan=plan, chapter=chapter, number=number, title=f"条目{number}", position=number
        )
        for position, (unit, role) in enumerate(units):
            ArticleUnit.objects.create(article=article, unit=unit, role=role, position=position)
        indicator = Indicator.objects.create(plan=plan, article=article, name=f"指标{number}")
        target = Target.objects.create(indicator=indicator, value=100 * number, year=2025)
        milestone = article.milestones.create(text=f"到2025年完成任务{number}", year=2025)
        setattr(
            rows,
            key,
            SimpleNamespace(article=article, indicator=indicator, target=target, milestone=milestone),
        )
    return rows
