"""Checks before a figure may be submitted: one rule set for the form, Excel and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planwatch.reporting.errors import Invalid
from planwatch.reporting.models import Submission
from planwatch.reporting.services.submissions import save_submission
from planwatch.reporting.services.validation import Figure, unit_options

from .conftest import rule_of


def refused(rule, period: str, figure: Figure, **kw) -> dict:
    with pytest.raises(Invalid) as exc:
        save_submission(actor="test", rule=rule, period=period, figure=figure, **kw)
    assert not Submission.objects.exists()
    return exc.value.errors


@pytest.mark.parametrize(
    ("value", "unit", "errors"),
    [
        (None, "", {"value": "请填写本期数值"}),
        ("101", "", {"value": "数值应在 0 到 100% 之间"}),
        ("-1", "", {"value": "数值应在 0 到 100% 之间"}),
        ("1010", "‰", {"value": "数值应在 0 到 100% 之间"}),  # checked after conversion: 101%
        ("95", "家", {"unit": "单位“家”与指标单位“%”不一致，无法换算"}),
    ],
)
def test_percentages_lie_between_0_and_100_and_units_must_convert(cycle, value, unit, errors):
    rule = rule_of(cycle.other.indicator)
    assert refused(rule, "2025", Figure(Decimal(value) if value else None, unit)) == errors
    accepted = save_submission(actor="test", rule=rule, period="2025", figure=Figure(Decimal("950"), "‰"))
    assert (accepted.value, accepted.entered_value, accepted.entered_unit) == (95, 950, "‰")


def test_negative_counts_are_refused_unless_the_rule_allows_them(cycle):
    from planwatch.reporting.services.calendar import update_rule

    rule = rule_of(cycle.shared.indicator)
    assert refused(rule, "2025Q4", Figure(Decimal("-3"))) == {"value": "不能为负数"}
    update_rule(actor="test", rule=rule, min_value=None)
    assert save_submission(actor="test", rule=rule, period="2025Q4", figure=Figure(Decimal("-3"))).value == -3


def test_a_jump_beyond_the_threshold_needs_an_explanation(cycle):
    from planwatch.reporting.services.calendar import update_calendar

    rule = rule_of(cycle.own.indicator)  # previous (2025Q3): 100 亿元
    errors = refused(rule, "2025Q4", Figure(Decimal("151")))
    assert errors == {"explanation": "较上期（100亿元）变动 51%，超过 50%，请填写变动说明"}
    assert save_submission(actor="test", rule=rule, period="2025Q4", figure=Figure(Decimal("150"))).pk
    Submission.objects.all().delete()
    update_calendar(actor="test", plan=cycle.plan, jump_share=Decimal("0.2"))
    rule = rule_of(cycle.own.indicator)
    assert "超过 20%" in refused(rule, "2025Q4", Figure(Decimal("130")))["explanation"]
    sub = save_submission(actor="test", rule=rule, period="2025Q4",
                          figure=Figure(Decimal("130"), explanation="新项目投产"))  # fmt: skip
    assert sub.explanation == "新项目投产"


@pytest.mark.parametrize(
    ("value", "needs_explanation"),
    [
        ("2", False),  # 1 → 2 家: +100%, but a change of 1 is within the floor of 3
        ("4", False),  # +300%, a change of 3: still within the floor
        ("5", True),  # +400%, a change of 4: beyond both
        ("0", False),  # −100%, a change of 1
    ],
)
def test_small_counts_need_no_explanation_below_the_absolute_floor(cycle, value, needs_explanation):
    from .conftest import enter

    enter(cycle.shared.indicator, "2025Q3", 1)
    rule = rule_of(cycle.shared.indicator)
    if needs_explanation:
        assert refused(rule, "2025Q4", Figure(Decimal(value))) == {
            "explanation": "较上期（1家）变动 400%，超过 50%，请填写变动说明"
        }
    else:
        assert save_submission(actor="test", rule=rule, period="2025Q4", figure=Figure(Decimal(value))).pk


def test_the_floor_is_the_offices_to_change(cycle):
    from planwatch.reporting.services.calendar import update_calendar

    from .conftest import enter

    enter(cycle.shared.indicator, "2025Q3", 1)
    update_calendar(actor="test", plan=cycle.plan, jump_floor=Decimal("0"))
    rule = rule_of(cycle.shared.indicator)
    assert refused(rule, "2025Q4", Figure(Decimal("2")))["explanation"].startswith("较上期（1家）变动 100%")


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025", "该项按季度（如 2024Q2）报送，期间“2025”不符"),
        ("2026Q1", "2026年第一季度尚未结束，期末后才能报送"),
        ("2025Q5", "无法识别的期间：2025Q5，应为 2023、2023H1、2023Q2 或 2023-06"),
    ],
)
def test_the_period_must_be_one_of_the_rule_and_have_ended(cycle, period, message):
    errors = refused(rule_of(cycle.own.indicator), period, Figure(Decimal("110")), on=date(2026, 1, 3))
    assert errors == {"period": message}


def test_too_large_a_number_is_refused(cycle):
    errors = refused(rule_of(cycle.own.indicator), "2025Q4", Figure(Decimal("1e30")))
    assert errors["value"].startswith("数值过大")


def test_unit_options_are_the_convertible_units():
    assert unit_options("亿元")[:1] == ["亿元"] and {"万元", "元"} <= set(unit_options("亿元"))
    assert "家" not in unit_options("亿元")
    assert unit_options("吨标准煤/万元") == ["吨标准煤/万元"]
