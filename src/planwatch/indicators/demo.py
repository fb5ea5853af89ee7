"""Demo data: plausible series for every indicator of any plan, with a realistic mix of statuses.

Pure (no Django): the service builds one `DemoSpec` per indicator and stores what comes out.
Nothing depends on the names of the seed plan's indicators. Each indicator with a target is
given a *scenario* (achieved, on track, needs acceleration, off track, deteriorating) by a seeded
shuffle, and its series is drawn so that its progress is a chosen multiple `p` of the progress
the target requires (p ≈ 1.1 on track, 0.75 needs acceleration, 0.3 off track, < 0 moving the
wrong way); the evaluation then finds the intended mix without knowing it was intended.

Shapes follow the target: levels grow compound from a base (rates linearly, bounded to 0–100 for
%), ceilings (`<=`, change targets that say 降低) trend down, annual targets are per-year amounts
split over the periods, cumulative targets add up over the plan, portfolios run up from zero.
Counts of things (家, 个, 处 …) are whole numbers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planwatch.progress.periods import Period, parse_period

from .measures import canonical_unit, parse_unit

ACHIEVED, ON_TRACK, ACCELERATE, OFF_TRACK, DETERIORATING = (
    "achieved", "on_track", "needs_acceleration", "off_track", "deteriorating")  # fmt: skip
SHARES = ((ACHIEVED, 0.2), (ON_TRACK, 0.35), (ACCELERATE, 0.2), (OFF_TRACK, 0.25))
PACE = {ACHIEVED: (1.6, 1.9), ON_TRACK: (1.06, 1.2), ACCELERATE: (0.68, 0.85),
        OFF_TRACK: (0.2, 0.45), DETERIORATING: (-0.5, -0.2)}  # fmt: skip
LEVEL_BASES = ("level", "change_vs_base")
COUNT_UNITS = set("家个处所名人件项户座天次套台辆条张")
SPANS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


@dataclass(frozen=True)
class DemoSpec:
    """One indicator as the generator needs it. ``basis`` None: an indicator without a target."""

    key: int
    unit: str
    kind: str = "stock"
    frequency: str = "year"
    basis: str | None = None
    comparator: str = ">="
    value: float = 0.0
    value_max: float | None = None
    target_year: int | None = None
    base_year: int | None = None
    decrease: bool = True  # change_vs_base: a reduction (降低) unless the text says otherwise


@dataclass(frozen=True)
class Timeline:
    start: int  # first plan year
    end: int  # last year to generate (the plan's end)
    first_year: int  # first year of data (three years before the plan, or the earliest base year)
    as_of: date


def assign_scenarios(specs: Sequence[DemoSpec], rng: random.Random) -> dict[int, str]:
    """A scenario per indicator with a target: one or two deteriorating among the level targets,
    the others in the `SHARES` proportions, shuffled by ``rng``."""
    targeted = sorted((s for s in specs if s.basis), key=lambda s: s.key)
    levels = [s.key for s in targeted if s.basis in LEVEL_BASES]
    rng.shuffle(levels)
    worse = set(levels[: (2 if len(levels) >= 10 else 1) if levels else 0])
    rest = [s.key for s in targeted if s.key not in worse]
    pattern = [name for name, share in SHARES for _ in range(round(share * len(rest)))]
    pattern = (pattern + [ON_TRACK] * len(rest))[: len(rest)]
    rng.shuffle(pattern)
    return {**dict.fromkeys(worse, DETERIORATING), **dict(zip(rest, pattern, strict=True))}


def periods_for(spec: DemoSpec, timeline: Timeline) -> list[Period]:
    """Every period of the indicator's frequency from the first year through the latest period
    that has ended by ``as_of`` (and no later than the plan's end)."""
    span = SPANS.get(spec.frequency, 12)
    out = []
    for year in range(timeline.first_year, timeline.end + 1):
        for end_month in range(span, 13, span):
            period = _period(year, end_month, span)
            if period.end <= timeline.as_of:
                out.append(period)
    return out


def _period(year: int, end_month: int, span: int) -> Period:
    code = {12: f"{year}", 6: f"{year}H{end_month // 6}", 3: f"{year}Q{end_month // 3}"}.get(span)
    return parse_period(code or f"{year}-{end_month:02d}")


def generate(
    spec: DemoSpec, scenario: str | None, timeline: Timeline, rng: random.Random
) -> list[tuple[Period, Decimal]]:
    """The demo series of one indicator: (period, value in the indicator's unit)."""
    periods = periods_for(spec, timeline)
    if not periods:
        return []
    years = range(timeline.first_year - 1, periods[-1].year + 1)
    figures, flow = _yearly(spec, scenario, timeline, years, rng)
    places = _places(spec, figures, flow)
    values = _spread(periods, figures, flow, places)
    if spec.basis == "portfolio":  # a portfolio exists from the plan's start
        values = [(p, v) for p, v in values if p.year >= timeline.start]
    low, high = (0.0, math.inf) if spec.basis == "change_vs_base" else _bounds(spec.unit)
    return [(p, _decimal(min(max(v, low), high), places)) for p, v in values if v is not None]


def _yearly(spec, scenario, timeline, years, rng) -> tuple[dict[int, float], bool]:
    """Each year's figure (a stock's level at year end, a flow's annual total) and whether the
    series is a flow."""
    if spec.basis is None:
        return _untargeted(spec, years, rng), spec.kind == "flow"
    p = rng.uniform(*PACE[scenario])
    if spec.basis in LEVEL_BASES:
        return _level(spec, scenario, p, timeline, years, rng), spec.kind == "flow"
    if spec.basis == "annual":
        return _annual(spec, scenario, timeline, years, rng), spec.kind == "flow"
    if spec.basis == "cumulative" and spec.kind == "flow":
        return _cumulative_flow(spec, max(p, 0.15), timeline, years, rng), True
    return _running_total(spec, scenario, max(p, 0.15), timeline, years, rng), False


def _untargeted(spec, years, rng) -> dict[int, float]:
    start, growth = rng.uniform(50, 150), rng.uniform(0.03, 0.08)
    return {y: start * (1 + growth) ** (y - years[0]) for y in years}


def _level_ends(spec: DemoSpec, rng: random.Random, years: int) -> tuple[float, float, bool, bool]:
    """(base value, aim, lower is better, linear) of a level or change-vs-base target that is
    ``years`` after its base year."""
    if spec.basis == "change_vs_base":
        step = abs(spec.value) / 100
        return 100.0, 100.0 * (1 - step if spec.decrease else 1 + step), spec.decrease, False
    aim = (spec.value + spec.value_max) / 2 if spec.comparator == "range" and spec.value_max else spec.value
    lower = spec.comparator == "<="
    percent = parse_unit(spec.unit)[0] == "%"
    if lower:
        factor = rng.uniform(1.5, 3.0) if aim < 10 else rng.uniform(1.12, 1.3)
        return aim * factor, aim, True, percent
    if percent:
        gap = aim * rng.uniform(0.06, 0.15)
        return aim - (min(gap, rng.uniform(1.5, 4.0)) if aim > 50 else gap), aim, False, True
    return aim / (1 + rng.uniform(0.04, 0.09)) ** years, aim, False, False


def _level(spec, scenario, p, timeline, years, rng) -> dict[int, float]:
    t0, T = spec.base_year or timeline.start - 1, spec.target_year or timeline.end
    x0, aim, _, linear = _level_ends(spec, rng, max(1, T - t0))
    cap = 1.01 if spec.comparator in ("≈", "=", "range") else 1.06
    out = {}
    for y in years:
        share = (y - t0) / max(1, T - t0)
        f = 0.9 * share if y <= t0 else p * share + rng.uniform(-0.02, 0.02)
        f = min(f, cap) if scenario == ACHIEVED or spec.comparator == "range" else f
        out[y] = x0 + f * (aim - x0) if linear or x0 <= 0 else x0 * (aim / x0) ** f
    return out


def _annual(spec, scenario, timeline, years, rng) -> dict[int, float]:
    lower = spec.comparator == "<="
    out = {}
    for y in years:
        if y < timeline.start:
            m = rng.uniform(0.85, 1.15)
        elif scenario in (ACHIEVED, ON_TRACK):
            m = rng.uniform(1.1, 1.35)
        elif scenario == ACCELERATE:
            m = 0.85 if y == timeline.start else rng.uniform(1.0, 1.15)
        else:
            m = rng.uniform(0.45, 0.7)
        out[y] = spec.value / m if lower else spec.value * m
    return out


def _cumulative_flow(spec, p, timeline, years, rng) -> dict[int, float]:
    T = spec.target_year or timeline.end
    per_year = spec.value / max(1, T - timeline.start + 1)
    return {
        y: per_year * (p if y >= timeline.start else rng.uniform(0.7, 1.0)) * rng.uniform(0.95, 1.05)
        for y in years
    }


def _running_total(spec, scenario, p, timeline, years, rng) -> dict[int, float]:
    """A cumulative stock (a total to date) or a portfolio (from zero when the plan starts)."""
    t0, T = timeline.start - 1, spec.target_year or timeline.end
    portfolio = spec.basis == "portfolio"
    level0 = 0.0 if portfolio else spec.value * rng.uniform(0.3, 0.6)
    cap = 1.0 if portfolio or spec.comparator in ("≈", "=") else 1.06
    out = {}
    for y in years:
        f = (y - t0) / max(1, T - t0)
        f = min(p * f, cap) if scenario == ACHIEVED or portfolio else p * f
        out[y] = None if portfolio and y <= t0 else level0 + spec.value * (f if y > t0 else 0.3 * f)
    return out


def _spread(periods, figures, flow, places) -> list[tuple[Period, float | None]]:
    """Year figures onto periods: a flow's total split over its periods (slightly rising through
    the year, whole numbers summing exactly), a stock's level interpolated to each period end."""
    by_year: dict[int, list[Period]] = {}
    for period in periods:
        by_year.setdefault(period.year, []).append(period)
    out = []
    for year, ps in by_year.items():
        figure = figures.get(year)
        if flow:
            n = 12 // ps[0].span
            weights = [1 + 0.15 * ((k / (n - 1)) - 0.5) if n > 1 else 1.0 for k in range(n)]
            cum = [figure * sum(weights[: k + 1]) / sum(weights) for k in range(n)]
            cum = [round(c, places) for c in cum]
            out += [(p, cum[k] - (cum[k - 1] if k else 0)) for k, p in enumerate(ps)]
        else:
            before = figures.get(year - 1)
            for p in ps:
                if figure is None or before is None:
                    out.append((p, figure if p.end_month == 12 else None))
                else:
                    out.append((p, before + (figure - before) * p.end_month / 12))
    return out


def _places(spec: DemoSpec, figures: dict[int, float], flow: bool) -> int:
    """Whole numbers for counts of things, always: there are no 2.73 heavily polluted days."""
    size = max((abs(v) for v in figures.values() if v is not None), default=0)
    if canonical_unit(spec.unit) in COUNT_UNITS:
        return 0
    return 2 if size >= 1 else 3


def _bounds(unit: str) -> tuple[float, float]:
    dimension, factor = parse_unit(unit)
    if dimension == "%":
        return 0.0, float(100 / factor)
    return 0.0, math.inf


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")
