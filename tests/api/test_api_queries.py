"""API queries do not grow with the data (the lesson of Akvo RSR's 1,300-query page): each list
endpoint runs the same number of SQL queries for the three-article test plan as for the seed
plan with demo data and a second plan beside it, and stays under a fixed bound."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import enter, get

pytestmark = pytest.mark.django_db


def bound(path: str) -> int:
    """At most this many queries: 6 are the session, the user, its profile and the session save;
    an evaluation first reads the plan's data version (one query) to find its cached result,
    and after computing reads it again (never a mix of two states)."""
    return 17 if path.endswith("/evaluation") else 16


def run(client, path: str, **params) -> list[str]:
    """The SQL the request ran (the start of each statement)."""
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, path, **params)
    assert response.status_code == 200, (path, response.content[:300])
    return [q["sql"][:90] for q in ctx.captured_queries]


def paths(plan, unit, article, indicator) -> list[tuple[str, dict]]:
    big = {"limit": 1000}
    return [
        ("/plans", big),
        (f"/plans/{plan.name}", {}),
        (f"/plans/{plan.name}/chapters", {}),
        (f"/plans/{plan.name}/articles", big),
        (f"/plans/{plan.name}/articles", {"q": "发展", **big}),
        (f"/articles/{article.pk}", {}),
        ("/units", {"plan": plan.name, **big}),
        (f"/units/{unit.pk}", {"plan": plan.name}),
        ("/indicators", {"plan": plan.name, **big}),
        (f"/indicators/{indicator.pk}", {}),
        (f"/indicators/{indicator.pk}/observations", {"with_revisions": 1, **big}),
        (f"/plans/{plan.name}/evaluation", {}),
        (f"/plans/{plan.name}/rollup", {}),
        (f"/indicators/{indicator.pk}/chart", {}),
    ]


def busiest(plan, reporter_unit):
    """The reporter unit's article with the most indicators, and its indicator with the most data."""
    from django.db.models import Count

    from planwatch.plans.models import Article

    article = (
        Article.objects.filter(plan=plan, unit_links__unit=reporter_unit)
        .annotate(n=Count("indicators"))
        .order_by("-n", "pk")
        .first()
    )
    indicator = article.indicators.annotate(n=Count("observations")).order_by("-n", "pk").first()
    return article, indicator


@pytest.fixture
def big(seed_plan, reporter_unit):
    """The seed plan with demo data, a second copy of it beside it, and corrections on top."""
    from django.core.management import call_command

    from planwatch.indicators.services import replace_demo_data

    from .conftest import SEED

    call_command("import_plan", str(SEED), name="copy", stdout=StringIO())
    for plan in (seed_plan, seed_plan.__class__.objects.get(name="copy")):
        replace_demo_data(actor=None, plan=plan, seed=7, as_of=date(2025, 6, 30))
    article, indicator = busiest(seed_plan, reporter_unit)
    for n in range(3):
        stored = indicator.observations.order_by("period_key").first()
        enter(indicator, stored.period, float(stored.value) + n + 1, reason=f"更正{n}")
    return seed_plan, article, indicator


@pytest.mark.parametrize("role", ["office", "reporter"])
def test_queries_do_not_grow_with_the_data(role, actor, small_plan, big, reporter_unit):
    client = actor(role).client
    plan, article, indicator = big
    small_plan.own.article.text = "推动经济高质量发展"  # so the search finds something in both plans
    small_plan.own.article.save()
    enter(small_plan.own.indicator, "2024", 1)  # one figure, so its revisions are fetched too
    small = paths(small_plan.plan, reporter_unit, small_plan.own.article, small_plan.own.indicator)
    large = paths(plan, reporter_unit, article, indicator)
    for (small_path, small_params), (large_path, large_params) in zip(small, large, strict=True):
        few = run(client, small_path, **small_params)
        many = run(client, large_path, **large_params)
        assert len(few) == len(many), (role, large_path, few, many)
        assert len(many) <= bound(large_path), (role, large_path, many)


def test_the_big_lists_really_are_big(office, big):
    plan, _, indicator = big
    assert get(office.client, "/indicators", plan=plan.name, limit=1000).json()["count"] > 30
    assert get(office.client, f"/plans/{plan.name}/articles", limit=1000).json()["count"] > 30
    assert get(office.client, f"/indicators/{indicator.pk}/observations").json()["count"] >= 3
