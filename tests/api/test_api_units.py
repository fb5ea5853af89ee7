"""Responsible units through the API: a reporter sees its own unit only; articles per unit and plan."""

from __future__ import annotations

import pytest

from .conftest import get

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [u["name"] for u in response.json()["items"]]


def test_units_listed_for_the_office_and_own_unit_for_a_reporter(office, reporter, small_plan):
    from planwatch.units.models import Unit

    Unit.objects.create(name="区教育局")
    assert names(get(office.client, "/units")) == sorted(["区发展改革局", "区科技局", "区教育局"])
    assert names(get(reporter.client, "/units")) == ["区发展改革局"]


def test_units_of_a_plan_with_their_article_counts(leader, small_plan):
    from planwatch.units.models import Unit

    Unit.objects.create(name="区教育局")  # in no article of the plan
    items = get(leader.client, "/units", plan="small-plan").json()["items"]
    assert {u["name"]: u["article_count"] for u in items} == {"区发展改革局": 2, "区科技局": 2}


def test_a_unit_with_its_articles_and_roles(leader, small_plan, other_unit):
    body = get(leader.client, f"/units/{other_unit.pk}", plan="small-plan").json()
    assert body["name"] == "区科技局" and body["article_count"] == 2
    rows = [(a["title"], a["role"], a["plan"]["name"]) for a in body["articles"]]
    assert rows == [("条目2", "lead", "small-plan"), ("条目3", "lead", "small-plan")]
    assert body["articles"][0]["indicators"][0]["name"] == "指标2"


def test_a_unit_by_name_alias_or_id(office, small_plan, reporter_unit):
    from planwatch.units.models import UnitAlias

    UnitAlias.objects.create(alias="发改局", unit=reporter_unit)
    by_id = get(office.client, f"/units/{reporter_unit.pk}").json()
    assert get(office.client, "/units/区发展改革局").json() == by_id
    assert get(office.client, "/units/发改局").json() == by_id
    assert by_id["aliases"] == ["发改局"]


def test_another_unit_is_forbidden_for_a_reporter(reporter, other_unit, small_plan):
    response = get(reporter.client, f"/units/{other_unit.pk}")
    assert response.status_code == 403 and response.json()["detail"] == "无权进行此操作"


def test_an_unknown_unit_is_404(office, db):
    response = get(office.client, "/units/不存在的局")
    assert response.status_code == 404 and response.json()["detail"] == "未找到责任单位：不存在的局"


def test_seed_plan_units(leader, seed_plan, reporter_unit):
    body = get(leader.client, f"/units/{reporter_unit.pk}", plan=seed_plan.name).json()
    assert body["article_count"] >= 3
    assert {a["plan"]["name"] for a in body["articles"]} == {seed_plan.name}
