"""A comparator turned into one shape every method shares: a direction, an aim, a threshold.

``≥ 1400`` and ``≤ 37.1`` differ only in sign; ``≈ 200`` (±5%) is ``≥ 190`` approached from below
or ``≤ 210`` from above; ``range [3, 5]`` is ``≥ 3`` from below with 5 as a far bound not to
overshoot. Reducing every comparator to (sign, aim, threshold, cap) lets one growth-ratio and one
pace computation serve all of them, in plain Python and in NumPy alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

EPS = 1e-9  # relative slack so hand-computed boundary values count as met


@dataclass(frozen=True)
class Goal:
    """``sign`` +1 when higher is better, −1 when lower is; ``aim`` is what the required pace
    heads for; ``threshold`` is where the target counts as met; ``cap`` the far bound of a range."""

    sign: int
    aim: float
    threshold: float
    cap: float | None = None

    def met(self, v: float) -> bool:
        slack = EPS * max(1.0, abs(self.threshold))
        return self.sign * (v - self.threshold) >= -slack and not self.beyond(v)

    def beyond(self, v: float) -> bool:
        """Past the far bound of a range: moved the right way, but too far."""
        if self.cap is None:
            return False
        return self.sign * (v - self.cap) > EPS * max(1.0, abs(self.cap))


def make_goal(
    comparator: str,
    value: float,
    value_max: float | None = None,
    *,
    tolerance: float = 0.05,
    direction: str | None = None,
    base: float | None = None,
) -> Goal:
    """Read the goal from the comparator; '≈', '=' and 'range' take their direction from the side
    the base value lies on (no base: from below), unless ``direction`` says otherwise."""
    explicit = {"higher": 1, "lower": -1}.get(direction or "")
    if comparator in (">=", "<="):
        sign = explicit or (1 if comparator == ">=" else -1)
        return Goal(sign, value, value)
    if comparator in ("≈", "="):
        sign = explicit or (1 if base is None or base <= value else -1)
        tol = tolerance if comparator == "≈" else 0.0
        return Goal(sign, value, value - sign * tol * abs(value))
    if comparator == "range":
        sign = explicit or (1 if base is None or base <= value_max else -1)
        near, far = (value, value_max) if sign > 0 else (value_max, value)
        return Goal(sign, near, near, far)
    raise ValueError(f"未知的比较方式：{comparator}")


def goal_arrays(comparators, value, value_max, tolerance, directions, base):
    """`make_goal` for many targets at once: arrays (sign, aim, threshold, cap; cap NaN if none).

    Inputs broadcast to one length; ``directions`` holds '' for "read it from the comparator".
    """
    cmp = np.asarray(comparators)
    value, value_max, tol, base = (np.asarray(a, dtype=float) for a in (value, value_max, tolerance, base))
    dirs = np.asarray(directions)
    explicit = np.where(dirs == "higher", 1.0, np.where(dirs == "lower", -1.0, 0.0))
    about = (cmp == "≈") | (cmp == "=")
    rng = cmp == "range"
    side = np.where(rng, value_max, value)
    from_base = np.where(np.isnan(base) | (base <= side), 1.0, -1.0)
    sign = np.where(cmp == ">=", 1.0, np.where(cmp == "<=", -1.0, from_base))
    sign = np.where(explicit != 0, explicit, sign)
    aim = np.where(rng & (sign < 0), value_max, value)
    thr = np.where(about, value - sign * np.where(cmp == "≈", tol, 0.0) * np.abs(value), aim)
    cap = np.where(rng, np.where(sign > 0, value_max, value), math.nan)
    return sign, aim, thr, cap


def met_array(x, sign, thr, cap):
    """Vectorised `Goal.met` (NaN values are never met)."""
    with np.errstate(invalid="ignore"):
        reached = sign * (x - thr) >= -EPS * np.maximum(1.0, np.abs(thr))
        return reached & ~beyond_array(x, sign, cap)


def beyond_array(x, sign, cap):
    """Vectorised `Goal.beyond`."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(cap) & (sign * (x - cap) > EPS * np.maximum(1.0, np.abs(cap)))
