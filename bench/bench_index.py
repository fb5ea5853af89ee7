"""Composite index speed (issue 17): 2,000 indicators × 10 years × 20 entities (districts).

Prints the time of the full computation (`planwatch.index.core.compute`: the three
normalisations, weights, the missing-data rule, sub-indices, coverage and every indicator's
contribution to every change) next to a bare NumPy weighted mean of the same array measured in
the same run (the floor: one multiply and one sum), and their ratio. Run:

    .venv/bin/python bench/bench_index.py [--indicators 2000] [--years 10] [--entities 20] [--repeat 3]

Goal: under 1 s for each weighting (office-given, equal, entropy).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from planwatch.index.core import WEIGHTINGS, IndexSpec, compute


def synthetic(n: int, years: int, entities: int, seed: int = 17):
    """Levels 1..1000 growing −3%..+8% a year, 5% of figures missing, a fifth lower-is-better,
    methods mixed, five dimensions."""
    rng = np.random.default_rng(seed)
    level = rng.uniform(1, 1000, size=(entities, n, 1))
    growth = rng.uniform(-0.03, 0.08, size=(entities, n, 1))
    values = level * (1 + growth) ** np.arange(years) * rng.normal(1, 0.02, size=(entities, n, years))
    values[rng.random(values.shape) < 0.05] = np.nan
    kw = dict(
        dimension=rng.integers(0, 5, n),
        direction=np.where(rng.random(n) < 0.2, -1, 1),
        method=rng.choice(["target", "efficacy", "zscore"], n),
        dimension_weights=rng.uniform(0.5, 1.5, 5),
        weights=rng.uniform(0.1, 1, n),
        targets=np.nanmax(values, axis=(0, 2)) * 1.1,
    )
    return values, kw


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--entities", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    values, kw = synthetic(args.indicators, args.years, args.entities)
    weights = kw["weights"]
    floor = best_of(args.repeat, lambda: np.nansum(values * weights[None, :, None], axis=1))
    shape = f"{args.indicators} indicators × {args.years} years × {args.entities} entities"
    worst = 0.0
    for weighting in WEIGHTINGS:
        spec = IndexSpec(**kw, weighting=weighting)
        took = best_of(args.repeat, lambda spec=spec: compute(values, spec))
        result = compute(values, spec)
        gap = np.nanmax(
            np.abs(np.nansum(result.contributions[:, :, 1:], axis=1) - np.diff(result.index, axis=1))
        )
        worst = max(worst, took)
        print(
            f"{weighting:8s} {shape}: {took:.3f} s | numpy floor {floor:.4f} s | ratio {took / floor:.0f}x"
            f" | Σ contributions − change ≤ {gap:.1e} | {'under' if took < 1 else 'OVER'} the 1 s goal"
        )
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
