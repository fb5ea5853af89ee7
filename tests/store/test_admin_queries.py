"""Every admin change list costs the same number of queries for 3 rows as for 23 (no N+1).

The loop runs over the admin site's registry, so a model registered later is measured too; its
rows come from model_bakery (each row with its own related rows, the worst case for N+1), with
the few fields the database constrains given below.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from model_bakery import baker

pytestmark = pytest.mark.django_db

MORE = 20


def _rule(n: int):
    """A rule for an indicator or, every other row, for an article's progress (never both)."""
    if n % 2:
        return baker.make("reporting.ReportingRule", article=None, _fill_optional=True)
    return baker.make("reporting.ReportingRule", indicator=None, _fill_optional=True)


# Fields the database or the model's own methods constrain: a period code, one of two links.
OVERRIDES = {
    "indicators.observation": lambda n: {"period": str(2000 + n)},
    "reporting.reportingrule": lambda n: {"indicator": None} if n % 2 else {"article": None},
    "reporting.submission": lambda n: {"period": "2024", "period_key": 2024},
    "reporting.articlereport": lambda n: {"period": "2024", "period_key": 2024},
    "reporting.reminderlog": lambda n: {"period": "2024", "rule": _rule(n)},
}


def make_rows(model, count: int) -> None:
    """`count` rows, every optional field filled, each row with its own related rows."""
    overrides = OVERRIDES.get(model._meta.label_lower, lambda n: {})
    for n in range(count):
        baker.make(model, _fill_optional=True, **overrides(n))


def changelist_queries(client, model) -> int:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_change_list_queries_do_not_grow_with_rows(admin_client, model):
    make_rows(model, 3)
    few = changelist_queries(admin_client, model)
    make_rows(model, MORE)
    many = changelist_queries(admin_client, model)
    assert model.objects.count() >= 3 + MORE
    assert many == few, f"{model._meta.label}: {few} queries for 3 rows, {many} for {3 + MORE}"
