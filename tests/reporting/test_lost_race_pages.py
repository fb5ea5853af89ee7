"""A page's write that loses to a concurrent request on a unique constraint answers a Chinese 409
page in the site's layout, never the 500 page, and saves nothing of the request.

The race is made deterministic: just before the request's first INSERT into the contested
table, `lost_race` stores the equal row a concurrent request would have committed in between
(on the request's own connection, inside its transaction — which the view then rolls back, so
the test checks that nothing of the request remains, the competitor included).
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.db import connection
from django.urls import reverse

from planwatch.indicators.models import Observation
from planwatch.indicators.sqlwrite import Statement
from planwatch.reporting.models import Submission
from planwatch.reporting.services.submissions import rule_for, save_submission
from planwatch.reporting.services.validation import Figure
from planwatch.units.models import Unit

from .conftest import TODAY, enter, fill_workbook

RACE = "数据刚刚被他人同时修改，本次未保存任何内容；请刷新后查看"


@contextmanager
def lost_race(table: str, competitor):
    """Run ``competitor()`` right before the first INSERT into ``table``; yields whether it ran."""
    state = {"ran": False}

    def before(sql: str) -> None:
        if not state["ran"] and sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            state["ran"] = True
            competitor()

    def wrapper(execute, sql, params, many, context):
        before(sql)
        return execute(sql, params, many, context)

    # Bulk writes on PostgreSQL run their INSERT as a COPY beside Django's cursor (sqlwrite.py),
    # out of the wrapper's sight: the competitor is run before such a statement too.
    prepared = Statement.run

    def run(statement, later=None):
        if statement.params:
            before(statement.sql)
        return prepared(statement, later)

    with connection.execute_wrapper(wrapper), patch.object(Statement, "run", run):
        yield state


def assert_conflict_page(response) -> None:
    page = response.content.decode()
    assert response.status_code == 409, page[-2000:]
    assert RACE in page and "对方的先保存了" in page
    assert 'class="brand"' in page  # the site's layout, not a bare error


def _observation(indicator, period: str):
    return lambda: enter(indicator, period, 1)


def test_indicator_page_entry_that_loses_the_race_answers_409(cycle, office):
    indicator = cycle.own.indicator
    before = Observation.objects.filter(indicator=indicator).count()
    data = {"period": "2024", "value": "120", "source": "区统计局", "reason": "补录"}
    with lost_race("indicators_observation", _observation(indicator, "2024")) as race:
        response = office.client.post(f"/indicators/{indicator.pk}/observations/", data)
    assert race["ran"]
    assert_conflict_page(response)
    assert Observation.objects.filter(indicator=indicator).count() == before


def test_approval_whose_figure_was_just_entered_elsewhere_answers_409(cycle, office, reporter):
    indicator = cycle.own.indicator
    sub = save_submission(actor=reporter.user, rule=rule_for(indicator=indicator), period="2025Q4",
                          figure=Figure(Decimal("110"), "亿元", "区统计局", "", ""), on=TODAY)  # fmt: skip
    url = reverse("reporting:review_action", args=["submission", sub.pk, "approve"])
    with lost_race("indicators_observation", _observation(indicator, "2025Q4")) as race:
        response = office.client.post(url)
    assert race["ran"]
    assert_conflict_page(response)
    sub.refresh_from_db()
    assert (sub.status, sub.locked, sub.observation_id) == ("submitted", False, None)
    assert not Observation.objects.filter(indicator=indicator, period="2025Q4").exists()


@pytest.mark.parametrize("page", ["calendar", "responsibilities"])
def test_registering_a_unit_registered_a_moment_earlier_answers_409(cycle, office, page):
    plan = cycle.plan
    url, data = {
        "calendar": (reverse("reporting:calendar", args=[plan.pk]), {"action": "unit", "name": "区新设服务中心"}),
        "responsibilities": (f"/responsibilities/{plan.pk}/", {"action": "register", "name": "区新设服务中心"}),
    }[page]
    units = Unit.objects.count()
    with lost_race("units_unit", lambda: Unit.objects.create(name="区新设服务中心")) as race:
        response = office.client.post(url, data)
    assert race["ran"]
    assert_conflict_page(response)
    assert Unit.objects.count() == units


def test_a_unit_item_saved_twice_at_once_answers_409_on_its_own_form(cycle, reporter):
    """The 待报送 item's own answer (reporting/views/items.py): the form again, with the reason."""
    rule = cycle.rules[cycle.own.indicator.pk]
    prefix = f"i{rule.pk}-2025Q4"
    data = {"action": "submit", f"{prefix}-value": "110", f"{prefix}-unit": "亿元", f"{prefix}-source": "快报"}

    def competitor():
        save_submission(actor=reporter.user, rule=rule, period="2025Q4",
                        figure=Figure(Decimal("99"), "亿元", "区统计局", "", ""), on=TODAY)  # fmt: skip

    with lost_race("reporting_submission", competitor) as race:
        response = reporter.client.post(reverse("reporting:item_save", args=[rule.pk, "2025Q4"]), data)
    assert race["ran"]
    assert response.status_code == 409
    assert "刚刚由他人同时报送" in response.content.decode()
    assert not Submission.objects.filter(indicator=cycle.own.indicator, period="2025Q4").exists()


def test_a_workbook_upload_that_loses_to_an_equal_submission_changes_nothing(cycle, reporter, reporter_unit):
    """The workflow turns the lost INSERT into its refusal: the upload page lists it (400, as
    every refused workbook), nothing of the workbook is stored."""
    from .test_excel import download, upload

    indicator = cycle.own.indicator
    content = fill_workbook(download(reporter, cycle, reporter_unit), {indicator.pk: {"value": 110, "unit": "亿元"}})

    def competitor():
        save_submission(actor=reporter.user, rule=rule_for(indicator=indicator), period="2025Q4",
                        figure=Figure(Decimal("99"), "亿元", "区统计局", "", ""), on=TODAY)  # fmt: skip

    with lost_race("reporting_submission", competitor) as race:
        response = upload(reporter, cycle, reporter_unit, content)
    assert race["ran"]
    assert response.status_code == 400
    assert "刚刚由他人同时报送" in response.content.decode()
    assert not Submission.objects.filter(indicator=indicator).exists()


def test_the_admin_adding_a_unit_added_a_moment_earlier_answers_409(db, office):
    units = Unit.objects.count()
    with lost_race("units_unit", lambda: Unit.objects.create(name="区新设服务中心")) as race:
        response = office.client.post(reverse("admin:units_unit_add"), {
            "name": "区新设服务中心", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"})  # fmt: skip
    assert race["ran"], response.content.decode()[-1500:]
    assert_conflict_page(response)
    assert Unit.objects.count() == units
