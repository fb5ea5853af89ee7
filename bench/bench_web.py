"""The site under load (issue 20): `planwatch serve` as users run it, driven by locust.

    .venv/bin/python bench/bench_web.py [--plans 50] [--clients 1,10,50] [--seconds 15]
                                        [--database-url URL] [serve options, e.g. --workers 2]

Builds a fresh installation (SQLite in a temporary data directory, or a new database on the
PostgreSQL server of --database-url, dropped afterwards): the seed plan imported PLANS times with
demo data in each, and an office account. Starts `planwatch serve` on a free port (its own
defaults: gunicorn, a process per core) and, for each number of clients, runs locust headless
against one page at a time for SECONDS: the dashboard, a plan page and an indicator page (logged
in as the office), beside the login page (a trivial view) and a static file, measured in the same
run. Prints req/s, p50 and p95 per page and the page's req/s as a share of the login page's.
At the end: the server log's lines written under load (goal: none) and the goals of issue 20
(dashboard at 50 clients p95 < 300 ms and ≥ 25% of the login page's req/s; plan page p95 < 500
ms). Exit status 1 when a goal is missed. locust itself runs on this machine and takes a core.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_cache import SEED, _setup, scratch_database  # noqa: E402

PLANWATCH = str(Path(sys.executable).with_name("planwatch"))
PASSWORD = "Kx7#bench-web-2025"


def _build(plans: int) -> dict[str, str]:
    """The dataset; the paths of the pages to measure."""
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    from planwatch.indicators.models import Indicator
    from planwatch.plans.models import Plan

    quiet = {"stdout": StringIO(), "verbosity": 0}
    for n in range(plans):
        call_command("import_plan", str(SEED), name=f"city-{n:02d}", **quiet)
        call_command("demo_data", plan=f"city-{n:02d}", **quiet)
    plan = Plan.objects.order_by("name").first()
    indicator = (
        Indicator.objects.filter(plan=plan).annotate(n=Count("observations")).order_by("-n", "pk").first()
    )
    connections.close_all()
    return {  # the baselines first: each page's share is of the login page at the same clients
        "login page": "/accounts/login/",
        "static file": "/static/web/planwatch.css",
        "dashboard": f"/?plan={plan.pk}",
        "plan page": f"/plans/{plan.pk}/",
        "indicator page": f"/indicators/{indicator.pk}/",
    }


def _sessions(count: int, path: Path) -> str:
    """COUNT logged-in sessions of the office account, one key a line in ``path``; the cookie's
    name. Made here, so that the clients' logins (each an argon2 hash and a write) are not part of
    what is measured."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    user = get_user_model().objects.get(username="bench-office")
    keys = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    path.write_text("\n".join(keys), encoding="utf-8")
    connections.close_all()
    return settings.SESSION_COOKIE_NAME


def _serve(env: dict, log: Path, extra: list[str]) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [PLANWATCH, "serve", "--port", str(port), *extra], env=env, stdout=subprocess.PIPE,
        stderr=log.open("w"), text=True,
    )  # fmt: skip
    print(server.stdout.readline().strip())
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=5).close()
            return server, url
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _locust(url: str, name: str, path: str, clients: int, seconds: int, env: dict, out: Path) -> dict:
    prefix = out / f"{name.replace(' ', '_')}-{clients}"
    run_env = {**env, "BENCH_PAGE_PATH": path, "BENCH_PAGE_NAME": name}
    if name in ("login page", "static file"):
        run_env["BENCH_ANONYMOUS"] = "1"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(BENCH / "locust_web.py"), "--headless", "--only-summary",
         "-u", str(clients), "-r", str(clients), "-t", f"{seconds}s", "--host", url, "--csv", str(prefix),
         "--loglevel", "ERROR"],
        env=run_env, capture_output=True, text=True, timeout=seconds + 120,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == name)
    return {
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "failures": int(row["Failure Count"]),
        "requests": int(row["Request Count"]),
    }


def measure(url: str, pages: dict, clients: list[int], seconds: int, env: dict, out: Path) -> dict:
    results = {}
    print(
        f"{'page':<16}{'clients':>8}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'failed':>8}  share of login req/s"
    )
    for n in clients:
        for name, path in pages.items():
            got = _locust(url, name, path, n, seconds, env, out)
            results[name, n] = got
            login = results.get(("login page", n))
            share = f"{got['rps'] / login['rps']:6.1%}" if login and login["rps"] else ""
            print(f"{name:<16}{n:>8}{got['rps']:>10.1f}{got['p50']:>9.0f}{got['p95']:>9.0f}"
                  f"{got['failures']:>8}  {share}", flush=True)  # fmt: skip
    return results


def goals(results: dict, clients: int) -> list[str]:
    """The issue's acceptance figures that are missed (empty: all held)."""
    dash, plan, login = (results.get((name, clients)) for name in ("dashboard", "plan page", "login page"))
    if not (dash and plan and login):
        return [f"not measured at {clients} clients"]
    missed = []
    if dash["p95"] >= 300:
        missed.append(f"dashboard p95 {dash['p95']:.0f} ms ≥ 300 ms")
    if dash["rps"] < 0.25 * login["rps"]:
        missed.append(f"dashboard {dash['rps'] / login['rps']:.0%} of the login page's req/s < 25%")
    if plan["p95"] >= 500:
        missed.append(f"plan page p95 {plan['p95']:.0f} ms ≥ 500 ms")
    return missed


def _args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    args, extra = parser.parse_known_args(argv)  # the rest goes to planwatch serve
    return args, [a for a in extra if a != "--"]


def main(argv: list[str]) -> int:
    args, extra = _args(argv)
    with scratch_database(args.database_url) as url, tempfile.TemporaryDirectory(prefix="planwatch-bench-web-") as data_dir:
        _setup(data_dir, url)
        started = time.perf_counter()
        pages = _build(args.plans)
        env = dict(os.environ)
        subprocess.run([PLANWATCH, "users", "add", "bench-office", "--role", "office", "--password-stdin",
                        "--no-password-change"], input=PASSWORD, env=env, check=True,
                       capture_output=True, text=True)  # fmt: skip
        clients = [int(n) for n in args.clients.split(",")]
        env["BENCH_COOKIE"] = _sessions(max(clients), Path(data_dir) / "sessions.txt")
        env["BENCH_SESSIONS"] = str(Path(data_dir) / "sessions.txt")
        print(f"{args.plans} plans built in {time.perf_counter() - started:.0f} s; "
              f"{'PostgreSQL' if url else 'SQLite'}")  # fmt: skip
        log = Path(data_dir) / "server.log"
        server, site = _serve(env, log, extra)
        try:
            results = measure(site, pages, clients, args.seconds, env, Path(data_dir))
        finally:
            server.terminate()
            server.wait(timeout=30)
        lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(f"server log under load: {len(lines)} lines" + (f", first: {lines[0]}" if lines else ""))
        missed = goals(results, max(clients))
        print("goals (dashboard p95 < 300 ms and ≥ 25% of login req/s; plan page p95 < 500 ms): "
              + ("held" if not missed else "NOT held — " + "; ".join(missed)))  # fmt: skip
        return 1 if missed or lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
