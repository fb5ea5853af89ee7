"""The 待报送 page: returned items first, then the newest period first, a page at a time, and each
item saved on its own small form (htmx swaps the item; a plain post comes back to the page)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from planwatch.reporting.models import Status, Submission

from .conftest import rule_of

HX = {"HTTP_HX_REQUEST": "true"}


def unit_url(unit) -> str:
    return reverse("reporting:unit", args=[unit.pk])


def save_url(rule, period: str = "2025Q4") -> str:
    return reverse("reporting:item_save", args=[rule.pk, period])


def headings(page: str) -> list[str]:
    return re.findall(r'<h2 class="section-title r-period__title">(.*?) <span', page)


@pytest.fixture
def backlog(cycle, reporter, office):
    """The calendar from 2024-01-01: the unit's indicator (2025Q3 already approved) and article
    text, quarterly, 15 open items; the indicator's 2024Q2 figure submitted and returned."""
    from planwatch.reporting.services.calendar import update_calendar
    from planwatch.reporting.services.review import return_item
    from planwatch.reporting.services.submissions import save_submission
    from planwatch.reporting.services.validation import Figure

    update_calendar(actor="test", plan=cycle.plan, starts_on=date(2024, 1, 1))
    sub = save_submission(actor=reporter.user, rule=rule_of(cycle.own.indicator), period="2024Q2",
                          figure=Figure(Decimal("90")))  # fmt: skip
    return_item(actor=office.user, item=sub, reason="请核实口径")
    return cycle


def test_returned_first_then_the_newest_period_a_page_at_a_time(backlog, reporter, reporter_unit, monkeypatch):
    from planwatch.reporting.views import units

    monkeypatch.setattr(units, "PAGE_SIZE", 4)
    first = reporter.client.get(unit_url(reporter_unit)).content.decode()
    assert headings(first) == ["已退回，请修改后重新报送", "2025年第四季度", "2025年第三季度"]
    assert "第 1 / 4 页 · 共 15 项" in first and "退回原因：</strong>请核实口径" in first
    assert first.count('name="action" value="submit"') == 4  # one small form per item on the page
    second = reporter.client.get(unit_url(reporter_unit) + "?page=2").content.decode()
    assert headings(second) == ["2025年第二季度", "2025年第一季度"]
    last = reporter.client.get(unit_url(reporter_unit) + "?page=99").content.decode()  # clamped
    # 2024Q2's text (its figure is the returned one, on page 1) and both of 2024Q1
    assert headings(last) == ["2024年第二季度", "2024年第一季度"] and "第 4 / 4 页" in last


def test_the_page_has_no_form_for_everything(cycle, reporter, reporter_unit):
    page = reporter.client.get(unit_url(reporter_unit)).content.decode()
    assert "全部报送" not in page and "r-form\"" not in page
    assert reporter.client.post(unit_url(reporter_unit), {"action": "submit"}).status_code == 405


def test_an_item_saved_by_htmx_comes_back_in_place(cycle, reporter):
    rule = rule_of(cycle.own.indicator)
    data = {"action": "draft", f"i{rule.pk}-2025Q4-value": "105", f"i{rule.pk}-2025Q4-unit": "亿元"}
    response = reporter.client.post(save_url(rule), data, **HX)
    text = response.content.decode()
    assert response.status_code == 200 and text.startswith("<article") and "<html" not in text
    assert "草稿已保存，尚未报送" in text and 'value="105"' in text
    assert Submission.objects.get().status == Status.DRAFT
    data["action"] = "submit"
    text = reporter.client.post(save_url(rule), data, **HX).content.decode()
    assert "已报送，等待领导小组办公室审核" in text and 'name="action"' not in text  # under review: no form
    assert Submission.objects.get().status == Status.SUBMITTED
    again = reporter.client.post(save_url(rule), data, **HX)  # a page opened before it was sent
    assert again.status_code == 200 and "正在审核中" in again.content.decode()
    assert reporter.client.post(save_url(rule), data).status_code == 409  # the same, without htmx


def test_errors_stay_beside_the_fields_of_that_item_only(cycle, reporter):
    rule = rule_of(cycle.own.indicator)
    data = {"action": "submit", f"i{rule.pk}-2025Q4-value": "二百"}
    text = reporter.client.post(save_url(rule), data, **HX).content.decode()
    assert "未保存：请按提示修改" in text and '<span class="error" role="alert">请填写数字</span>' in text
    response = reporter.client.post(save_url(rule), data)  # without htmx: a page of its own
    assert response.status_code == 400 and "请填写数字" in response.content.decode()
    assert not Submission.objects.exists()


def test_only_items_that_exist_and_have_ended_are_saved(cycle, reporter, other_reporter):
    rule = rule_of(cycle.own.indicator)
    assert reporter.client.post(save_url(rule, "2026Q1"), {"action": "draft"}).status_code == 404
    assert reporter.client.post(save_url(rule, "2025"), {"action": "draft"}).status_code == 404
    assert reporter.client.post(reverse("reporting:item_save", args=[999999, "2025Q4"])).status_code == 404
    assert other_reporter.client.post(save_url(rule), {"action": "draft"}).status_code == 403
