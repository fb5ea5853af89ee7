"""The 报送日历 page: rules in a table a page at a time (filters, unassigned first) and one change
applied to every ticked rule — all or none, each audited — instead of a form per rule."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from planwatch.audit.models import AuditEvent
from planwatch.reporting.models import ReportingRule
from planwatch.reporting.services.due import due_items

from .conftest import TODAY, rule_of


def calendar_url(plan, query: str = "") -> str:
    return reverse("reporting:calendar", args=[plan.pk]) + (f"?{query}" if query else "")


def bulk(office, plan, rules, **fields):
    data = {"rules": [r.pk for r in rules], **fields}
    return office.client.post(reverse("reporting:rules_bulk", args=[plan.pk]), data, follow=True)


def test_the_table_pages_and_filters(cycle, office, reporter_unit, monkeypatch):
    from planwatch.reporting.views import calendar

    monkeypatch.setattr(calendar, "RULES_PER_PAGE", 2)
    page = office.client.get(calendar_url(cycle.plan)).content.decode()
    assert "第 1 / 3 页 · 共 6 条" in page and page.count('name="rules"') == 2
    assert "r-rule__form" not in page  # no form per rule
    own = office.client.get(calendar_url(cycle.plan, f"unit={reporter_unit.pk}")).content.decode()
    assert own.count('name="rules"') == 2 and "条目1进展情况" in own and "指标1" in own
    figures = office.client.get(calendar_url(cycle.plan, "kind=indicator&page=2")).content.decode()
    assert "第 2 / 2 页 · 共 3 条" in figures and figures.count('name="rules"') == 1


def test_a_bulk_edit_changes_every_ticked_rule_and_audits_each(cycle, office, other_unit):
    rules = [rule_of(cycle.own.indicator), rule_of(cycle.shared.indicator)]
    response = bulk(office, cycle.plan, rules, unit=other_unit.pk, frequency="month", due_days="10",
                    starts_on="2025-12-01", reason="统一由科技局按月报送")  # fmt: skip
    assert "已修改 2 条报送规则（勾选 2 条）" in response.content.decode()
    own, shared = (ReportingRule.objects.get(pk=r.pk) for r in rules)
    for rule in (own, shared):
        assert (rule.unit, rule.frequency, rule.due_days, rule.starts_on) == (other_unit, "month", 10, date(2025, 12, 1))
    assert own.unit_chosen  # a unit the office set sticks through later imports
    events = AuditEvent.objects.filter(object_type="reporting.reportingrule", reason="统一由科技局按月报送")
    assert events.count() == 2
    # the rule's own start date: the monthly periods from 2025-12-01 only
    assert [i.period.code for i in due_items(unit=other_unit, on=TODAY) if i.rule.pk == own.pk] == ["2025-12"]
    untouched = rule_of(cycle.other.indicator)
    assert (untouched.frequency, untouched.due_days) == ("year", 5)


def test_fields_left_empty_change_nothing(cycle, office, reporter_unit):
    rule = rule_of(cycle.own.indicator)
    response = bulk(office, cycle.plan, [rule], active="0")
    assert "已修改 1 条" in response.content.decode()
    rule = ReportingRule.objects.get(pk=rule.pk)
    assert (rule.active, rule.unit, rule.frequency, rule.due_days) == (False, reporter_unit, "quarter", 5)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"frequency": "month"}, "请至少勾选一条报送规则"),
        ({"due_days": "500"}, "期末后天数：确保该值小于或等于120"),
    ],
)
def test_a_bad_bulk_edit_changes_nothing(cycle, office, fields, message):
    rules = [] if "frequency" in fields else [rule_of(cycle.own.indicator)]
    response = bulk(office, cycle.plan, rules, **fields)
    assert message in response.content.decode()
    assert set(ReportingRule.objects.values_list("due_days", flat=True)) == {5}
    assert not ReportingRule.objects.filter(frequency="month").exists()


def test_nothing_chosen_is_said(cycle, office):
    response = bulk(office, cycle.plan, [rule_of(cycle.own.indicator)])
    assert "未修改：请选择要修改的内容" in response.content.decode()


def test_a_rule_of_another_plan_is_refused(cycle, office):
    from planwatch.plans.models import Plan

    other = Plan.objects.create(name="other-plan", title="另一计划")
    response = bulk(office, other, [rule_of(cycle.own.indicator)], due_days="9")
    assert "所选规则不属于本计划" in response.content.decode()
    assert rule_of(cycle.own.indicator).due_days == 5


def test_only_the_office_edits_the_calendar(cycle, reporter, leader):
    rule = rule_of(cycle.own.indicator)
    for actor in (reporter, leader):
        answer = actor.client.post(reverse("reporting:rules_bulk", args=[cycle.plan.pk]),
                                   {"rules": [rule.pk], "due_days": "9"})  # fmt: skip
        assert answer.status_code == 403
    assert rule_of(cycle.own.indicator).due_days == 5


def test_one_rule_on_its_own_page_with_its_bounds(cycle, office):
    rule = rule_of(cycle.own.indicator)
    page = office.client.get(reverse("reporting:rule", args=[rule.pk])).content.decode()
    assert "最小值" in page and "最大值" in page and "报送起始日期" in page
