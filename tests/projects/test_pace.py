"""Completion rate against 序时进度, lights and overdue flags — figures worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planwatch.projects.pace import Facts, Thresholds, expected_pace, standing


@pytest.mark.parametrize(
    ("today", "pace"),
    [(date(2023, 12, 31), 0.0), (date(2024, 1, 1), 1 / 366), (date(2024, 6, 30), 182 / 366),
     (date(2024, 12, 31), 1.0), (date(2025, 1, 1), 1.0)],
)  # fmt: skip
def test_pace_is_the_share_of_the_year_elapsed(today, pace):
    assert expected_pace(today, 2024) == pytest.approx(pace)


def test_pace_follows_the_offices_monthly_curve():
    curve = (5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)
    assert expected_pace(date(2024, 3, 31), 2024, curve) == pytest.approx(0.20)
    assert expected_pace(date(2024, 4, 15), 2024, curve) == pytest.approx(0.20 + 0.10 * 15 / 30)
    assert expected_pace(date(2024, 1, 31), 2024, curve) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("completed", "light"),
    # on 30 June 2024 the pace is 182/366 = 49.727%; 90% of it 44.754%, 70% of it 34.809% (of 10,000万元)
    [(5000, "green"), (4476, "green"), (4475, "yellow"), (3481, "yellow"), (3480, "red"), (0, "red")],
)
def test_light_thresholds(completed, light):
    facts = Facts(year_plan=Decimal(10000), completed=Decimal(completed), started=True)
    got = standing(facts, date(2024, 6, 30), 2024, Thresholds(90, 70))
    assert got.light == light
    assert got.rate == pytest.approx(completed / 10000)


def test_no_year_plan_no_light():
    got = standing(Facts(year_plan=None, completed=Decimal(5)), date(2024, 6, 30), 2024)
    assert got.light == "" and got.rate is None


def test_not_started_turns_late_the_day_after_the_planned_start():
    facts = Facts(year_plan=Decimal(100), completed=Decimal(100), start_on=date(2024, 3, 31))
    on_the_day = standing(facts, date(2024, 3, 31), 2024)
    next_day = standing(facts, date(2024, 4, 1), 2024)
    assert not on_the_day.not_started_late and on_the_day.light == "green"
    assert next_day.not_started_late and next_day.light == "red"
    assert next_day.reasons == ("逾期未开工（计划 2024年3月31日开工）",)
    started = Facts(year_plan=Decimal(100), completed=Decimal(100), start_on=date(2024, 3, 31), started=True)
    assert not standing(started, date(2024, 4, 1), 2024).not_started_late


def test_not_completed_turns_late_the_day_after_the_planned_completion():
    facts = Facts(year_plan=None, completed=Decimal(0), finish_on=date(2024, 12, 31), started=True)
    assert not standing(facts, date(2024, 12, 31), 2024).not_completed_late
    assert standing(facts, date(2025, 1, 1), 2025).not_completed_late
    done = Facts(year_plan=None, completed=Decimal(0), finish_on=date(2024, 12, 31), started=True, completed_stage=True)
    assert not standing(done, date(2025, 1, 1), 2025).not_completed_late
