"""Shorthand for building series and targets in the progress tests."""

from __future__ import annotations

from datetime import date

from planwatch.progress import Observation, TargetSpec, evaluate

LATE = date(2030, 1, 1)  # an evaluation date after every figure used in these tests


def series(*pairs) -> list[Observation]:
    """series("2022", 100, "2023", 110) → [Observation("2022", 100), Observation("2023", 110)]."""
    return [Observation(str(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2)]


def quarters(year: int, *values) -> list[Observation]:
    return [Observation(f"{year}Q{i + 1}", v) for i, v in enumerate(values)]


def level(value, comparator=">=", year=2024, base_year=2022, **kw) -> TargetSpec:
    return TargetSpec(value, comparator, "level", year=year, base_year=base_year, **kw)


def run(spec, obs, today=None):
    """Evaluate as on the last day of the target's last year (every figure up to then is in,
    and the target year is not over yet, so no verdict replaces the status); or on ``today``."""
    if today is None:
        year = spec.end_year if spec.basis in ("annual", "rate") else spec.target_year
        today = date(year, 12, 31) if year else LATE
    return evaluate(spec, obs, today)
