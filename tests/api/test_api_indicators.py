"""Indicators through the API: fields the units' scripts rely on, filters, the plan parameter,
and a reporter refused (403) another unit's indicator."""

from __future__ import annotations

import pytest

from .conftest import enter, get

pytestmark = pytest.mark.django_db


def listed(actor, **params) -> list[str]:
    response = get(actor.client, "/indicators", **params)
    assert response.status_code == 200, response.content
    return [i["name"] for i in response.json()["items"]]


def test_an_indicator_has_article_units_and_targets(leader, small_plan):
    [first, shared, _] = get(leader.client, "/indicators").json()["items"]
    assert shared["id"] == small_plan.shared.indicator.pk and shared["name"] == "指标2"
    assert shared["article"] == {
        "id": small_plan.shared.article.pk,
        "number": 2,
        "label": "",
        "title": "条目2",
    }
    assert shared["units"] == ["区科技局", "区发展改革局"]
    assert shared["lead_units"] == ["区科技局"]
    assert (shared["kind"], shared["frequency"], shared["frequency_label"]) == ("stock", "year", "年")
    [target] = shared["targets"]
    assert (target["value"], target["year"], target["basis"]) == (200, 2025, "level")
    assert first["units"] == ["区发展改革局"]


def test_a_reporter_lists_its_units_indicators(reporter, other_reporter, small_plan):
    assert listed(reporter) == ["指标1", "指标2"]
    assert listed(other_reporter) == ["指标2", "指标3"]


def test_filters_by_unit_and_article(office, small_plan, other_unit):
    assert listed(office, unit="区科技局") == ["指标2", "指标3"]
    assert listed(office, unit=str(other_unit.pk)) == ["指标2", "指标3"]
    assert listed(office, article=small_plan.own.article.pk) == ["指标1"]


def test_the_plan_is_required_once_there_are_several(office, small_plan):
    from planwatch.plans.models import Plan

    Plan.objects.create(name="second-plan")
    response = get(office.client, "/indicators")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "plan"] and "?plan=" in error["msg"]
    assert listed(office, plan="small-plan") == ["指标1", "指标2", "指标3"]
    assert listed(office, plan="second-plan") == []
    assert get(office.client, "/indicators", plan="nope").status_code == 404


def test_one_indicator_with_its_latest_figure(reporter, small_plan):
    indicator = small_plan.own.indicator
    enter(indicator, "2023", 80)
    enter(indicator, "2024Q2", 55.5)
    body = get(reporter.client, f"/indicators/{indicator.pk}").json()
    assert body["plan"] == {"id": small_plan.plan.pk, "name": "small-plan", "title": "测试行动计划"}
    assert body["latest"] == {"period": "2024Q2", "value": 55.5}
    assert body["observation_count"] == 2 and body["is_derived"] is False


def test_a_reporter_gets_403_for_another_units_indicator(reporter, small_plan):
    response = get(reporter.client, f"/indicators/{small_plan.other.indicator.pk}")
    assert response.status_code == 403
    assert response.json() == {"detail": "无权进行此操作"}
    assert (
        get(reporter.client, f"/indicators/{small_plan.other.indicator.pk}/observations").status_code == 403
    )


def test_seed_plan_indicators_for_a_reporter(reporter, office, seed_plan):
    mine = get(reporter.client, "/indicators", plan=seed_plan.name, limit=1000).json()
    everything = get(office.client, "/indicators", plan=seed_plan.name, limit=1000).json()
    assert 0 < mine["count"] < everything["count"]
    assert all("区发展改革局" in i["units"] for i in mine["items"])
