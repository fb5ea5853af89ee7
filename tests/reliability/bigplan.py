"""A large plan and a large data file, made directly in the database (no document to extract):
the load tests and `bench/bench_bulk.py` share it.

`make_plan` writes ARTICLES × PER_ARTICLE indicators with distinct names; `write_data` writes a
CSV with one row per indicator and month, ROWS rows in all, naming indicators by full name.
"""

from __future__ import annotations

import csv
from pathlib import Path


def make_plan(*, name: str = "big", indicators: int = 4000, per_article: int = 10):
    """A plan with ``indicators`` indicators, ``per_article`` in each article; returns the plan."""
    from planwatch.indicators.models import Indicator
    from planwatch.plans.models import Article, Plan

    plan = Plan.objects.create(name=name, title="大型测试计划", period_start=2023, period_end=2025)
    count = -(-indicators // per_article)
    Article.objects.bulk_create(
        [Article(plan=plan, number=n + 1, label=f"（{n + 1}）", position=n) for n in range(count)]
    )
    articles = list(plan.articles.order_by("position"))
    Indicator.objects.bulk_create(
        [
            Indicator(
                plan=plan,
                article=articles[n // per_article],
                name=indicator_name(n),
                measure_unit="亿元",
                position=n % per_article,
            )
            for n in range(indicators)
        ],  # fmt: skip
        batch_size=500,
    )
    return plan


def indicator_name(n: int) -> str:
    return f"测试产业{n:05d}号增加值"


def row_value(r: int, offset: int = 0) -> str:
    return f"{(r % 997) * 1.5 + offset:.1f}"


def write_data(path: Path, *, indicators: int, rows: int, first_year: int = 2000, offset: int = 0) -> Path:
    """``rows`` figures: indicator n, month m (from January of ``first_year``) for every row;
    ``offset`` shifts every value (another version of the same file)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["指标", "期间", "数值", "来源"])
        for r in range(rows):
            month = r // indicators
            out.writerow(
                [indicator_name(r % indicators), f"{first_year + month // 12}-{month % 12 + 1:02d}",
                 row_value(r, offset), "测试"]
            )  # fmt: skip
    return path


def main(argv: list[str] | None = None) -> int:
    """``python bigplan.py OUT.csv --indicators N --rows R``: the plan in the database that the
    PLANWATCH_* environment names (migrated already), and its data file at OUT.csv."""
    import argparse
    import os

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicators", type=int, default=4000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    import django

    django.setup()
    plan = make_plan(indicators=args.indicators)
    write_data(args.out, indicators=args.indicators, rows=args.rows)
    print(plan.pk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
