"""From raw observations to the figures the methods compare: as-of filtering, yearly totals,
base values, gaps.

Units report at different frequencies and sometimes both a quarter and the year it belongs to;
this module decides, once, which observations count, so that no figure is counted twice and
nothing reported after the evaluation date leaks in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from .model import Observation
from .periods import Period, parse_period, period_codes_between, year_end


@dataclass(frozen=True)
class Point:
    period: Period
    value: float


@dataclass(frozen=True)
class YearTotal:
    """One year's figure: a flow's sum of its reported periods, or a stock's last value.

    ``through`` is the last month covered; ``complete`` means the figure covers December.
    """

    year: int
    value: float
    through: Period

    @property
    def complete(self) -> bool:
        return self.through.end_month == 12


def as_date(today) -> date:
    """Accept a datetime too: comparing a datetime with a date raises in Python."""
    return today.date() if isinstance(today, datetime) else today


def prepare(series, today: date) -> list[Point]:
    """Parse, drop empty values and figures for periods ending after ``today``, sort by time.

    A period given twice is an error: revisions are resolved before evaluation, and silently
    keeping one of two figures would hide a data problem.
    """
    today = as_date(today)
    seen, points = set(), []
    for obs in series:
        period = parse_period(obs.period if isinstance(obs, Observation) else obs[0])
        value = obs.value if isinstance(obs, Observation) else obs[1]
        if period.code in seen:
            raise ValueError(f"期间重复：{period.code}")
        seen.add(period.code)
        if value is None or (isinstance(value, float) and math.isnan(value)) or period.end > today:
            continue
        points.append(Point(period, float(value)))
    points.sort(key=lambda p: p.period)
    return points


def non_overlapping(points: list[Point]) -> list[Point]:
    """Within each year keep the longest periods first and drop any that overlap a kept one.

    A year figure wins over its quarters; ``2023H1`` plus ``2023Q3`` both count. This is what
    makes a flow's sum safe when units report at mixed frequencies.
    """
    kept, covered = [], {}
    for p in sorted(points, key=lambda p: (p.period.year, -p.period.span, p.period.end_month)):
        months = covered.setdefault(p.period.year, set())
        if months.isdisjoint(p.period.months):
            months.update(p.period.months)
            kept.append(p)
    kept.sort(key=lambda p: p.period)
    return kept


def year_totals(points: list[Point], kind: str) -> dict[int, YearTotal]:
    """Each year's figure: flows summed over non-overlapping periods, stocks' last value."""
    out: dict[int, YearTotal] = {}
    chosen = non_overlapping(points) if kind == "flow" else points
    for p in chosen:
        prev = out.get(p.period.year)
        if kind == "flow" and prev is not None:
            last = max(prev.through, p.period)
            out[p.period.year] = YearTotal(p.period.year, prev.value + p.value, last)
        else:
            out[p.period.year] = YearTotal(p.period.year, p.value, p.period)
    return out


def value_at_year_end(points: list[Point], year: int, kind: str) -> float | None:
    """The figure for a whole year: a stock's value at 31 December (the longest period ending
    then: the year's own figure before its last quarter), a flow's complete total.

    The one base-value rule, for the core and for stored base values (indicators/bases.py, which
    passes exact decimals: the values are only added). A partial year is no base.
    """
    if kind == "stock":
        hits = [p for p in points if p.period.end == year_end(year)]
        return max(hits, key=lambda p: p.period).value if hits else None
    kept = non_overlapping([p for p in points if p.period.year == year])
    if sum(p.period.span for p in kept) != 12:
        return None
    return sum(p.value for p in kept)


def missing_periods(points: list[Point], first_year: int, last: Period) -> list[str]:
    """Periods with no figure between the start of ``first_year`` and ``last``, at the series'
    finest frequency (a quarterly series names missing quarters)."""
    if not points:
        return []
    span = min(p.period.span for p in points)
    covered: dict[int, set[int]] = {}
    for p in points:
        covered.setdefault(p.period.year, set()).update(p.period.months)
    first = parse_period(f"{first_year}")
    gaps = [
        p for p in period_codes_between(span, first, last) if covered.get(p.year, set()).isdisjoint(p.months)
    ]
    return _whole_years(gaps, span, last)


def _whole_years(gaps: list[Period], span: int, last: Period) -> list[str]:
    """Name a year with no figure at all by its year code rather than by its 4 or 12 periods."""
    per_year: dict[int, list[Period]] = {}
    for p in gaps:
        per_year.setdefault(p.year, []).append(p)
    out = []
    for year, periods in per_year.items():
        whole = len(periods) * span == 12 and (year < last.year or last.end_month == 12)
        out += [str(year)] if whole and span < 12 else [p.code for p in periods]
    return out
