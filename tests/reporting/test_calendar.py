"""The reporting calendar: rules derived from the plan, periods and due dates, unassigned targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planwatch.reporting.models import ReportingRule
from planwatch.reporting.services.calendar import (
    default_bounds,
    periods_due,
    register_unit,
    sync_rules,
    unassigned_rules,
    update_rule,
)
from planwatch.reporting.services.due import due_items

from .conftest import TODAY, rule_of


def test_rules_follow_the_plan_lead_unit_and_frequency(cycle, reporter_unit, other_unit):
    own, shared, other = (rule_of(getattr(cycle, k).indicator) for k in ("own", "shared", "other"))
    assert (own.unit, own.frequency, own.due_days) == (reporter_unit, "quarter", 5)
    assert shared.unit == other_unit  # the lead, not the co-operating reporter unit
    assert (other.unit, other.frequency) == (other_unit, "year")
    articles = ReportingRule.objects.filter(plan=cycle.plan, indicator__isnull=True)
    assert {r.article_id: (r.unit, r.frequency) for r in articles} == {
        cycle.own.article.pk: (reporter_unit, "quarter"),
        cycle.shared.article.pk: (other_unit, "quarter"),
        cycle.other.article.pk: (other_unit, "quarter"),
    }


def test_sync_is_idempotent_and_keeps_the_office_choice(cycle, other_unit):
    rule = rule_of(cycle.own.indicator)
    assert update_rule(actor="test", rule=rule, unit=other_unit, reason="改由科技局报送")
    summary = sync_rules(actor="test", plan=cycle.plan)
    assert (summary.created, summary.updated) == (0, 0)
    rule.refresh_from_db()
    assert rule.unit == other_unit and rule.unit_chosen


def test_a_quarter_is_due_on_the_fifth_day_after_it_ends(cycle):
    rule = rule_of(cycle.own.indicator)
    assert [(p.code, d) for p, d in periods_due(rule, TODAY)] == [("2025Q4", date(2026, 1, 5))]
    # Not before the quarter has ended; the plan's last year bounds the calendar.
    assert periods_due(rule, date(2025, 12, 31)) == []
    assert [p.code for p, _ in periods_due(rule, date(2030, 1, 1))] == ["2025Q4"]


def test_due_items_list_the_units_own_items_with_due_dates(cycle, reporter_unit):
    items = due_items(unit=reporter_unit, on=TODAY)
    assert [(i.rule.item_name, i.period.code, i.due, i.state) for i in items] == [
        ("条目1进展情况", "2025Q4", date(2026, 1, 5), "missing"),
        ("指标1", "2025Q4", date(2026, 1, 5), "missing"),
    ]
    figure = next(i for i in items if i.kind == "indicator")
    assert (figure.previous, figure.previous_period, figure.days_left) == (Decimal("100"), "2025Q3", 2)
    assert not figure.overdue
    late = due_items(unit=reporter_unit, on=date(2026, 1, 6))
    assert all(i.overdue and i.days_late == 1 for i in late)


def test_targets_without_a_unit_are_unassigned_until_the_office_assigns_one(cycle):
    from planwatch.indicators.models import Indicator
    from planwatch.plans.models import Article

    goals = Article.objects.create(plan=cycle.plan, number=9, label="（二）", title="发展目标", position=0)
    gdp = Indicator.objects.create(plan=cycle.plan, article=goals, name="地区生产总值", measure_unit="亿元")
    sync_rules(actor="test", plan=cycle.plan)
    assert {r.item_name for r in unassigned_rules(cycle.plan)} == {"地区生产总值", "（二）发展目标进展情况"}
    bureau, created = register_unit(actor="test", name="区统计局")
    assert created and register_unit(actor="test", name="区统计局") == (bureau, False)
    update_rule(actor="test", rule=rule_of(gdp), unit=bureau)
    assert [i.rule.item_name for i in due_items(unit=bureau, on=TODAY)] == ["地区生产总值"]
    assert {r.item_name for r in unassigned_rules(cycle.plan)} == {"（二）发展目标进展情况"}


@pytest.mark.parametrize(
    ("name", "unit", "bounds"),
    [
        ("普惠园覆盖率", "%", (0, 100)),
        ("地区生产总值增速", "%", (None, None)),
        ("新增企业", "家", (0, None)),
    ],
)
def test_default_bounds(name, unit, bounds):
    from planwatch.indicators.models import Indicator

    low, high = default_bounds(Indicator(name=name, measure_unit=unit))
    assert (low, high) == tuple(Decimal(b) if b is not None else None for b in bounds)


def test_derived_indicators_are_not_reported(cycle):
    indicator = cycle.own.indicator
    indicator.formula = "#1 * 2"
    indicator.save()
    sync_rules(actor="test", plan=cycle.plan)
    assert not rule_of(indicator).active
