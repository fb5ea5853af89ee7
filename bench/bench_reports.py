"""Report and ledger speed on the seed plan with demo data (issue 18: the quarterly report under 5 s).

Prints, for each kind, the time to make the file from a cold evaluation cache (the worst case a
page meets: right after an approval) and from a warm one, next to the evaluation alone measured
cold in the same run (the floor every report stands on) and their ratio. Run after
`planwatch demo --no-serve` in the same PLANWATCH_DATA_DIR:

    PLANWATCH_DATA_DIR=/tmp/demo .venv/bin/python bench/bench_reports.py [--period 2024Q3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time

import django


def best_of(repeat: int, fn, before=lambda: None) -> float:
    times = []
    for _ in range(repeat):
        before()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="shizhong-2023")
    parser.add_argument("--period", default="2024Q3")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    django.setup()
    from planwatch.indicators.evaluation import evaluate_plan
    from planwatch.indicators.evaluation_cache import clear
    from planwatch.plans.services import get_plan
    from planwatch.progress.periods import parse_period
    from planwatch.reports.services import make_bytes

    plan = get_plan(args.plan)
    as_of = parse_period(args.period).end
    floor = best_of(args.repeat, lambda: evaluate_plan(plan=plan, as_of=as_of), before=clear)
    print(f"evaluation alone (cold cache): {floor:.3f} s")
    print(f"{'kind':<22}{'cold s':>9}{'warm s':>9}{'cold/evaluation':>17}")
    for kind in ("progress", "brief", "ledger-targets", "ledger-submissions", "ledger-tasks", "ledger-policies"):
        make = lambda kind=kind: make_bytes(plan=plan, kind=kind, period=args.period)  # noqa: E731
        cold = best_of(args.repeat, make, before=clear)
        warm = best_of(args.repeat, make)
        print(f"{kind:<22}{cold:>9.3f}{warm:>9.3f}{cold / floor:>17.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
