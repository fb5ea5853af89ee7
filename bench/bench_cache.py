"""The warm path at city scale (issue 20): evaluations and the dashboard served from the cache.

    .venv/bin/python bench/bench_cache.py [--plans 50] [--rows 100000] [--database-url URL]

Builds a fresh installation (SQLite in a temporary data directory, or a new database on the
PostgreSQL server of --database-url, dropped afterwards): the seed plan imported PLANS times with
demo data in each, and one more copy loaded with ROWS figures by `load-data`. Then, in this
process, prints (the medians of five runs):

    evaluate all 50 plans, warm      …  ms   beside 50 primary-key reads (the floor)
    dashboard, seed plan, warm       …  ms   server time through Django's test client
    dashboard, 100000-figure plan    …  ms   and its ratio to the seed plan's

Goals (issue 20): all plans warm < 20 ms; the big plan's cached dashboard < 30 ms and within 2×
of the seed plan's. Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
import uuid
from io import StringIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SEED = BENCH.parents[0].parent / "shared" / "plans" / "shizhong-2023-2025.txt"
sys.path.insert(0, str(BENCH))


def _setup(data_dir: str, database_url: str | None) -> None:
    os.environ["PLANWATCH_DATA_DIR"] = data_dir
    os.environ.pop("PLANWATCH_DATABASE_URL", None)
    if database_url:
        os.environ["PLANWATCH_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.settings"
    os.environ.setdefault("PLANWATCH_EVALUATION_DATE", "2024-10-01")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _write(path: Path, names: list[str], rows: int) -> None:
    """ROWS monthly figures over ``names`` from January 1900 (load-data takes years 1900–2100)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["indicator", "period", "value"])
        for n in range(rows):
            month = n // len(names)
            out.writerow([names[n % len(names)], f"{1900 + month // 12}-{month % 12 + 1:02d}", f"{n * 1.5:.1f}"])


def _build(plans: int, rows: int, data_dir: str):
    from django.core.management import call_command

    from planwatch.indicators.models import Indicator
    from planwatch.plans.models import Plan

    quiet = {"stdout": StringIO(), "verbosity": 0}
    for n in range(plans):
        call_command("import_plan", str(SEED), name=f"city-{n:02d}", **quiet)
        call_command("demo_data", plan=f"city-{n:02d}", **quiet)
    call_command("import_plan", str(SEED), name="big", **quiet)
    big = Plan.objects.get(name="big")
    article = big.articles.order_by("position").first()
    for n in range(max(0, rows // 2000 + 1 - big.indicators.count())):  # ≤ 2,000 months each
        Indicator.objects.create(plan=big, article=article, name=f"测试指标{n + 1}", frequency="month")
    path = Path(data_dir) / "big.csv"
    _write(path, list(Indicator.objects.filter(plan=big).order_by("pk").values_list("name", flat=True)), rows)
    call_command("load_data", str(path), plan="big", **quiet)
    return list(Plan.objects.exclude(pk=big.pk).order_by("name")), big


def _office():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from planwatch.accounts.models import Profile

    user = get_user_model().objects.create_user(username="bench-office", password=None)
    Profile.objects.create(user=user, role="office")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def measure(plans, big) -> dict[str, float]:
    from django.db import connection

    from planwatch.indicators.evaluation import evaluate_plan

    def floor():
        with connection.cursor() as cursor:
            for plan in plans:
                cursor.execute("SELECT id FROM plans_plan WHERE id = %s", [plan.pk])
                cursor.fetchone()

    def all_plans():
        for plan in plans:
            evaluate_plan(plan=plan)

    all_plans()  # cold: fills the cache
    client = _office()

    def dashboard(plan):
        def get():
            answer = client.get(f"/?plan={plan.pk}")
            assert answer.status_code == 200, answer.status_code
        get()  # cold
        return get

    return {
        "floor": _median_ms(floor),
        "evaluate": _median_ms(all_plans),
        "seed": _median_ms(dashboard(plans[0])),
        "big": _median_ms(dashboard(big)),
    }


def main(argv: list[str]) -> int:
    args = _args(argv)
    name = ""
    url = args.database_url
    if url:
        import psycopg

        base, _, _ = url.rpartition("/")
        name = f"pw_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    try:
        with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as data_dir:
            _setup(data_dir, url)
            started = time.perf_counter()
            plans, big = _build(args.plans, args.rows, data_dir)
            built = time.perf_counter() - started
            m = measure(plans, big)
            from django.db import connections

            connections.close_all()
    finally:
        if name:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    vendor = "postgresql" if url else "sqlite"
    print(f"{vendor}: {args.plans} plans with demo data + one with {args.rows} figures (built in {built:.0f} s)")
    print(f"evaluate all {args.plans} plans, warm  {m['evaluate']:7.2f} ms   "
          f"floor ({args.plans} primary-key reads) {m['floor']:.2f} ms  ratio {m['evaluate'] / m['floor']:.1f}x")
    print(f"dashboard, seed plan, warm      {m['seed']:7.2f} ms")
    print(f"dashboard, {args.rows}-figure plan {m['big']:7.2f} ms   {m['big'] / m['seed']:.2f}x the seed plan's")
    held = m["evaluate"] < 20 and m["big"] < 30 and m["big"] <= 2 * m["seed"]
    print("goals (< 20 ms; < 30 ms and ≤ 2× seed):", "held" if held else "NOT held")
    return 0 if held else 1


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL server: a database of its own is made there")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
