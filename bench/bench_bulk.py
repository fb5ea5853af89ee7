"""A large load while the site is used (issue 11): 100,000 rows on a plan of 4,000 indicators.

    .venv/bin/python bench/bench_bulk.py [--indicators 4000] [--rows 100000]

Runs a fresh SQLite installation in a temporary data directory (PLANWATCH_DATABASE_URL is
ignored), every part as in production: `planwatch serve` and `planwatch load-data` are separate
processes. Prints, against the baseline of merely reading the file (in the same run):

    read      0.9 s           (decode + parse the CSV: the floor)
    check     2.3 s   2.5x    (load-data --check: every row validated; no write transaction)
    load     12.0 s  13.0x    (load-data: validate, compare, write in one short transaction)

then what a user saw meanwhile: logins and API writes made one after another for the whole
load, their answers by status and the slowest of them. Goals: the check under 30 s; every
request either succeeds within 2 s or gets 503 with Retry-After, never a 500. Exit status 1
when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from reliability.bigplan import indicator_name  # noqa: E402
from reliability.client import Client  # noqa: E402
from reliability.conftest import HERE, PASSWORD, Instance  # noqa: E402

CHECK_GOAL, REQUEST_GOAL = 30.0, 2.0


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _read_seconds(instance: Instance, path: Path) -> float:
    script = "import sys,time;from planwatch.indicators.tables import read_table;t=time.perf_counter();" \
             "sum(1 for _ in read_table(sys.argv[1]).rows);print(time.perf_counter()-t)"  # fmt: skip
    import subprocess

    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          env={**instance.env, "DJANGO_SETTINGS_MODULE": "planwatch.settings"}, check=True)  # fmt: skip
    return float(done.stdout)


def _traffic(url: str, token: str, indicator: int, stop: threading.Event, answers: list) -> None:
    month = 0
    while not stop.is_set():
        month += 1
        answers.append(("login", Client(url).login("office", PASSWORD)))
        figure = {"indicator": indicator, "period": f"{2100 + month // 12}-{month % 12 + 1:02d}", "value": 1}
        answers.append(("api", Client(url).api("POST", "/observations", token, figure)))


def main(argv: list[str]) -> int:
    args = _args(argv)
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as tmp:
        os.environ.pop("PLANWATCH_DATABASE_URL", None)
        instance = Instance(Path(tmp) / "data", None)
        try:
            return _run(instance, Path(tmp), args)
        finally:
            instance.stop()


def _run(instance: Instance, tmp: Path, args) -> int:
    instance.ok("migrate", "--no-input", "-v", "0")
    token = instance.add_user("office")
    data = tmp / "data.csv"
    instance.python(
        HERE / "bigplan.py", str(data), "--indicators", str(args.indicators), "--rows", str(args.rows)
    )
    indicator = instance.query(f"SELECT id FROM indicators_indicator WHERE name = '{indicator_name(0)}'")[0][
        0
    ]
    url = instance.serve()
    read = min(_read_seconds(instance, data) for _ in range(2))
    check, done = _timed(lambda: instance.run("load-data", str(data), "--check"))
    assert done.returncode == 0, done.stderr
    stop, answers = threading.Event(), []
    traffic = threading.Thread(target=_traffic, args=(url, token, indicator, stop, answers))
    traffic.start()
    try:
        load, done = _timed(lambda: instance.run("load-data", str(data)))
    finally:
        stop.set()
        traffic.join()
    assert done.returncode == 0, done.stderr
    print(f"rows {args.rows}, indicators {args.indicators} ({data.stat().st_size / 1024 / 1024:.1f} MB)")
    print(f"read   {read:7.2f} s")
    for label, seconds in (("check", check), ("load", load)):
        print(f"{label:<6} {seconds:7.2f} s {seconds / read:6.1f}x")
    return _report(answers, check)


def _report(answers: list, check: float) -> int:
    statuses = Counter(f"{kind} {a.status}" for kind, a in answers)
    slowest = max(a.seconds for _, a in answers)
    ok = [a for _, a in answers if a.status in (201, 302)]
    busy = [a for _, a in answers if a.status == 503]
    print(
        f"during the load: {len(answers)} requests ({', '.join(f'{k}: {n}' for k, n in sorted(statuses.items()))})"
    )
    print(f"slowest answer {slowest:.2f} s; slowest success {max((a.seconds for a in ok), default=0):.2f} s; "
          f"503 with Retry-After: {sum(a.headers.get('Retry-After') == '5' for a in busy)}/{len(busy)}")  # fmt: skip
    failed = [a for _, a in answers if a.status not in (201, 302, 503)]
    goals = {
        f"check under {CHECK_GOAL:.0f} s": check < CHECK_GOAL,
        "no answer other than success or 503": not failed,
        f"every success within {REQUEST_GOAL:.0f} s": all(a.seconds < REQUEST_GOAL for a in ok),
        "every 503 with Retry-After": all(a.headers.get("Retry-After") for a in busy),
    }
    for goal, met in goals.items():
        print(f"{'met   ' if met else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=4000)
    parser.add_argument("--rows", type=int, default=100_000)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
