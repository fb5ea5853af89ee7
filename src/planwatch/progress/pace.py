"""Cumulative, annual and portfolio targets: the actual figure against expected pace (序时进度).

The share of a target due by a date is the share of the plan period (or of the year) elapsed at
the end of the latest reported period: with a 2023–2025 plan, 18 of 36 months have passed at the
end of 2024Q2, so half of a three-year target is due. The ratio actual / expected is judged with
the same thresholds as level targets (0.95 / 0.6 / 0).
"""

from __future__ import annotations

from . import explain
from .forecast import forecast_points, forecast_total
from .goal import Goal, make_goal
from .level import status_codes
from .model import (
    ACHIEVED,
    NEEDS_ACCELERATION,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    STATUS_RANK,
    STATUSES,
    Evaluation,
    TargetSpec,
)
from .periods import Period, year_end
from .series import Point, missing_periods, non_overlapping, value_at_year_end, year_totals


def worst(a: str, b: str) -> str:
    return a if STATUS_RANK[a] <= STATUS_RANK[b] else b


def ratio_status(ratio: float) -> str:
    return STATUSES[int(status_codes(ratio))]


def pace_status(goal: Goal, actual: float, expected: float, final: bool, unmet_cap: str = OFF_TRACK):
    """(status, ratio) of an actual figure against the figure due by now.

    Higher is better: met → achieved, else actual/expected on the thresholds, no better than
    ``unmet_cap`` once the period is over. Lower is better (a ceiling such as an emissions
    budget): over the ceiling → off track; within it, achieved once the period is over; before
    that, used faster than the allowance due by now → off track, else on track. The ratio is
    then expected/actual (the allowance over what was used).
    """
    if goal.sign > 0:
        ratio = actual / expected if expected > 0 else None
        if goal.beyond(actual):
            return OFF_TRACK, ratio
        if goal.met(actual):
            return ACHIEVED, ratio
        status = ratio_status(ratio) if ratio is not None else OFF_TRACK
        return (worst(status, unmet_cap) if final else status), ratio
    ratio = expected / actual if actual > 0 else None
    if not goal.met(actual):
        return OFF_TRACK, ratio
    if final:
        return ACHIEVED, ratio
    return (OFF_TRACK if actual > expected * (1 + 1e-9) else ON_TRACK), ratio


def elapsed_share(start: int, period: Period, end: int) -> float:
    """Share of the plan period [start, end] elapsed at the end of ``period`` (0–1)."""
    months = (period.year - start) * 12 + period.end_month
    return min(1.0, max(0.0, months / ((end - start + 1) * 12)))


def _goal(spec: TargetSpec) -> Goal:
    """Pace targets start from zero, so '≈', '=' and ranges are approached from below."""
    return make_goal(
        spec.comparator,
        spec.value,
        spec.value_max,
        tolerance=spec.tolerance,
        direction=spec.direction,
        base=0.0,
    )


def evaluate_cumulative(spec: TargetSpec, points: list[Point], today) -> Evaluation:
    """Total since the plan began: flows summed, stocks' latest value minus the base value."""
    start, T = spec.plan_start, spec.target_year
    inplan = [p for p in points if p.period.year >= start and p.period.end <= year_end(T)]
    base, running = _running_total(spec, points, inplan)
    base_pair = (start - 1, base) if base is not None else None
    if running is None:
        return no_data(spec, explain.no_base(start - 1, None))
    if not running:
        return no_data(spec, f"尚无{start}年以来的数据，数据不足", base=base_pair)
    goal = _goal(spec)
    period, actual = running[-1]
    expected = goal.aim * elapsed_share(start, period, T)
    final = period.end >= year_end(T)
    status, ratio = pace_status(goal, actual, expected, final)
    missing = missing_periods(inplan, start, period) if spec.resolved_kind == "flow" else []
    forecast = None if final else _total_forecast(spec, points, goal, base, actual)
    text = explain.cumulative_sentence(spec, goal, status, period.label, actual, expected, ratio, final)
    text += explain.forecast_clause(forecast, spec.unit, missing=not final and status != ACHIEVED)
    done = final or (status == ACHIEVED and spec.resolved_kind == "flow")
    return Evaluation(
        status=status,
        ratio=ratio,
        expected=expected,
        latest=next((p.period.code, p.value) for p in reversed(inplan) if p.period == period),
        increment=_increment(running, period),
        base=base_pair,
        forecast=forecast,
        explanation=text + explain.missing_note(missing),
        actual=actual,
        target=spec.value,
        target_year=T,
        method="pace",
        expected_path=[
            (str(y), goal.aim * (y - start + 1) / (T - start + 1)) for y in range(start - 1, T + 1)
        ],
        missing=missing,
        final=done,
    )


def _increment(running, period) -> tuple[str, float]:
    """The amount added in the latest period: the running total minus the one before it."""
    before = running[-2][1] if len(running) > 1 else 0.0
    return period.code, running[-1][1] - before


def _total_forecast(spec: TargetSpec, points: list[Point], goal: Goal, base, reached: float):
    """The plan-period total: the complete years' amounts so far plus each remaining year's
    amount on the trend of yearly amounts (a stock's amount is its change over the year);
    never below the total ``reached`` so far (part year included) when amounts are never negative."""
    start, T = spec.plan_start, spec.target_year
    if spec.resolved_kind == "flow":
        years = sorted({p.period.year for p in points if p.period.year <= T})
        amounts = [(y, value_at_year_end(points, y, "flow")) for y in years]
    else:
        ends = {y: value_at_year_end(points, y, "stock") for y in {p.period.year for p in points}}
        amounts = [(y, ends[y] - ends[y - 1]) for y in sorted(ends) if y <= T and ends.get(y - 1) is not None
                   and ends[y] is not None]  # fmt: skip
    amounts = [(y, a) for y, a in amounts if a is not None]
    done_years = [y for y, _ in amounts if y >= start]
    last_done = max(done_years, default=start - 1)
    if any(y not in done_years for y in range(start, last_done + 1)):
        return None  # a plan year without its full amount: the total so far is unknown
    done = sum(a for y, a in amounts if y >= start)
    return forecast_total(amounts, list(range(last_done + 1, T + 1)), done, goal, T, reached=reached)


def _running_total(spec: TargetSpec, points: list[Point], inplan: list[Point]):
    """(base, [(period, total so far)]): a flow's running sum, or a stock's value minus its base.

    The running list is None when a stock has no base value (nothing to measure from).
    """
    if spec.resolved_kind == "flow":
        running, total = [], 0.0
        for p in non_overlapping(inplan):
            total += p.value
            running.append((p.period, total))
        return None, running
    base = spec.base_value
    if base is None:
        start = spec.plan_start
        base = 0.0 if spec.basis == "portfolio" else value_at_year_end(points, start - 1, "stock")
    if base is None:
        return None, None
    return base, [(p.period, p.value - base) for p in inplan]


def evaluate_annual(spec: TargetSpec, points: list[Point], today) -> Evaluation:
    """Every year must meet the target: the latest year against its year-to-date pace, each
    completed year met or missed; a missed year caps the status at 需加快 (进展滞后 once the plan
    period is over), and 已完成 needs every plan year so far to have met it."""
    start, end, kind = spec.plan_start, spec.end_year, spec.resolved_kind
    inplan = [p for p in points if p.period.year >= start and (end is None or p.period.year <= end)]
    totals = year_totals(inplan, kind)
    if not totals:
        return no_data(spec, f"尚无{start}年以来的数据，数据不足")
    goal, last = _goal(spec), max(totals)
    cur = totals[last]
    years = [_annual_year(totals.get(y), y, goal) for y in range(start, last + 1)]
    completed = [y for y in years if y["complete"]]
    met = [y for y in completed if y["met"]]
    expected = goal.aim * cur.through.fraction
    status, ratio = pace_status(goal, cur.value, expected, cur.complete, unmet_cap=NEEDS_ACCELERATION)
    over = end is not None and last >= end and cur.complete
    if len(met) < len(completed):
        status = worst(status, OFF_TRACK if over else NEEDS_ACCELERATION)
    elif status == ACHIEVED and not all(y["met"] for y in years):
        status = ON_TRACK  # a year with no full figure is not known to have met it
    missing = _annual_missing(inplan, kind, start, cur, totals)
    forecast = _annual_forecast(spec, points, kind, goal, last, cur.complete)
    counts = (len(met), len(completed), cur.complete)
    text = explain.annual_sentence(spec, goal, status, last, cur.through, cur.value, expected, ratio, counts)
    text += explain.forecast_clause(forecast, spec.unit, missing=not over and status != ACHIEVED)
    return Evaluation(
        status=status,
        ratio=ratio,
        expected=expected,
        latest=(inplan[-1].period.code, inplan[-1].value),
        base=None,
        forecast=forecast,
        explanation=text + explain.missing_note(missing),
        actual=cur.value,
        target=spec.value,
        target_year=end if end is not None else last,  # an annual target runs to the plan's end
        method="pace",
        expected_path=[(str(y), goal.aim) for y in range(start, (end or last) + 1)],
        years_met=len(met),
        years_completed=len(completed),
        missing=missing,
        years=years,
        final=over or len(met) < len(completed),
    )


def _annual_year(total, year: int, goal: Goal) -> dict:
    """One plan year as the page lists it: its figure, whether complete, whether it met the
    target (a part year that already reached the full-year amount has met it)."""
    if total is None:
        return {"year": year, "period": None, "value": None, "complete": False, "met": None}
    met = goal.met(total.value)
    if not total.complete and met != (goal.sign > 0):
        met = None  # still running: not yet reached (or, for a ceiling, not yet over it)
    return {"year": year, "period": total.through.code, "value": total.value,
            "complete": total.complete, "met": met}  # fmt: skip


def _annual_missing(inplan, kind, start, cur, totals) -> list[str]:
    if kind == "flow":
        return missing_periods(inplan, start, cur.through)
    return [str(y) for y in range(start, cur.year) if y not in totals]


def _annual_forecast(spec, points, kind, goal, last, complete):
    """The next year still to be judged (the current one, or the next if the latest is
    complete), from the trend of complete years' figures, including years before the plan."""
    year = last + 1 if complete else last
    if spec.end_year is not None and year > spec.end_year:
        return None
    years = sorted({p.period.year for p in points if p.period.year < year})
    if kind == "flow":
        pts = [(float(y), value_at_year_end(points, y, "flow"), str(y)) for y in years]
    else:
        totals = year_totals(points, "stock")
        pts = [(float(y), totals[y].value if totals[y].complete else None, str(y)) for y in years]
    pts = [pt for pt in pts if pt[1] is not None]
    return forecast_points(pts, float(year), float(year), goal, year)


def no_data(spec: TargetSpec, reason: str, base=None) -> Evaluation:
    return Evaluation(
        status=NO_DATA,
        ratio=None,
        expected=None,
        latest=None,
        base=base,
        forecast=None,
        explanation=reason,
        target=spec.value,
        target_year=spec.target_year,
    )
