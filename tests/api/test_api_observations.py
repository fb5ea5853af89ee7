"""Indicator data through the API: the series with its history, and the office entering and
correcting figures — each change with its revision row and audit event, or nothing at all."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .conftest import enter, get, send, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp(small_plan):
    """The own article's indicator as 地区生产总值 in 亿元, with a derived twice-its-value indicator."""
    from planwatch.indicators.models import Indicator

    indicator = small_plan.own.indicator
    indicator.name, indicator.measure_unit, indicator.code = "地区生产总值", "亿元", "gdp"
    indicator.save()
    Indicator.objects.create(
        plan=small_plan.plan, article=indicator.article, name="两倍", measure_unit="亿元", formula="gdp * 2"
    )
    return indicator


def post(actor, **body):
    return send(actor.client, "post", "/observations", body)


def patch(actor, pk, **body):
    return send(actor.client, "patch", f"/observations/{pk}", body)


def events(action: str):
    """Audit events on observations by a user (the fixtures' own entries have no user)."""
    from planwatch.audit.models import AuditEvent

    rows = AuditEvent.objects.filter(object_type="indicators.observation", action=action)
    return list(rows.exclude(actor=None))


def test_the_series_in_time_order_with_revisions(reporter, gdp):
    enter(gdp, "2024", 1200)
    enter(gdp, "2023", 1100, source="统计公报")
    enter(gdp, "2023", 1105, source="统计公报", reason="更正")
    plain = get(reporter.client, f"/indicators/{gdp.pk}/observations").json()
    assert [(o["period"], o["value"]) for o in plain["items"]] == [("2023", 1105), ("2024", 1200)]
    assert plain["items"][0]["revisions"] is None and plain["items"][0]["period_label"] == "2023年"
    history = get(reporter.client, f"/indicators/{gdp.pk}/observations", with_revisions=1).json()
    revisions = history["items"][0]["revisions"]
    assert [(r["old_value"], r["new_value"], r["reason"]) for r in revisions] == [
        (None, 1100, "手工录入"),
        (1100, 1105, "更正"),
    ]


def test_the_office_enters_a_figure_with_revision_and_audit(office, gdp):
    from planwatch.indicators.models import Observation

    response = post(office, indicator=gdp.pk, period="2024q2", value="6523.5", unit="", source="区统计局")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["period"], body["value"], body["measure_unit"]) == ("2024Q2", 6523.5, "亿元")
    assert body["entered_by"] == "office" and body["status"] == "approved"
    [revision] = Observation.objects.get(pk=body["id"]).revisions.all()
    assert revision.actor == office.user and revision.old_value is None and revision.reason == "接口录入"
    [event] = events("create")
    assert event.actor == office.user and event.object_id == str(body["id"])
    assert event.after["value"] == "6523.5" and event.reason == "接口录入"
    derived = Observation.objects.get(indicator__name="两倍", period="2024Q2")
    assert derived.value == 13047  # the plan's derived indicators follow in the same request


def test_a_figure_in_another_unit_is_converted(office, gdp):
    body = post(office, indicator=gdp.pk, period="2023", value=14000000, unit="万元").json()
    assert (body["value"], body["entered_value"], body["entered_unit"]) == (1400, 14000000, "万元")


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"period": "2024"}, "value", "数值：必须填写"),
        ({"period": "2024", "value": "很多"}, "value", "数值：须为数值"),
        (
            {"period": "2024年", "value": 1},
            "period",
            "无法识别的期间：2024年，应为 2023、2023H1、2023Q2 或 2023-06",
        ),
        ({"period": "2024", "value": 1, "unit": "家"}, "unit", "单位“家”与指标单位“亿元”不一致，无法换算"),
        ({"period": "2024", "value": "1e30"}, None, "数值过大"),
    ],
)
def test_bad_figures_are_refused_in_chinese_and_nothing_is_written(office, gdp, body, field, text):
    from planwatch.indicators.models import Observation

    response = post(office, indicator=gdp.pk, **body)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert text in error["msg"]
    if field:
        assert error["loc"][-1] == field
    assert not Observation.objects.exists() and not events("create")


def test_an_unknown_or_derived_indicator_is_refused(office, gdp):
    from planwatch.indicators.models import Indicator

    unknown = post(office, indicator=999999, period="2024", value=1)
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["msg"] == "未找到指标：999999"
    derived = Indicator.objects.get(name="两倍")
    refused = post(office, indicator=derived.pk, period="2024", value=1)
    assert refused.status_code == 422 and "计算指标" in refused.json()["detail"][0]["msg"]


def test_a_second_figure_for_the_same_period_is_a_conflict(office, gdp):
    first = post(office, indicator=gdp.pk, period="2024", value=1).json()
    again = post(office, indicator=gdp.pk, period="2024", value=2)
    assert again.status_code == 409
    assert f"PATCH /observations/{first['id']}" in again.json()["detail"]


@pytest.mark.parametrize("role", ["leader", "auditor", "reporter", "other_reporter"])
def test_only_the_office_writes(actor, role, gdp):
    from planwatch.indicators.models import Observation

    observation = enter(gdp, "2023", 1100)
    assert post(actor(role), indicator=gdp.pk, period="2024", value=1).status_code == 403
    assert patch(actor(role), observation.pk, value=1, reason="试试").status_code == 403
    assert Observation.objects.get(indicator=gdp).value == 1100 and not events("create") + events("update")


def test_the_office_corrects_a_figure_with_a_reason(office, gdp):
    from planwatch.indicators.models import Observation

    observation = enter(gdp, "2023", 1100, source="快报")
    response = patch(office, observation.pk, value="1105.5", source="统计公报", reason="按统计公报更正")
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["source"]) == (1105.5, "统计公报")
    last = Observation.objects.get(pk=observation.pk).revisions.last()
    assert (last.old_value, last.new_value, last.reason, last.actor) == (
        1100,
        1105.5,
        "按统计公报更正",
        office.user,
    )
    assert last.changes["source"] == ["快报", "统计公报"]
    [event] = events("update")
    assert event.reason == "按统计公报更正" and event.before["source"] == "快报"
    assert event.after["source"] == "统计公报" and "note" not in event.after
    assert Observation.objects.get(indicator__name="两倍", period="2023").value == 2211


def test_a_correction_that_changes_nothing_writes_nothing(office, gdp):
    observation = enter(gdp, "2023", 1100)
    response = patch(office, observation.pk, value=1100, reason="核对无误")
    assert response.status_code == 200 and response.json()["value"] == 1100
    assert observation.revisions.count() == 1 and not events("update")


def test_a_correction_needs_a_reason_and_a_stored_figure(office, gdp):
    from planwatch.indicators.models import Observation
    from planwatch.indicators.recompute import recompute_derived

    observation = enter(gdp, "2023", 1100)
    recompute_derived(actor=None, plan=gdp.plan)
    for body in ({"value": 1}, {"value": 1, "reason": "   "}):
        response = patch(office, observation.pk, **body)
        assert response.status_code == 422 and response.json()["detail"][0]["msg"].startswith("修改原因：")
    derived = Observation.objects.get(indicator__name="两倍")
    assert patch(office, derived.pk, value=1, reason="改").status_code == 422
    assert patch(office, 999999, value=1, reason="改").json() == {"detail": "未找到指标数据：999999"}


def test_a_session_write_without_the_csrf_token_is_refused(office, gdp):
    from planwatch.indicators.models import Observation

    client = Client(enforce_csrf_checks=True)
    client.force_login(office.user)
    body = json.dumps({"indicator": gdp.pk, "period": "2024", "value": 1})
    refused = client.post(url("/observations"), body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Observation.objects.exists()
    client.get(url("/docs"))  # any page that renders the token sets the cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        url("/observations"), body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_an_anonymous_write_is_401_even_without_csrf(gdp):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("/observations"), "{}", content_type="application/json")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


def test_a_corrected_demo_figure_is_no_longer_demo_data(office, gdp):
    observation = enter(gdp, "2023", 1100, source="演示数据")
    observation.is_demo = True
    observation.save()
    body = patch(office, observation.pk, value=1120, reason="换成真实数据").json()
    assert body["is_demo"] is False and body["value"] == 1120
