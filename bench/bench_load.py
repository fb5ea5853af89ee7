"""`load-data` of ROWS new rows beside the database's own bulk write of the same rows (issue 20).

    .venv/bin/python bench/bench_load.py [--rows 100000] [--indicators 4000] [--database-url URL]

A fresh installation: SQLite in a temporary data directory, or, with ``--database-url`` (or
PLANWATCH_DATABASE_URL) naming a PostgreSQL server, a scratch database of its own on that server
(created, migrated, dropped afterwards). A plan of INDICATORS indicators and a CSV of ROWS figures
(`tests/reliability/bigplan.py`) are made; then, each in its own process, timed around the work
only (Python and Django start-up excluded), peak memory from the process's ru_maxrss:

    floor   the same rows, already parsed, written into an empty copy of the observation table:
            SQLite executemany in one transaction / PostgreSQL COPY (best of 3)
    check   load-data --check (every row validated, nothing written)
    write   load-data's write transaction alone, the file checked and compared beforehand
            (untimed): the observations into their table with its indexes, their revisions,
            the audit event, the foreign keys checked at commit — what a load costs if checking
            took no time at all, so the most `load` could reach
    load    load-data of the new rows (observations, their revisions, the audit event)
    reload  load-data of the same file again: nothing changes, nothing is written

Prints rows/s, the ratio to the floor's rows/s and peak memory per line, then the goals of
issue 20 (load ≥ 30% of the floor, reload < 2 s, peak < 200 MB); exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

LOAD_GOAL, RELOAD_GOAL, MEMORY_GOAL = 0.30, 2.0, 200.0  # ratio to the floor, seconds, MB


def _child(kind: str, path: str) -> None:
    """In a fresh process: do ``kind`` once and print the seconds it took."""
    import time
    from io import StringIO

    import django

    django.setup()
    from django.core.management import call_command

    if kind == "floor":
        seconds = _floor(path)
    elif kind == "write":
        seconds = _write(path)
    else:
        options = {"check": True} if kind == "check" else {}
        start = time.perf_counter()
        call_command("load_data", path, stdout=StringIO(), verbosity=0, **options)
        seconds = time.perf_counter() - start
    print(seconds)


_FLOOR_COLUMNS = ("indicator_id", "period", "period_end", "period_key", "value", "entered_value", "entered_unit",
                  "source", "note", "status", "is_demo", "derived", "inputs", "entered_at")  # fmt: skip


def _floor(path: str) -> float:
    """The rows of ``path`` as stored tuples (made untimed), then timed: written into an empty
    table shaped like the observations (no index) by the database's fastest bulk path."""
    import csv
    import time
    from datetime import date
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from planwatch.indicators.models import Indicator

    ids = dict(Indicator.objects.values_list("name", "pk"))
    now = timezone.now()
    with open(path, encoding="utf-8", newline="") as fh:
        lines = csv.reader(fh)
        next(lines)
        rows = [
            (ids[name], period, date(int(period[:4]), int(period[5:]), 1), int(period[:4]) * 10000,
             Decimal(value), Decimal(value), "亿元", source, "", "approved", False, False, "[]", now)
            for name, period, value, source in lines
        ]  # fmt: skip
    columns = ", ".join(_FLOOR_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_floor AS SELECT * FROM indicators_observation WHERE 1 = 0")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY bench_floor ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(_FLOOR_COLUMNS))
            cursor.executemany(f"INSERT INTO bench_floor ({columns}) VALUES ({marks})", rows)
    return time.perf_counter() - start


def _write(path: str) -> float:
    """`load-data`'s own steps for ``path`` into an empty plan (`prepare_load` untimed, then
    `commit_load` in its transaction, timed with the commit)."""
    import time

    from django.db import connection, transaction

    from planwatch.audit.services import command_actor
    from planwatch.indicators.services import commit_load, plan_for_data, prepare_load

    actor, plan = command_actor(), plan_for_data(None)
    with transaction.atomic(), connection.cursor() as cursor:  # measured last: the loaded rows go first
        cursor.execute("DELETE FROM indicators_observationrevision")
        cursor.execute("DELETE FROM indicators_observation")
    loaded = prepare_load(actor=actor, plan=plan, path=path)
    start = time.perf_counter()
    with transaction.atomic():
        commit_load(actor=actor, plan=plan, loaded=loaded)
    return time.perf_counter() - start


def _measure(instance, kind: str, path: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one child process doing ``kind``."""
    env = {**instance.env, "DJANGO_SETTINGS_MODULE": "planwatch.settings"}
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(path)], env=env, stdout=subprocess.PIPE, text=True
    )
    out = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{kind} failed (exit status {child.returncode})")
    return float(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def main(argv: list[str]) -> int:
    args = _args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if args.database_url:
        os.environ["PLANWATCH_DATABASE_URL"] = args.database_url
    # here, not at the top: the timed children must not carry the test tools (pytest) in memory
    from reliability.conftest import drop_database, new_instance

    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as tmp:
        instance, dbname = new_instance(Path(tmp) / "data")
        try:
            return _run(instance, Path(tmp), args)
        finally:
            instance.stop()
            drop_database(dbname)


def _run(instance, tmp: Path, args) -> int:
    from reliability.conftest import HERE

    data = tmp / "data.csv"
    instance.python(
        HERE / "bigplan.py", str(data), "--indicators", str(args.indicators), "--rows", str(args.rows)
    )
    backend = "PostgreSQL COPY" if instance.database_url else "SQLite executemany, one transaction"
    floor = min(_measure(instance, "floor", data) for _ in range(3))
    timed = {kind: _measure(instance, kind, data) for kind in ("check", "load", "reload", "write")}
    rate = args.rows / floor[0]
    print(f"rows {args.rows}, indicators {args.indicators} ({data.stat().st_size / 1024 / 1024:.1f} MB)")
    print(f"floor  {floor[0]:7.3f} s {rate:10,.0f} rows/s   1.000 of the floor  ({backend})")
    for kind, (seconds, peak) in timed.items():
        print(f"{kind:<6} {seconds:7.3f} s {args.rows / seconds:10,.0f} rows/s {floor[0] / seconds:7.3f} "
              f"of the floor  peak {peak:5.0f} MB")  # fmt: skip
    goals = {
        f"load ≥ {LOAD_GOAL:.0%} of the floor's rows/s": floor[0] / timed["load"][0] >= LOAD_GOAL,
        f"reload under {RELOAD_GOAL:.0f} s": timed["reload"][0] < RELOAD_GOAL,
        f"peak memory under {MEMORY_GOAL:.0f} MB": max(peak for _, peak in timed.values()) < MEMORY_GOAL,
    }
    for goal, met in goals.items():
        print(f"{'met   ' if met else 'MISSED'} {goal}")
    print(f"(the write alone is {floor[0] / timed['write'][0]:.1%} of the floor: with checking in no time at all, "
          "load could reach no more)")
    return 0 if all(goals.values()) else 1


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--indicators", type=int, default=4000)
    parser.add_argument(
        "--database-url", help="a PostgreSQL server (else PLANWATCH_DATABASE_URL, else SQLite)"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
