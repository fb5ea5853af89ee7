"""How far a project is, computed — never typed: the year's completion rate against 序时进度,
the light and the overdue flags. Pure (no Django): a function of the project's facts, the
office's thresholds and today, tested day by day like supervision/lights.py.

    序时进度 (expected pace) on day D of year Y: the share of Y elapsed by D (D counted), or, with
        the office's monthly plan curve, the curve's cumulative share at the end of the previous
        month plus this month's step in proportion to its days; 0 before Y, 1 after it.
    completion rate: completed in Y ÷ Y's planned investment (None when nothing is planned).
    light: green (正常) when rate ≥ pace × behind%; yellow (滞后) when ≥ pace × far_behind%;
        red (严重滞后) below; a project 逾期未开工 or 逾期未竣工 is red whatever its rate.
    逾期未开工: today is after the planned start and the project has not reached 开工;
    逾期未竣工: today is after the planned completion and it has not reached 竣工 — both the day
        after the planned date, by themselves.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

GREEN, YELLOW, RED, NONE = "green", "yellow", "red", ""
LIGHT_LABELS = {GREEN: "正常", YELLOW: "滞后", RED: "严重滞后", NONE: "无计划"}
RANK = {NONE: 0, GREEN: 1, YELLOW: 2, RED: 3}


@dataclass(frozen=True)
class Thresholds:
    behind_below: int = 90  # percent of pace
    far_behind_below: int = 70
    curve: tuple[float, ...] = ()  # 12 cumulative percents, or empty


@dataclass(frozen=True)
class Facts:
    year_plan: Decimal | None
    completed: Decimal
    start_on: date | None = None
    finish_on: date | None = None
    started: bool = False
    completed_stage: bool = False


@dataclass(frozen=True)
class Standing:
    pace: float
    rate: float | None
    light: str
    reasons: tuple[str, ...]
    not_started_late: bool
    not_completed_late: bool

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light]


def expected_pace(today: date, year: int, curve=()) -> float:
    """序时进度 of `year` on `today`, 0–1."""
    if today.year < year:
        return 0.0
    if today.year > year:
        return 1.0
    if curve:
        before = curve[today.month - 2] / 100 if today.month > 1 else 0.0
        step = curve[today.month - 1] / 100 - before
        return before + step * today.day / calendar.monthrange(year, today.month)[1]
    days = 366 if calendar.isleap(year) else 365
    return today.timetuple().tm_yday / days


def standing(facts: Facts, today: date, year: int, thresholds: Thresholds = Thresholds()) -> Standing:
    """The project's completion rate, light and overdue flags for `year` on `today`."""
    pace = expected_pace(today, year, thresholds.curve)
    rate = float(facts.completed / facts.year_plan) if facts.year_plan else None
    late_start = facts.start_on is not None and today > facts.start_on and not facts.started
    late_finish = facts.finish_on is not None and today > facts.finish_on and not facts.completed_stage
    reasons = []
    light = NONE
    if rate is not None:
        light = GREEN
        if rate < pace * thresholds.far_behind_below / 100:
            light = RED
        elif rate < pace * thresholds.behind_below / 100:
            light = YELLOW
        if light != GREEN:
            reasons.append(f"完成年度计划 {rate:.1%}，序时进度 {pace:.1%}")
    if late_start:
        reasons.append(f"逾期未开工（计划 {facts.start_on.year}年{facts.start_on.month}月{facts.start_on.day}日开工）")
    if late_finish:
        reasons.append(f"逾期未竣工（计划 {facts.finish_on.year}年{facts.finish_on.month}月{facts.finish_on.day}日竣工）")
    if late_start or late_finish:
        light = RED
    return Standing(pace, rate, light, tuple(reasons), late_start, late_finish)
