"""Time `load-data` on a 10,000-row CSV against merely reading the file (issue 4).

    .venv/bin/python bench/bench_load.py [--rows 10000]

Runs against a fresh SQLite database in a temporary data directory (PLANWATCH_DATABASE_URL is
ignored). The seed plan is imported, a CSV of ROWS figures (its 38 indicators × months) is
written, then timed three ways, each on its own line:

    read     0.050 s            (decode + parse CSV: the floor)
    check    0.300 s  6.0x      (every row validated; nothing written: a rejected file costs this)
    load     1.200 s 24.0x      (validate + write observations and their revisions)
    reload   0.400 s  8.0x      (the same file again: nothing changes, nothing is written)
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "plans" / "shizhong-2023-2025.txt"


def _setup_django(data_dir: str) -> None:
    os.environ.pop("PLANWATCH_DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _write(path: Path, names: list[str], rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["indicator", "period", "value", "source"])
        for n in range(rows):
            month = n // len(names)
            out.writerow(
                [
                    names[n % len(names)],
                    f"{1950 + month // 12}-{month % 12 + 1:02d}",
                    f"{n * 1.5:.1f}",
                    "bench",
                ]
            )


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    args = _args(argv)
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as data_dir:
        _setup_django(data_dir)
        from django.core.management import call_command

        from planwatch.indicators.models import Indicator
        from planwatch.indicators.tables import read_table

        call_command("import_plan", str(SEED), name="bench", stdout=StringIO())
        names = list(Indicator.objects.order_by("pk").values_list("name", flat=True))
        path = Path(data_dir) / "bench.csv"
        _write(path, names, args.rows)
        quiet = {"stdout": StringIO(), "verbosity": 0}
        read = _timed(lambda: read_table(path))
        check = _timed(lambda: call_command("load_data", str(path), check=True, **quiet))
        load = _timed(lambda: call_command("load_data", str(path), **quiet))
        reload = _timed(lambda: call_command("load_data", str(path), **quiet))
        print(f"rows {args.rows} ({path.stat().st_size / 1024 / 1024:.2f} MB)")
        print(f"read   {read:7.3f} s")
        for label, seconds in (("check", check), ("load", load), ("reload", reload)):
            print(f"{label:<6} {seconds:7.3f} s {seconds / read:6.1f}x")
    return 0


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
