"""Queries per page stay bounded: the unit page and the review queue cost the same with three
indicators or thirty (the lesson of Akvo RSR's 1,300-query results page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planwatch.reporting.services.calendar import sync_rules
from planwatch.reporting.services.submissions import rule_for, save_submission
from planwatch.reporting.services.validation import Figure

from .conftest import enter


def grow(cycle, n: int) -> None:
    from planwatch.indicators.models import Indicator

    start, created = Indicator.objects.filter(plan=cycle.plan).count(), []
    for i in range(n):
        indicator = Indicator.objects.create(
            plan=cycle.plan, article=cycle.own.article, name=f"新增指标{start + i}", measure_unit="个",
            frequency="quarter", position=start + i,
        )  # fmt: skip
        enter(indicator, "2025Q3", 10)
        created.append(indicator)
    sync_rules(actor="test", plan=cycle.plan)
    for indicator in created:
        save_submission(actor="test", rule=rule_for(indicator=indicator), period="2025Q4",
                        figure=Figure(Decimal(11)), submit=indicator.pk % 2 == 0)  # fmt: skip


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["unit", "review", "home"])
def test_queries_do_not_grow_with_indicators(cycle, reporter, office, reporter_unit, page):
    client = reporter.client if page == "unit" else office.client
    url = {"unit": reverse("reporting:unit", args=[reporter_unit.pk]), "review": reverse("reporting:review"),
           "home": reverse("reporting:home")}[page]  # fmt: skip
    grow(cycle, 2)
    few = count(client, url)
    grow(cycle, 20)
    assert count(client, url) == few
