"""Rates kept over the plan period: 年均增长7%以上, 年均下降3%, 每年保持在70%以上.

The figure reported is itself a rate or a share — a growth rate (year-to-date, as statistics
bureaus publish 一季度增长6.0%、上半年增长6.2%), a fall, or a share. So a rate is never summed
(6.0% + 6.2% is not 12.2%) and never paced by the elapsed part of a year (half of 7% is not due
by June): each year's figure is its latest one, judged against the rate as it stands, and the
plan-period average is judged against the target — compound for growth and decline (1.072 ×
1.062 is two years of growth), arithmetic for a level kept every year.

Status: for 年均 (growth, decline) the average decides; for 每年保持 (level) every year must
meet it. Met → on track (achieved once every plan year is complete); unmet → the ratio average ÷
target on the usual thresholds, never better than 需加快 while the plan runs, and at best
进展滞后 once it is over.
"""

from __future__ import annotations

import math

from . import explain
from .goal import make_goal
from .model import (
    ACHIEVED,
    NEEDS_ACCELERATION,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    Evaluation,
    TargetSpec,
)
from .pace import ratio_status, worst
from .series import Point, year_totals


def period_average(values: list[float], rate: str) -> float:
    """Compound mean of growth rates or falls (in %), arithmetic mean of levels."""
    n = len(values)
    if rate == "growth":
        return (math.prod(1 + v / 100 for v in values) ** (1 / n) - 1) * 100
    if rate == "decline":
        return (1 - math.prod(1 - v / 100 for v in values) ** (1 / n)) * 100
    return sum(values) / n


def evaluate_rate(spec: TargetSpec, points: list[Point], today) -> Evaluation:
    """Each year's latest figure against the rate, and the period average against the target."""
    start, end, rate = spec.plan_start, spec.end_year, spec.rate or "level"
    inplan = [p for p in points if start <= p.period.year <= end]
    totals = year_totals(inplan, "stock")
    goal = make_goal(spec.comparator, spec.value, spec.value_max, tolerance=spec.tolerance,
                     direction=spec.direction, base=None)  # fmt: skip
    if not totals:
        return Evaluation(NO_DATA, None, None, None, None, None, f"尚无{start}年以来的数据，数据不足",
                          target=spec.value, target_year=end, method="rate")  # fmt: skip
    years = [_year_row(totals.get(y), y, goal) for y in range(start, max(totals) + 1)]
    known = [y for y in years if y["value"] is not None]
    average = period_average([y["value"] for y in known], rate)
    complete = len(known) == end - start + 1 and all(y["complete"] for y in known)
    every_year = all(y["met"] for y in known)
    met = goal.met(average) and (rate != "level" or every_year)
    ratio = _ratio(goal.sign, average, spec.value)
    if met:
        status = ACHIEVED if complete else ON_TRACK
    else:
        status = ratio_status(ratio) if ratio is not None else OFF_TRACK
        status = worst(status, OFF_TRACK if complete else NEEDS_ACCELERATION)
    missed_year = any(y["complete"] and not y["met"] for y in known)
    decided = complete or (rate == "level" and missed_year)
    last = inplan[-1]
    return Evaluation(
        status=status,
        ratio=ratio,
        expected=spec.value,
        latest=(last.period.code, last.value),
        base=None,
        forecast=None,
        explanation=explain.rate_sentence(spec, status, known, average, every_year),
        actual=average,
        target=spec.value,
        target_year=end,
        method="rate",
        expected_path=[(str(y), spec.value) for y in range(start, end + 1)],
        years_met=sum(1 for y in known if y["complete"] and y["met"]),
        years_completed=sum(1 for y in known if y["complete"]),
        missing=[str(y["year"]) for y in years if y["value"] is None],
        years=years,
        final=decided,
    )


def _year_row(total, year: int, goal) -> dict:
    if total is None:
        return {"year": year, "period": None, "value": None, "complete": False, "met": None}
    return {"year": year, "period": total.through.code, "value": total.value,
            "complete": total.complete, "met": goal.met(total.value)}  # fmt: skip


def _ratio(sign: int, average: float, target: float) -> float | None:
    """进度比 of a rate: the average achieved over the rate required (required over achieved
    when lower is better)."""
    if sign > 0:
        return average / target if target > 0 else None
    return target / average if average > 0 else None
