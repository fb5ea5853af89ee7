"""Evaluation through the API: the same objects as `planwatch evaluate --format json`, narrowed
to what a reporter may see or to one unit; roll-ups and chart data from the same results."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from planwatch.indicators import evaluation

from .conftest import enter, get, send

pytestmark = pytest.mark.django_db


def command_json(plan, as_of: str) -> list[dict]:
    out = StringIO()
    call_command("evaluate", plan=plan.name, as_of=as_of, format="json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def figures(small_plan):
    enter(small_plan.own.indicator, "2022", 50)  # the base year (the plan starts in 2023)
    enter(small_plan.own.indicator, "2023", 60)
    enter(small_plan.own.indicator, "2024", 90)
    enter(small_plan.other.indicator, "2024", 310)
    return small_plan


def test_the_same_objects_as_the_evaluate_command(leader, figures):
    body = get(leader.client, "/plans/small-plan/evaluation", as_of="2025-03-31").json()
    assert body == command_json(figures.plan, "2025-03-31")
    assert [row["indicator"] for row in body] == ["指标1", "指标2", "指标3"]


def test_the_seed_plan_evaluates_like_the_command(office, seed_plan):
    body = get(office.client, f"/plans/{seed_plan.name}/evaluation", as_of="2025-06-30").json()
    assert body == command_json(seed_plan, "2025-06-30") and len(body) > 20


def test_a_reporter_gets_its_units_targets_only(reporter, figures):
    rows = get(reporter.client, "/plans/small-plan/evaluation").json()
    assert [row["indicator"] for row in rows] == ["指标1", "指标2"]
    rollup = get(reporter.client, "/plans/small-plan/rollup").json()
    assert sum(rollup["by_status"].values()) == 2


def test_narrowed_to_one_unit(office, figures, other_unit):
    rows = get(office.client, "/plans/small-plan/evaluation", unit="区科技局").json()
    assert [row["indicator"] for row in rows] == ["指标2", "指标3"]
    assert get(office.client, "/plans/small-plan/evaluation", unit="不存在").status_code == 404


def test_the_rollup_counts_the_listed_targets(office, figures):
    rows = get(office.client, "/plans/small-plan/evaluation", as_of="2025-03-31").json()
    rollup = get(office.client, "/plans/small-plan/rollup", as_of="2025-03-31").json()
    assert rollup == json.loads(json.dumps(evaluation.rollup(rows)))
    assert sum(rollup["by_status"].values()) == len(rows) == 3
    assert [c["chapter"] for c in rollup["by_chapter"]] == [1]


def test_a_bad_date_is_refused_in_chinese(office, figures):
    response = get(office.client, "/plans/small-plan/evaluation", as_of="2025-13-01")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "评估日期：日期格式应为 YYYY-MM-DD"


def test_the_chart_follows_a_value_the_office_changes(office, figures):
    indicator = figures.own.indicator
    before = get(office.client, f"/indicators/{indicator.pk}/chart", as_of="2025-03-31").json()
    assert [(p["period"], p["value"]) for p in before["series"]] == [("2022", 50), ("2023", 60), ("2024", 90)]
    assert before["target"]["value"] == 100 and before["explanation"]
    stored = indicator.observations.get(period="2024")
    changed = send(office.client, "patch", f"/observations/{stored.pk}", {"value": 100, "reason": "更正"})
    assert changed.status_code == 200
    after = get(office.client, f"/indicators/{indicator.pk}/chart", as_of="2025-03-31").json()
    assert after["series"][-1]["value"] == 100
    assert after["status"] == "achieved" and after["status"] != before["status"]
