"""Level and change-vs-base targets: observed growth against the growth the target requires.

Statistics Canada's method as Open SDG's sdg-build applies it: from the base value x₀ at the
base year t₀ to the latest value x at time t, the observed compound annual growth
g_o = (x/x₀)^(1/(t−t₀)) − 1 is divided by the growth the target requires,
g_r = (aim/x₀)^(1/(T−t₀)) − 1. For a lower-is-better target both are negative, so the ratio is
positive exactly when the indicator moves the right way. Where a growth rate is undefined (base
or target ≤ 0) the same ratio is taken of absolute changes per year instead.

`level_core` does this for many series at once in NumPy; the one-series path calls it with a
single row, so both paths are the same arithmetic by construction.
"""

from __future__ import annotations

import math

import numpy as np

from . import explain
from .forecast import fit_rows, probability, shown
from .goal import Goal, beyond_array, make_goal, met_array
from .model import (
    ACCELERATE_AT,
    NO_DATA,
    ON_TRACK_AT,
    STATUSES,
    Evaluation,
    Forecast,
    TargetSpec,
)
from .series import Point, value_at_year_end

CODE = {s: np.int8(i) for i, s in enumerate(STATUSES)}


def status_codes(ratio):
    """Thresholds 0.95 / 0.6 / 0 on ratios rounded to 9 decimals, so that a hand-computed
    boundary (exactly 0.95) is not lost to floating-point noise. NaN gives 'deteriorating';
    callers overwrite the rows where the ratio is undefined."""
    r = np.round(ratio, 9)
    with np.errstate(invalid="ignore"):
        return np.select(
            [r >= ON_TRACK_AT, r >= ACCELERATE_AT, r >= 0],
            [CODE["on_track"], CODE["needs_acceleration"], CODE["off_track"]],
            CODE["deteriorating"],
        ).astype(np.int8)


def level_core(times, values, x0, t0: float, T: float, goal, with_forecast=True, history=None) -> dict:
    """Status, ratio, expected and projected values (and forecasts) for every row.

    ``times`` (p,) are decimal times in (t₀, T]; ``values`` (n, p) with NaN for no figure;
    ``x0`` (n,) base values (NaN: none); ``goal`` = (sign, aim, threshold, cap) arrays.
    ``history`` = (times (h,), values (n, h)) before the base: used by the trend forecast only
    (the status measures growth from the base, the trend is best seen on the whole series).
    """
    sign, aim, thr, cap = goal
    values = np.atleast_2d(np.asarray(values, dtype=float))
    times = np.asarray(times, dtype=float)
    if times.size == 0:
        values, times = np.full((values.shape[0], 1), np.nan), np.array([T])
    n, p = values.shape
    has = ~np.isnan(values)
    seen = has.any(axis=1)
    last = p - 1 - np.argmax(has[:, ::-1], axis=1)
    x = np.where(seen, values[np.arange(n), last], np.nan)
    t = np.where(seen, times[last], np.nan)
    ok = seen & ~np.isnan(x0)
    out = _growth(x0, x, t - t0, T - t0, sign, aim)
    for key in ("g_o", "ratio", "expected", "projected"):
        out[key] = np.where(ok, out[key], np.nan)
    out.update(x=x, t=t, last=np.where(seen, last, -1), ok=ok)
    out["status"] = _statuses(out, x, t, T, sign, thr, cap, ok)
    if with_forecast:
        out.update(_forecasts(times, values, x0, t0, T, (sign, thr, cap), ok & ~out["final"], history))
    return out


def _growth(x0, x, dt_o, dt_r, sign, aim) -> dict:
    """Observed and required growth; compound when base and aim are positive, else linear.

    The method depends on the base and the aim only, so the expected path does not move with
    the latest value; a latest value ≤ 0 under the compound method counts as a 100% fall.
    """
    compound = (x0 > 0) & (aim > 0)
    with np.errstate(all="ignore"):
        g_o = np.where(compound, np.where(x > 0, (x / x0) ** (1 / dt_o) - 1, -1.0), (x - x0) / dt_o)
        g_r = np.where(compound, (aim / x0) ** (1 / dt_r) - 1, (aim - x0) / dt_r)
        need = sign * (aim - x0) > 0
        ratio = np.where(need, g_o / g_r, np.nan)
        expected = np.where(need, np.where(compound, x0 * (1 + g_r) ** dt_o, x0 + g_r * dt_o), np.nan)
        projected = np.where(compound, x0 * (1 + g_o) ** dt_r, x0 + g_o * dt_r)
    return {"compound": compound, "g_o": g_o, "g_r": g_r, "need": need, "ratio": ratio,
            "expected": expected, "projected": projected}  # fmt: skip


def _statuses(out, x, t, T, sign, thr, cap, ok):
    """Ratio thresholds, then the rules that override them, weakest first."""
    status = status_codes(out["ratio"])
    met, beyond = met_array(x, sign, thr, cap), beyond_array(x, sign, cap)
    final = t >= T - 1e-9
    status = np.where(final & ~met, np.minimum(status, CODE["off_track"]), status)
    status = np.where(beyond, CODE["off_track"], status)
    status = np.where(~out["need"] & ~met & ~beyond, CODE["deteriorating"], status)
    status = np.where(met, CODE["achieved"], status)
    out.update(met=met, beyond=beyond, final=final)
    return np.where(ok, status, CODE[NO_DATA]).astype(np.int8)


def _forecasts(times, values, x0, t0, T, goal, wanted, history=None) -> dict:
    """Trend forecasts at the target year from every figure up to it: those before the base
    (``history``), the base point and every later point."""
    h_times, h_values = history if history is not None else (np.array([]), np.empty((len(x0), 0)))
    rel = np.concatenate([np.asarray(h_times, dtype=float) - t0, [0.0], times - t0])
    fit = fit_rows(rel, np.column_stack([np.asarray(h_values, dtype=float), x0, values]), T - t0)
    ok = fit["ok"] & wanted
    return {
        "f_ok": ok,
        "f_value": np.where(ok, fit["value"], np.nan),
        "f_low": np.where(ok, fit["low"], np.nan),
        "f_high": np.where(ok, fit["high"], np.nan),
        "f_prob": np.where(ok & shown(fit), probability(fit, *goal), np.nan),
        "f_log": fit["log"],
        "f_n": fit["n"],
    }


def level_columns(spec: TargetSpec, points: list[Point], kind: str, t0: float, T: float):
    """The (time, value, period code) points after ``t0`` and up to ``T``.

    Stocks use every observation at its period's end; flows use complete years' totals only,
    because a part-year amount is not a level (never extrapolate the rest of a year).
    """
    if kind == "stock":
        return [(p.period.time, p.value, p.period.code) for p in points if t0 < p.period.time <= T + 1e-9]
    years = sorted({p.period.year for p in points if t0 < p.period.year <= T})
    totals = ((y, value_at_year_end(points, y, "flow")) for y in years)
    return [(float(y), v, str(y)) for y, v in totals if v is not None]


def change_to_level(spec: TargetSpec, base: float) -> tuple[str, float, float | None]:
    """'降低13.3%' from base x₀ → the level target x₀·(1 − 0.133) with comparator '<='.

    A decrease at least as large ('>=' on the change) is a ceiling on the level; a decrease at
    most as large ('<=') a floor; '≈', '=' and ranges map their bounds the same way.
    """
    decrease = _is_decrease(spec)
    step = -1 if decrease else 1

    def level(pct):
        return base * (1 + step * abs(pct) / 100)

    if spec.comparator == "range":
        lo, hi = sorted((level(spec.value), level(spec.value_max)))
        return "range", lo, hi
    flip = {">=": "<=", "<=": ">="}
    comparator = flip.get(spec.comparator, spec.comparator) if decrease else spec.comparator
    return comparator, level(spec.value), None


def _is_decrease(spec: TargetSpec) -> bool:
    if spec.change_direction:
        return spec.change_direction == "decrease"
    return spec.value < 0


def evaluate_level(spec: TargetSpec, points: list[Point], today) -> Evaluation:
    """One level or change-vs-base target, through the same NumPy core as the batch path."""
    kind, t0, T = spec.resolved_kind, spec.resolved_base_year, spec.target_year
    base = spec.base_value if spec.base_value is not None else value_at_year_end(points, t0, kind)
    comparator, value, value_max = spec.comparator, spec.value, spec.value_max
    if spec.basis == "change_vs_base":
        if base is None or base <= 0:
            return _no_data(spec, explain.no_base(t0, base), base)
        comparator, value, value_max = change_to_level(spec, base)
    goal = make_goal(
        comparator, value, value_max, tolerance=spec.tolerance, direction=spec.direction, base=base
    )
    cols = level_columns(spec, points, kind, t0, T)
    if base is None or not cols:
        reason = explain.nothing_after(t0, today, bool(points))
        if points and base is None:
            reason = explain.no_base(t0, base)
        return _no_data(spec, reason, base)
    arrays = _goal_row(goal)
    before = [c for c in level_columns(spec, points, kind, -math.inf, t0) if c[0] < t0 - 1e-9]
    history = (np.array([c[0] for c in before]), np.array([[c[1] for c in before]]).reshape(1, len(before)))
    core = level_core([c[0] for c in cols], [[c[1] for c in cols]], np.array([base]), t0, T, arrays, history=history)
    row = {k: (v[0] if isinstance(v, np.ndarray) else v) for k, v in core.items()}
    latest = cols[int(row["last"])]
    forecast = _forecast(row, T, before[0][2] if before else str(t0), latest[2])
    facts = explain.LevelFacts(
        spec=spec, goal=goal, status=STATUSES[int(row["status"])], base=base, t0=t0, T=T,
        latest_code=latest[2], x=latest[1], g_o=float(row["g_o"]), g_r=float(row["g_r"]), compound=bool(row["compound"]),
        projected=float(row["projected"]), need=bool(row["need"]), final=bool(row["final"]),
        beyond=bool(row["beyond"]), level_target=value, level_target_max=value_max,
        forecast_missing=forecast is None and not row["final"] and not row["met"],
    )  # fmt: skip
    return Evaluation(
        status=facts.status,
        ratio=_num(row["ratio"]),
        expected=_num(row["expected"]),
        latest=(latest[2], latest[1]),
        base=(t0, base),
        forecast=forecast,
        explanation=explain.level_sentence(facts, forecast),
        actual=latest[1],
        target=value,
        target_year=T,
        method="compound" if row["compound"] else "linear",
        expected_path=_path(base, goal.aim, t0, T, bool(row["compound"]), bool(row["need"])),
        final=bool(row["final"]),
    )


def _goal_row(goal: Goal):
    cap = math.nan if goal.cap is None else goal.cap
    return tuple(np.array([v], dtype=float) for v in (goal.sign, goal.aim, goal.threshold, cap))


def _forecast(row: dict, T: int, first: str, last: str) -> Forecast | None:
    if not row.get("f_ok"):
        return None
    return Forecast(
        year=T,
        value=float(row["f_value"]),
        low=float(row["f_low"]),
        high=float(row["f_high"]),
        probability=_num(row["f_prob"]),
        model="log-linear" if row["f_log"] else "linear",
        points=int(row["f_n"]),
        first=first,
        last=last,
    )


def _path(base, aim, t0, T, compound, need) -> list[tuple[str, float]]:
    """The required path, year end by year end, from the base value to the aim."""
    if not need:
        return [(str(y), aim) for y in range(t0, T + 1)]
    if compound:
        g = (aim / base) ** (1 / (T - t0)) - 1
        return [(str(y), base * (1 + g) ** (y - t0)) for y in range(t0, T)] + [(str(T), aim)]
    step = (aim - base) / (T - t0)
    return [(str(y), base + step * (y - t0)) for y in range(t0, T)] + [(str(T), aim)]


def _num(v) -> float | None:
    v = float(v)
    return None if math.isnan(v) else v


def _no_data(spec: TargetSpec, reason: str, base) -> Evaluation:
    t0 = spec.resolved_base_year
    return Evaluation(
        status=NO_DATA,
        ratio=None,
        expected=None,
        latest=None,
        base=(t0, base) if base is not None else None,
        forecast=None,
        explanation=reason,
        target=spec.value,
        target_year=spec.target_year,
    )
