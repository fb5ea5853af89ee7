"""Forecast: the target-year value from a least-squares trend, an 80% interval, P(target met).

The model, deliberately simple so a statistician can check it by hand:
  * fit y = a + b·t by ordinary least squares, where y is log(value) when every point is positive
    (constant growth rate: log-linear) and the value itself otherwise (constant absolute change);
  * the residual standard error s (n − 2 degrees of freedom) gives the prediction standard error
    at the target time t*: se = s·√(1 + 1/n + (t* − t̄)² / Σ(t − t̄)²);
  * with few points the normal quantile would make the interval far too narrow, so se is widened
    by t₀.₉(n − 2) / z₀.₉ (Student's t for the n − 2 degrees of freedom; 3.08 / 1.28 with three
    points) — the 80% interval is then ŷ ± t₀.₉·se, mapped back through exp for the log-linear
    model;
  * the probability of meeting the target is P(Y meets the comparator) for Y ~ Normal(ŷ, se′)
    in the fitted scale, with the widened se′ (a normal stand-in for the t distribution).
With fewer than 3 points there is no residual error to measure, so there is no forecast.
Rows are fitted all at once (NumPy, one row per series) so the batch path costs no loop.
"""

from __future__ import annotations

import math

import numpy as np

from .goal import Goal
from .model import Forecast

Z80 = 1.2815515655446004  # Φ⁻¹(0.9): the two-sided 80% normal interval
MIN_POINTS = 3
# t₀.₉ for 1‥30 degrees of freedom (standard tables); beyond 30 a Cornish–Fisher step from Z80.
_T90 = (
    3.078,
    1.886,
    1.638,
    1.533,
    1.476,
    1.440,
    1.415,
    1.397,
    1.383,
    1.372,
    1.363,
    1.356,
    1.350,
    1.345,
    1.341,
    1.337,
    1.333,
    1.330,
    1.328,
    1.325,
    1.323,
    1.321,
    1.319,
    1.318,
    1.316,
    1.315,
    1.314,
    1.313,
    1.311,
    1.310,
)


def t90(df):
    """Student's t 0.9 quantile for each row's degrees of freedom (no SciPy needed)."""
    df = np.asarray(df, dtype=float)
    table = np.array(_T90)
    index = np.clip(df, 1, len(table)).astype(int) - 1
    tail = Z80 + (Z80**3 + Z80) / (4 * np.maximum(df, 1))
    return np.where(df <= len(table), table[index], tail)


_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf(z):
    """Φ(z) elementwise, via math.erf (no SciPy needed)."""
    return 0.5 * (1.0 + _erf(np.asarray(z, dtype=float) / math.sqrt(2.0)).astype(float))


def fit_rows(times, values, at, allow_log=True) -> dict:
    """Fit every row of ``values`` (NaN = no point) against ``times`` and predict at ``at``.

    Times should be small numbers (years since the base) to keep the sums well conditioned.
    Returns arrays: ``ok`` (enough points), ``log`` (model used), ``mu``/``se`` in the fitted
    scale, ``value``/``low``/``high`` back in the value scale, and ``n``.
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
        s2 = (resid * resid).sum(axis=1) / (n - 2)
        mu = mz + slope * (at - mt)
        se = np.sqrt(s2 * (1.0 + 1.0 / n + (at - mt) ** 2 / sxx)) * t90(n - 2) / Z80
    ok = (n >= MIN_POINTS) & (sxx > 0) & np.isfinite(mu) & np.isfinite(se)
    back = _back(log)
    return {"ok": ok, "log": log, "mu": mu, "se": se, "n": n.astype(int), **back(mu, se)}


def _back(log):
    """Map a prediction and its interval from the fitted scale back to values."""

    def convert(mu, se):
        with np.errstate(all="ignore"):
            lo, hi = mu - Z80 * se, mu + Z80 * se
            return {
                "value": np.where(log, np.exp(mu), mu),
                "low": np.where(log, np.exp(lo), lo),
                "high": np.where(log, np.exp(hi), hi),
            }

    return convert


def probability(fit: dict, sign, thr, cap):
    """P(target met) under Normal(mu, se) in the fitted scale, for every row at once.

    Met means at or past ``thr`` in the direction ``sign`` and, for a range, not past ``cap``.
    A perfect fit (se = 0) gives 0 or 1: the trend either reaches the target or it does not.
    """
    mu, se, log = fit["mu"], fit["se"], fit["log"]
    with np.errstate(all="ignore"):
        f_thr, f_cap = _scale(thr, log), _scale(cap, log)
        below_thr = normal_cdf((f_thr - mu) / se)
        below_cap = np.where(np.isnan(cap), np.where(sign > 0, 1.0, 0.0), normal_cdf((f_cap - mu) / se))
        p = np.where(sign > 0, below_cap - below_thr, below_thr - below_cap)
        exact_met = np.where(sign > 0, mu >= f_thr, mu <= f_thr) & ~np.where(
            np.isnan(cap), False, np.where(sign > 0, mu > f_cap, mu < f_cap)
        )
    p = np.where(se > 0, p, exact_met.astype(float))
    return np.clip(p, 0.0, 1.0)


def _scale(v, log):
    """A threshold in the fitted scale: log for the log-linear model (−∞ for values ≤ 0)."""
    v = np.asarray(v, dtype=float)
    return np.where(log, np.log(np.where(v > 0, v, 1.0)) + np.where(v > 0, 0.0, -np.inf), v)


def forecast_points(
    points, at: float, origin: float, goal: Goal, year: int, allow_log=True
) -> Forecast | None:
    """One series' forecast from (time, value) points; None with fewer than 3 points."""
    if len(points) < MIN_POINTS:
        return None
    times = np.array([t - origin for t, _ in points])
    fit = fit_rows(times, np.array([[v for _, v in points]]), at - origin, allow_log)
    if not fit["ok"][0]:
        return None
    cap = math.nan if goal.cap is None else goal.cap
    p = probability(fit, np.array([goal.sign]), np.array([goal.threshold]), np.array([cap]))
    return Forecast(
        year=year,
        value=float(fit["value"][0]),
        low=float(fit["low"][0]),
        high=float(fit["high"][0]),
        probability=float(p[0]),
        model="log-linear" if fit["log"][0] else "linear",
        points=int(fit["n"][0]),
    )
