"""The office changes a figure on the indicator page: the figure, its revision and an audit
event are saved together, and the page answers with the new status; refusals are in Chinese,
beside the field."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(gdp) -> str:
    return f"/indicators/{gdp.indicator.pk}/observations/"


def test_changing_a_value_changes_the_status_in_the_response(office, gdp):
    from planwatch.audit.models import AuditEvent
    from planwatch.indicators.models import Observation

    page = office.client.get(f"/indicators/{gdp.indicator.pk}/").content.decode()
    assert "进展滞后" in page and "进展顺利" not in page.split('id="indicator-status"')[1][:300]
    period = str(gdp.year - 1)
    data = {"period": period, "value": "1300", "source": "区统计局快报", "reason": "统计局更正"}
    response = office.client.post(url(gdp), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="indicator-live"' in html and "<html" not in html
    status = html.split('id="indicator-status"')[1][:300]
    assert "进展顺利" in status or "已完成" in status
    assert "已修改" in html and "状态和图表已更新" in html
    obs = Observation.objects.get(indicator=gdp.indicator, period=period)
    assert obs.value == 1300 and obs.entered_by == office.user and obs.source == "区统计局快报"
    assert obs.revisions.filter(old_value=1000, new_value=1300, reason="统计局更正").exists()
    event = AuditEvent.objects.get(
        object_type="indicators.observation", object_id=str(obs.pk), action="update"
    )
    assert event.actor == office.user and event.before["value"] == "1000" and event.after["value"] == "1300"


def test_the_json_twin_shows_the_same_status(office, gdp):
    office.client.post(
        url(gdp), {"period": str(gdp.year - 1), "value": "1300", "reason": "更正"}, headers=HTMX
    )
    chart = office.client.get(f"/api/v1/indicators/{gdp.indicator.pk}/chart").json()
    page = office.client.get(f"/indicators/{gdp.indicator.pk}/").content.decode()
    assert chart["status_label"] in page.split('id="indicator-status"')[1][:300]
    assert chart["series"][-1]["value"] == 1300


def test_a_new_period_is_created_and_audited(office, gdp):
    from planwatch.audit.models import AuditEvent
    from planwatch.indicators.models import Observation

    response = office.client.post(url(gdp), {"period": f"{gdp.year - 1}Q2", "value": "500"})
    assert response.status_code == 302  # without htmx: back to the page
    assert Observation.objects.filter(indicator=gdp.indicator, period=f"{gdp.year - 1}Q2").exists()
    events = AuditEvent.objects.filter(object_type="indicators.observation", actor=office.user)
    assert [e.action for e in events] == ["create"]
    page = office.client.get(response["Location"]).content.decode()
    assert f"已录入{gdp.year - 1}年第二季度的数据" in page


@pytest.mark.parametrize(("typed", "code"), [("{y}年第三季度", "{y}Q3"), ("{y}年上半年", "{y}H1"), ("{y}年9月", "{y}-09")])
def test_the_period_is_typed_as_people_write_it(office, gdp, typed, code):
    from planwatch.indicators.models import Observation

    year = gdp.year - 1
    office.client.post(url(gdp), {"period": typed.format(y=year), "value": "500"})
    assert Observation.objects.filter(indicator=gdp.indicator, period=code.format(y=year)).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period": "明年", "value": "1"}, "period", "无法识别的期间"),
        ({"period": "2099", "value": "1"}, "period", "尚未结束"),
        ({"period": "2020", "value": "abc"}, "value", "请输入数字"),
        ({"period": "2020", "value": ""}, "value", "请填写数值"),
        ({"period": "2020", "value": "5", "unit": "家"}, "unit", "无法换算"),
    ],
)
def test_refusals_are_in_chinese_beside_the_field(office, gdp, data, field, message):
    from planwatch.indicators.models import Observation

    before = Observation.objects.count()
    html = office.client.post(url(gdp), data, headers=HTMX).content.decode()
    assert message in html
    assert f"id_{field}" in html.split(message)[0].rsplit('class="field', 1)[1]
    assert Observation.objects.count() == before


def test_changing_a_stored_figure_needs_a_reason(office, gdp):
    from planwatch.indicators.models import Observation

    html = office.client.post(
        url(gdp), {"period": str(gdp.year - 1), "value": "1300"}, headers=HTMX
    ).content.decode()
    assert "修改须说明原因" in html
    assert Observation.objects.get(indicator=gdp.indicator, period=str(gdp.year - 1)).value == 1000


def test_the_same_figure_again_writes_nothing(office, gdp):
    from planwatch.audit.models import AuditEvent

    data = {"period": str(gdp.year - 1), "value": "1000", "source": "区统计局", "reason": "核对"}
    html = office.client.post(url(gdp), data, headers=HTMX).content.decode()
    assert "未作修改" in html
    assert not AuditEvent.objects.filter(object_type="indicators.observation", actor=office.user).exists()


def test_edit_button_fills_the_form(office, gdp):
    html = office.client.get(url(gdp), {"period": str(gdp.year - 1)}, headers=HTMX).content.decode()
    assert 'id="observation-form"' in html and 'value="1000"' in html and "区统计局" in html


def test_form_needs_the_csrf_token(gdp, office):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(office.user)
    assert client.post(url(gdp), {"period": "2020", "value": "1"}).status_code == 403


def test_reporter_may_not_change_even_its_own_indicator(reporter, gdp):
    assert reporter.client.get(f"/indicators/{gdp.indicator.pk}/").status_code == 200
    assert reporter.client.post(url(gdp), {"period": "2020", "value": "1"}).status_code == 403


def _form(html: str) -> str:
    return html.split('id="observation-form"', 1)[1].split("</section>", 1)[0]


def test_the_kept_empty_form_is_the_one_rendered_fresh_and_follows_the_indicator(office, reporter, gdp):
    """The empty form's fields are kept per data version (web/views/indicators.py): kept, they are
    what was rendered fresh, with a csrf token of this page; a new measure unit shows at once; a
    refused entry shows its own values and errors, not the kept empty fields; a reporter, who may
    not enter figures, never gets the form."""
    import re

    from planwatch.indicators.models import Indicator
    from planwatch.web import page_parts

    page = f"/indicators/{gdp.indicator.pk}/"
    page_parts.clear()
    fresh = _form(office.client.get(page).content.decode())
    kept = _form(office.client.get(page).content.decode())
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.search(kept) and token.sub("", kept) == token.sub("", fresh)
    assert 'placeholder="亿元"' in kept and 'name="period"' in kept and 'name="reason"' in kept
    assert 'id="observation-form"' not in reporter.client.get(page).content.decode()
    Indicator.objects.filter(pk=gdp.indicator.pk).update(measure_unit="万元")
    assert 'placeholder="万元"' in _form(office.client.get(page).content.decode())
    refused = office.client.post(url(gdp), {"period": "不是期间", "value": "12"}, headers=HTMX).content.decode()
    assert "无法识别的期间" in _form(refused) and 'value="不是期间"' in _form(refused)
    assert "无法识别的期间" not in _form(office.client.get(page).content.decode())
