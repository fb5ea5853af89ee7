"""Forecast: the target-year value from a least-squares trend, an 80% interval, P(target met).

The model, deliberately simple so a statistician can check it by hand:
  * fit y = a + b·t by ordinary least squares, where y is log(value) when every point is positive
    (constant growth rate: log-linear) and the value itself otherwise (constant absolute change);
  * the residual standard error s (n − 2 degrees of freedom) gives the prediction standard error
    at the target time t*: se = s·√(1 + 1/n + (t* − t̄)² / Σ(t − t̄)²);
  * the 80% interval is ŷ ± t₀.₉(n − 2)·se and the probability of meeting the target is
    P(ŷ + se·T meets it) with T ~ Student's t(n − 2) — the same distribution for both (SciPy),
    mapped back through exp for the log-linear model.
Fewer than `MIN_POINTS` points: no forecast (no residual error to measure). Fewer than
`MIN_PROBABILITY_POINTS`: a band (wide, as t with 1–2 degrees of freedom is) but no probability.
A perfect fit measures no error at all: its band uses a residual error of `PERFECT_FIT_FLOOR`
(1% of the level) and it gets no probability — never a certain 0 or 1.
A series that has never been negative (a count, an amount) is not forecast below zero, and a
total whose yearly amounts have never been negative is not forecast below what it has already
reached: the straight line is cut there, band included ("−4.06家" is not a forecast).
Rows are fitted all at once (NumPy, one row per series) so the batch path costs no loop.
"""

from __future__ import annotations

import math

import numpy as np

from .goal import Goal
from .model import Forecast

LEVEL = 0.8  # two-sided interval
MIN_POINTS = 3
MIN_PROBABILITY_POINTS = 5
PERFECT_FIT_FLOOR = 0.01  # residual error used when every point lies on the line (1% of the level)
_EXACT = 1e-9  # residuals below this share of the level count as a perfect fit


def _student_t():
    """scipy's Student's t (cdf, quantile), imported on first use: scipy.special rather than
    scipy.stats (the same functions; stats.t calls them) and not at start-up — importing
    scipy.stats costs ~75 MB of memory in every process, scipy.special ~27 MB in processes that never
    forecast, such as load-data (issue 20)."""
    from scipy.special import stdtr, stdtrit

    return stdtr, stdtrit


def t_quantile(df):
    """t₀.₉ for each row's degrees of freedom (NaN where df < 1)."""
    _, stdtrit = _student_t()
    df = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(df >= 1, stdtrit(np.maximum(df, 1), 0.5 + LEVEL / 2), np.nan)


def fit_rows(times, values, at, allow_log=True) -> dict:
    """Fit every row of ``values`` (NaN = no point) against ``times`` and predict at ``at``.

    Times should be small numbers (years since the base) to keep the sums well conditioned.
    Returns arrays: ``ok`` (enough points), ``log`` (model used), ``mu``/``se``/``df`` in the
    fitted scale, ``perfect`` (no residual error), ``value``/``low``/``high`` back in the value
    scale, and ``n``.
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    t = np.asarray(times, dtype=float)[None, :]
    mask = ~np.isnan(values)
    w = mask.astype(float)
    n = w.sum(axis=1)
    log = np.asarray(allow_log) & np.all(np.where(mask, values, 1.0) > 0, axis=1)
    z = np.where(log[:, None], np.log(np.where(values > 0, values, 1.0)), values)
    z = np.where(mask, z, 0.0)
    with np.errstate(all="ignore"):
        mt = (w * t).sum(axis=1) / n
        mz = (w * z).sum(axis=1) / n
        dt = w * (t - mt[:, None])
        sxx = (dt * dt).sum(axis=1)
        slope = (dt * (z - mz[:, None])).sum(axis=1) / sxx
        resid = w * (z - mz[:, None] - slope[:, None] * (t - mt[:, None]))
        s = np.sqrt((resid * resid).sum(axis=1) / (n - 2))
        scale = np.where(log, 1.0, np.maximum(np.abs(mz), 1e-12))
        perfect = s <= _EXACT * scale
        s = np.where(perfect, PERFECT_FIT_FLOOR * scale, s)
        mu = mz + slope * (at - mt)
        se = s * np.sqrt(1.0 + 1.0 / n + (at - mt) ** 2 / sxx)
    ok = (n >= MIN_POINTS) & (sxx > 0) & np.isfinite(mu) & np.isfinite(se)
    df = n - 2
    out = {"ok": ok, "log": log, "mu": mu, "se": se, "df": df, "perfect": perfect, "n": n.astype(int)}
    back = _back(log, mu, se, df)
    never_negative = np.all(np.where(mask, values, 0.0) >= 0, axis=1)
    return {**out, **{k: np.where(never_negative, np.maximum(v, 0.0), v) for k, v in back.items()}}


def _back(log, mu, se, df) -> dict:
    """The prediction and its interval mapped from the fitted scale back to values."""
    q = t_quantile(df)
    with np.errstate(all="ignore"):
        lo, hi = mu - q * se, mu + q * se
        return {
            "value": np.where(log, np.exp(mu), mu),
            "low": np.where(log, np.exp(lo), lo),
            "high": np.where(log, np.exp(hi), hi),
        }


def probability(fit: dict, sign, thr, cap):
    """P(target met) for every row: the predicted value is ŷ + se·T, T ~ t(n − 2).

    Met means at or past ``thr`` in the direction ``sign`` and, for a range, not past ``cap``.
    This is the bare t probability; `shown` says where it may be reported.
    """
    mu, se, log, df = fit["mu"], fit["se"], fit["log"], fit["df"]
    stdtr, _ = _student_t()
    with np.errstate(all="ignore"):
        f_thr, f_cap = _scale(thr, log), _scale(cap, log)
        below_thr = stdtr(np.maximum(df, 1), (f_thr - mu) / se)
        below_cap = np.where(
            np.isnan(cap), np.where(sign > 0, 1.0, 0.0), stdtr(np.maximum(df, 1), (f_cap - mu) / se)
        )
        return np.clip(np.where(sign > 0, below_cap - below_thr, below_thr - below_cap), 0.0, 1.0)


def shown(fit: dict):
    """Where a probability may be reported: enough points, and a measured residual error."""
    return (fit["n"] >= MIN_PROBABILITY_POINTS) & ~fit["perfect"]


def _scale(v, log):
    """A threshold in the fitted scale: log for the log-linear model (−∞ for values ≤ 0)."""
    v = np.asarray(v, dtype=float)
    return np.where(log, np.log(np.where(v > 0, v, 1.0)) + np.where(v > 0, 0.0, -np.inf), v)


def forecast_points(
    points, at: float, origin: float, goal: Goal, year: int, allow_log=True
) -> Forecast | None:
    """One series' forecast from (time, value, period code) points; None below `MIN_POINTS`."""
    if len(points) < MIN_POINTS:
        return None
    times = np.array([p[0] - origin for p in points])
    fit = fit_rows(times, np.array([[p[1] for p in points]]), at - origin, allow_log)
    if not fit["ok"][0]:
        return None
    cap = math.nan if goal.cap is None else goal.cap
    p = probability(fit, np.array([goal.sign]), np.array([goal.threshold]), np.array([cap]))
    p = np.where(shown(fit), p, np.nan)
    return Forecast(
        year=year,
        value=float(fit["value"][0]),
        low=float(fit["low"][0]),
        high=float(fit["high"][0]),
        probability=None if math.isnan(p[0]) else float(p[0]),
        model="log-linear" if fit["log"][0] else "linear",
        points=int(fit["n"][0]),
        first=points[0][2],
        last=points[-1][2],
    )


def forecast_total(
    amounts, future: list[int], done: float, goal: Goal, year: int, reached: float | None = None
) -> Forecast | None:
    """A plan-period total: ``done`` so far plus the amounts of the ``future`` years, each
    projected by a linear trend of the yearly ``amounts`` [(year, amount)] — annual values,
    never running totals (whose errors are correlated), and no invented zero point.

    The sum of m predictions has variance s²·(m + m²/n + (Σⱼ(tⱼ − t̄))² / Σ(t − t̄)²).
    """
    n = len(amounts)
    if n < MIN_POINTS or not future:
        return None
    t = np.array([a[0] for a in amounts], dtype=float)
    y = np.array([a[1] for a in amounts], dtype=float)
    mt, sxx = t.mean(), ((t - t.mean()) ** 2).sum()
    slope = ((t - mt) * (y - y.mean())).sum() / sxx
    resid = y - y.mean() - slope * (t - mt)
    s = math.sqrt((resid**2).sum() / (n - 2))
    perfect = s <= _EXACT * max(abs(y.mean()), 1e-12)
    s = PERFECT_FIT_FLOOR * max(abs(y.mean()), 1e-12) if perfect else s
    tj = np.array(future, dtype=float)
    m = len(future)
    ahead = y.mean() + slope * (tj - mt)
    # amounts never negative: the total cannot fall below what it has reached (part year included)
    never_negative = bool((y >= 0).all())
    floor = max(done, reached if reached is not None else done) if never_negative else -math.inf
    if never_negative:
        ahead = np.maximum(ahead, 0.0)
    total = max(done + float(ahead.sum()), floor)
    se = s * math.sqrt(m + m * m / n + ((tj - mt).sum()) ** 2 / sxx)
    q = float(t_quantile(n - 2))
    p = None
    if n >= MIN_PROBABILITY_POINTS and not perfect:
        stdtr, _ = _student_t()
        below = float(stdtr(n - 2, (goal.threshold - total) / se))
        p = 1.0 - below if goal.sign > 0 else below
    return Forecast(
        year=year, value=total, low=max(total - q * se, floor), high=total + q * se, probability=p,
        model="linear", points=n, first=str(amounts[0][0]), last=str(amounts[-1][0]),
    )  # fmt: skip
