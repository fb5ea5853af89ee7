"""The vectorised path: many level series over the same periods, evaluated in NumPy at once.

Dashboards for a whole province, or a benchmark of 100,000 synthetic series, cannot afford a
Python loop per series. `evaluate_many` takes a values matrix (one row per series, one column
per period, NaN for a missing figure) and runs the very `level_core` that `evaluate` uses for
one series, so the two paths agree by construction (and a test checks they do).
Series are stocks (a level at each period's end), as for level and change-vs-base targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .goal import goal_arrays
from .level import level_core
from .model import ABOUT_TOLERANCE, COMPARATORS, STATUSES
from .periods import parse_period, year_end
from .series import as_date


@dataclass(frozen=True)
class Batch:
    """Results row by row; ``status`` holds indexes into `STATUSES` (higher is better).

    ``latest_index`` points into ``periods`` (the columns used), −1 where a row has no figure.
    Forecast columns are NaN where there is no forecast (fewer than 3 points, or target year
    already reached).
    """

    status: np.ndarray
    ratio: np.ndarray
    expected: np.ndarray
    projected: np.ndarray
    base: np.ndarray
    latest_value: np.ndarray
    latest_index: np.ndarray
    periods: tuple[str, ...]
    forecast_value: np.ndarray
    forecast_low: np.ndarray
    forecast_high: np.ndarray
    forecast_probability: np.ndarray

    def __len__(self) -> int:
        return len(self.status)

    def statuses(self) -> list[str]:
        return [STATUSES[i] for i in self.status]


def evaluate_many(
    values,
    periods,
    *,
    target,
    base_year: int,
    target_year: int,
    today: date,
    comparator=">=",
    value_max=None,
    base_value=None,
    direction=None,
    tolerance=ABOUT_TOLERANCE,
    with_forecast: bool = True,
) -> Batch:
    """Evaluate level targets for every row of ``values`` (n series × len(periods)).

    ``target``, ``value_max``, ``base_value``, ``comparator``, ``direction`` and ``tolerance``
    are scalars or one per row. Base values not given (or NaN) are read from the column whose
    period ends on 31 December of ``base_year``. Columns after ``today`` are ignored.
    """
    matrix = np.atleast_2d(np.asarray(values, dtype=float))
    parsed = [parse_period(c) for c in periods]
    if len(parsed) != matrix.shape[1] or len({p.code for p in parsed}) != len(parsed):
        raise ValueError("期间列与数据列数不一致或有重复期间")
    n = matrix.shape[0]
    args = _broadcast(n, target, value_max, comparator, direction, tolerance)
    today = as_date(today)
    usable = [i for i, p in enumerate(parsed) if p.end <= today]
    x0 = _base(matrix, parsed, usable, base_year, base_value, n)
    cols = [i for i in usable if base_year < parsed[i].time <= target_year + 1e-9]
    cols.sort(key=lambda i: parsed[i])
    goal = goal_arrays(
        args["comparator"], args["target"], args["value_max"], args["tolerance"], args["direction"], x0
    )
    times = np.array([parsed[i].time for i in cols])
    before = sorted((i for i in usable if parsed[i].time < base_year - 1e-9), key=lambda i: parsed[i])
    history = (np.array([parsed[i].time for i in before]), matrix[:, before])  # the trend sees them too
    core = level_core(times, matrix[:, cols], x0, base_year, target_year, goal, with_forecast, history)
    if today > year_end(target_year):
        _settle(core)
    nan = np.full(n, np.nan)
    return Batch(
        status=core["status"],
        ratio=core["ratio"],
        expected=core["expected"],
        projected=np.where(core["ok"], core["projected"], np.nan),
        base=x0,
        latest_value=core["x"],
        latest_index=core["last"] if cols else np.full(n, -1),
        periods=tuple(parsed[i].code for i in cols),
        forecast_value=core.get("f_value", nan),
        forecast_low=core.get("f_low", nan),
        forecast_high=core.get("f_high", nan),
        forecast_probability=core.get("f_prob", nan),
    )


def _settle(core: dict) -> None:
    """After the target year, as `timing.settle` does for one series: a row without its
    target-year figure is pending (no status, ratio or forecast until the figure arrives)."""
    pending = core["status"] != STATUSES.index("no_data")
    pending &= ~core["final"]
    core["status"] = np.where(pending, np.int8(0), core["status"]).astype(np.int8)
    for key in ("ratio", "expected", "f_value", "f_low", "f_high", "f_prob"):
        if key in core:
            core[key] = np.where(pending, np.nan, core[key])


def _broadcast(n, target, value_max, comparator, direction, tolerance) -> dict:
    """Every per-target argument as an array of length n, checked."""
    cmp = np.broadcast_to(np.asarray(comparator), (n,))
    unknown = set(np.unique(cmp)) - set(COMPARATORS)
    if unknown:
        raise ValueError(f"未知的比较方式：{'、'.join(sorted(map(str, unknown)))}")
    vmax = np.broadcast_to(np.asarray(np.nan if value_max is None else value_max, dtype=float), (n,))
    if np.any((cmp == "range") & np.isnan(vmax)):
        raise ValueError("区间目标须给出不小于下限的上限 value_max")
    dirs = np.broadcast_to(np.asarray("" if direction is None else direction), (n,))
    return {
        "comparator": cmp,
        "target": np.broadcast_to(np.asarray(target, dtype=float), (n,)),
        "value_max": vmax,
        "tolerance": np.broadcast_to(np.asarray(tolerance, dtype=float), (n,)),
        "direction": np.where(dirs == None, "", dirs).astype(str),  # noqa: E711
    }


def _base(matrix, parsed, usable, base_year, base_value, n):
    """Given base values where present, else the base year's year-end column, else NaN."""
    column = next((i for i in usable if parsed[i].end == year_end(base_year)), None)
    from_data = matrix[:, column] if column is not None else np.full(n, np.nan)
    if base_value is None:
        return from_data.copy()
    given = np.broadcast_to(np.asarray(base_value, dtype=float), (n,))
    return np.where(np.isnan(given), from_data, given)
