"""Evaluation speed: 100,000 synthetic quarterly level series (2020Q1–2025Q4), 24 periods each.

Prints the time of the full batch evaluation (`evaluate_many`: status, ratio, expected value,
projection, forecast with interval and probability) next to a bare NumPy computation of the
same growth ratios (last figure, base column, two powers, one division) as the floor, and
their ratio. For scale it also times the one-series path (`evaluate`, with its Chinese
sentence) on a sample and extrapolates. Run:

    .venv/bin/python bench/bench_progress.py [--series 100000] [--repeat 3] [--sample 2000]

Goal (issue 4): 100,000 series in under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date

import numpy as np

from planwatch.progress import Observation, TargetSpec, evaluate, evaluate_many

PERIODS = [f"{y}Q{q}" for y in range(2020, 2026) for q in range(1, 5)]
BASE_YEAR, TARGET_YEAR, TODAY = 2020, 2027, date(2026, 1, 15)
BASE_COL = PERIODS.index("2020Q4")


def synthetic(n: int, seed: int = 4):
    """Growth between −4% and +10% a year with noise, 3% of figures missing, 1% of series
    crossing zero (the linear fallback), 20% of targets lower-is-better."""
    rng = np.random.default_rng(seed)
    t = np.arange(len(PERIODS)) / 4
    growth = rng.uniform(-0.04, 0.10, size=(n, 1))
    level = rng.uniform(10, 2000, size=(n, 1))
    values = level * (1 + growth) ** t * rng.normal(1, 0.01, size=(n, len(PERIODS)))
    crossing = rng.random(n) < 0.01
    values[crossing] -= level[crossing] * 1.2
    values[rng.random(values.shape) < 0.03] = np.nan
    values[:, BASE_COL] = np.where(np.isnan(values[:, BASE_COL]), level[:, 0], values[:, BASE_COL])
    lower = rng.random(n) < 0.2
    target = values[:, BASE_COL] * np.where(lower, 0.8, 1.5)
    comparator = np.where(lower, "<=", ">=")
    return values, target, comparator


def floor(values, target):
    """The bare computation: observed over required compound growth, last figure per row."""
    has = ~np.isnan(values)
    last = values.shape[1] - 1 - np.argmax(has[:, ::-1], axis=1)
    x = values[np.arange(len(values)), last]
    t = (last - BASE_COL) / 4
    x0 = values[:, BASE_COL]
    with np.errstate(all="ignore"):
        return ((x / x0) ** (1 / t) - 1) / ((target / x0) ** (1 / (TARGET_YEAR - BASE_YEAR)) - 1)


def batch(values, target, comparator, with_forecast=True):
    return evaluate_many(
        values, PERIODS, target=target, comparator=comparator, base_year=BASE_YEAR,
        target_year=TARGET_YEAR, today=TODAY, with_forecast=with_forecast,
    )  # fmt: skip


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def one_by_one(values, target, comparator) -> None:
    for row, tv, cmp in zip(values, target, comparator, strict=True):
        series = [
            Observation(p, None if np.isnan(v) else float(v)) for p, v in zip(PERIODS, row, strict=True)
        ]
        spec = TargetSpec(float(tv), str(cmp), "level", year=TARGET_YEAR, base_year=BASE_YEAR)
        evaluate(spec, series, TODAY)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args(argv)
    values, target, comparator = synthetic(args.series)
    full = best_of(args.repeat, lambda: batch(values, target, comparator))
    status_only = best_of(args.repeat, lambda: batch(values, target, comparator, with_forecast=False))
    bare = best_of(args.repeat, lambda: floor(values, target))
    result = batch(values, target, comparator)
    counts = dict(zip(*np.unique(result.statuses(), return_counts=True), strict=True))
    print(
        f"evaluate {args.series} series: {full:.2f} s | numpy floor {bare:.3f} s | ratio {full / bare:.0f}x"
        f" | {'under' if full < 5 else 'OVER'} the 5 s goal"
    )
    print(
        f"status only (no forecast): {status_only:.2f} s | numpy floor {bare:.3f} s | ratio {status_only / bare:.0f}x"
    )
    k = min(args.sample, args.series)
    single = best_of(1, lambda: one_by_one(values[:k], target[:k], comparator[:k]))
    print(
        f"evaluate() one by one: {k} series {single:.2f} s | {single / k * 1e6:.0f} µs each"
        f" | {args.series} would take {single / k * args.series:.0f} s"
    )
    print("statuses: " + ", ".join(f"{s} {c}" for s, c in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
