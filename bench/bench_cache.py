"""The warm path at city scale (issue 20): evaluations and pages served from the cache.

    .venv/bin/python bench/bench_cache.py [--plans 50] [--rows 100000] [--cold-runs 5] [--database-url URL]

Builds a fresh installation (SQLite in a temporary data directory, or a new database on the
PostgreSQL server of --database-url, dropped afterwards): the seed plan imported PLANS times with
demo data in each, and one more copy loaded with ROWS figures by `load-data`. Then, in this
process, prints (medians of five runs, seven for a page):

    evaluate all 50 plans, warm      …  ms   as `planwatch evaluate --all-plans` does (one read of
                                             their versions), beside 50 primary-key reads (the floor)
    page, plan                       …  ms   server time through Django's test client, warm,
                                             beside the login page (a trivial view), the
                                             page's size and its queries

for the dashboard, plan, indicator (the plan's longest series with a unit named on its article)
and unit pages (the unit named on most articles among that article's), as the office and as
that unit's reporter, on the seed plan and on the plan with ROWS figures. Then the cold path
(medians of COLD runs, alternating):

    cold dashboard, big plan, one alone   …  ms   right after one figure of the big plan
                                                  changed (enter_observation, which moves its
                                                  data version), server time as above
    cold dashboard, big plan, 8 at once   …  ms   after another change, eight threads (a client
                                                  and a database connection each, one process,
                                                  like waitress's threads) released together on
                                                  a barrier: until the last one has its page

Goals (issue 20): all plans warm < 20 ms; dashboard, indicator and unit pages warm < 8 ms; the
big plan's dashboard < 30 ms and within 2× of the seed plan's; its indicator page < 150 KB;
eight simultaneous cold requests of its dashboard within 1.5× of one alone.
Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
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
    article = big.articles.filter(unit_links__isnull=False).order_by("position").first()  # a reporter may see it
    for n in range(max(0, rows // 2000 + 1 - big.indicators.count())):  # ≤ 2,000 months each
        Indicator.objects.create(plan=big, article=article, name=f"测试指标{n + 1}", frequency="month")
    path = Path(data_dir) / "big.csv"
    _write(path, list(Indicator.objects.filter(plan=big).order_by("pk").values_list("name", flat=True)), rows)
    call_command("load_data", str(path), plan="big", **quiet)
    return list(Plan.objects.exclude(pk=big.pk).order_by("name")), big


def _client(name: str, role: str, unit=None):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from planwatch.accounts.models import Profile

    user = get_user_model().objects.create_user(username=name, password=None)
    Profile.objects.create(user=user, role=role, unit=unit)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _urls(plan) -> dict[str, str]:
    """The pages measured for one plan: its longest series and the busiest unit named on it."""
    from django.db.models import Count

    from planwatch.units.models import Unit

    indicator = (
        plan.indicators.filter(article__unit_links__isnull=False)
        .annotate(n=Count("observations", distinct=True)).order_by("-n", "pk").first()
    )  # fmt: skip
    unit = (  # one the reporter of which may open that indicator
        Unit.objects.filter(article_links__article__plan=plan)
        .annotate(n=Count("article_links")).filter(article_links__article=indicator.article_id)
        .order_by("-n", "pk").first()
    )  # fmt: skip
    return {
        "dashboard": f"/?plan={plan.pk}",
        "plan": f"/plans/{plan.pk}/",
        "indicator": f"/indicators/{indicator.pk}/",
        "unit": f"/units/{unit.pk}/?plan={plan.pk}",
    }, unit


def _page(client, url: str) -> tuple[float, int, int]:
    """(median warm server time in ms, response bytes, queries) of one page."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    def get():
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        return answer

    get()  # cold
    with connection.execute_wrapper(count):
        size = len(get().content)
    return _median_ms(get, runs=7), size, len(queries)


def measure(plans, big) -> dict:
    from django.db import connection

    from planwatch.indicators.evaluation import evaluate_plans

    def floor():
        with connection.cursor() as cursor:
            for plan in plans:
                cursor.execute("SELECT id FROM plans_plan WHERE id = %s", [plan.pk])
                cursor.fetchone()

    def all_plans():  # as `planwatch evaluate --all-plans` does
        for _plan, _results in evaluate_plans(plans=plans):
            pass

    all_plans()  # cold: fills the cache
    anonymous = _client_anonymous()
    out = {"floor": _median_ms(floor), "evaluate": _median_ms(all_plans), "pages": {}}
    out["login"] = _page(anonymous, "/accounts/login/")
    office = _client("bench-office", "office")
    for label, plan in (("seed", plans[0]), ("big", big)):
        urls, unit = _urls(plan)
        reporter = _client(f"bench-reporter-{plan.pk}", "reporter", unit)
        for role, client in (("office", office), ("reporter", reporter)):
            for page, url in urls.items():
                out["pages"][label, role, page] = _page(client, url)
    return out


def _change(plan, actor, n: int) -> None:
    """One figure of ``plan`` changed the way a person changes it (the service, committed at
    the edge): the plan's data version moves, so its evaluation and page parts are cold."""
    from decimal import Decimal

    from django.db import transaction

    from planwatch.indicators.models import Observation
    from planwatch.indicators.observations import enter_observation

    figure = Observation.objects.filter(indicator__plan=plan).select_related("indicator").order_by("pk").first()
    with transaction.atomic():
        enter_observation(
            actor=actor, indicator=figure.indicator, period=figure.period,
            value=Decimal(1000 + n), reason="bench: a cold evaluation",
        )  # fmt: skip


def _at_once(clients: list, url: str) -> float:
    """Wall time in ms from the moment every client is released (a barrier) until the last one
    has its page; each thread has its own client and database connection, closed at its end."""
    from django.db import connection

    barrier = threading.Barrier(len(clients))
    spans: list[tuple[float, float]] = []
    failures: list[object] = []

    def one(client):
        try:
            barrier.wait()
            start = time.perf_counter()
            status = client.get(url).status_code
            spans.append((start, time.perf_counter()))
            if status != 200:
                failures.append(status)
        except Exception as exc:  # noqa: BLE001 — reported below, the thread must not die silently
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return (max(end for _, end in spans) - min(start for start, _ in spans)) * 1000


def measure_cold(big, runs: int, concurrency: int = 8) -> dict:
    """Medians of ``runs`` cold dashboards of the big plan: one alone, then ``concurrency`` at
    once, each after a change of its own (alternating, so a drift of the machine's load falls on
    both)."""
    from django.contrib.auth import get_user_model

    url = f"/?plan={big.pk}"
    clients = [_client(f"bench-cold-{n}", "office") for n in range(concurrency)]
    actor = get_user_model().objects.get(username="bench-cold-0")
    for client in clients:  # sessions and per-process state warm: only the plan's data is cold
        assert client.get(url).status_code == 200
    alone, together = [], []
    for run in range(runs):
        _change(big, actor, 2 * run)
        start = time.perf_counter()
        assert clients[0].get(url).status_code == 200
        alone.append((time.perf_counter() - start) * 1000)
        _change(big, actor, 2 * run + 1)
        together.append(_at_once(clients, url))
    return {"alone": statistics.median(alone), "together": statistics.median(together),
            "runs": runs, "concurrency": concurrency, "each": (alone, together)}


def _client_anonymous():
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def report(args, m: dict, built: float, vendor: str) -> bool:
    print(f"{vendor}: {args.plans} plans with demo data + one with {args.rows} figures (built in {built:.0f} s)")
    print(f"evaluate all {args.plans} plans, warm  {m['evaluate']:7.2f} ms   "
          f"floor ({args.plans} primary-key reads) {m['floor']:.2f} ms  ratio {m['evaluate'] / m['floor']:.1f}x")
    login = m["login"][0]
    print(f"login page (trivial view)      {login:7.2f} ms  {m['login'][1] / 1000:6.1f} KB  {m['login'][2]:2d} queries")
    print("plan  role      page         warm ms  ×login      KB  queries")
    pages = m["pages"]
    for (label, role, page), (ms, size, queries) in pages.items():
        print(f"{label:5} {role:9} {page:10} {ms:9.2f} {ms / login:7.1f} {size / 1000:7.1f} {queries:8d}")
    seed, big = pages["seed", "office", "dashboard"][0], pages["big", "office", "dashboard"][0]
    print(f"dashboard, {args.rows}-figure plan {big:7.2f} ms   {big / seed:.2f}x the seed plan's")
    cold = m["cold"]
    ratio = cold["together"] / cold["alone"]
    print(f"cold dashboard, big plan, one alone      {cold['alone']:8.1f} ms   (median of {cold['runs']})")
    print(f"cold dashboard, big plan, {cold['concurrency']} at once      {cold['together']:8.1f} ms   "
          f"{ratio:.2f}x one alone")
    print("  each run: alone " + " ".join(f"{ms:.0f}" for ms in cold["each"][0])
          + " | at once " + " ".join(f"{ms:.0f}" for ms in cold["each"][1]) + " ms")
    fast = all(ms < 8 for (_, _, page), (ms, _, _) in pages.items() if page in ("dashboard", "indicator", "unit"))
    goals = {
        "evaluate all plans warm < 20 ms": m["evaluate"] < 20,
        "dashboard, indicator, unit pages warm < 8 ms": fast,
        "big plan's dashboard < 30 ms and ≤ 2× seed": big < 30 and big <= 2 * seed,
        "big plan's indicator page < 150 KB": pages["big", "office", "indicator"][1] < 150_000,
        "eight simultaneous cold requests within 1.5× of one alone": ratio <= 1.5,
    }
    for goal, held in goals.items():
        print(f"{'held' if held else 'NOT held':9} {goal}")
    return all(goals.values())


def main(argv: list[str]) -> int:
    args = _args(argv)
    with scratch_database(args.database_url) as url, tempfile.TemporaryDirectory(prefix="planwatch-bench-") as data_dir:
        _setup(data_dir, url)
        started = time.perf_counter()
        plans, big = _build(args.plans, args.rows, data_dir)
        built = time.perf_counter() - started
        m = measure(plans, big)
        m["cold"] = measure_cold(big, args.cold_runs)
        from django.db import connections

        connections.close_all()
    vendor = "postgresql" if args.database_url else "sqlite"
    return 0 if report(args, m, built, vendor) else 1


@contextmanager
def scratch_database(url: str | None):
    """A new, empty database on the PostgreSQL server of `url`, dropped afterwards (its URL);
    None when `url` is None (the benchmark then runs on SQLite). Created and dropped through a
    connection to `url` itself (not the server's `postgres` database, which a shared server may
    not open to everyone), under a name no other run uses (random), so runs side by side on one
    server never meet."""
    if not url:
        yield None
        return
    import psycopg

    base = url.rpartition("/")[0]
    name = f"pw_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cold-runs", type=int, default=5, help="cold measurements of each kind")
    parser.add_argument("--database-url", help="a PostgreSQL server: a database of its own is made there")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
