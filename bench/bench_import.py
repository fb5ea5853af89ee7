"""Time importing the seed plan against extracting it alone (issue 3: import under 2 s on SQLite).

    .venv/bin/python bench/bench_import.py [PLAN_FILE]

Runs against a fresh SQLite database in a temporary data directory (PLANWATCH_DATABASE_URL is
ignored), so the figures are the embedded default's. Prints one line:

    extract 0.015 s | import 0.090 s | ratio 6.0x

The import time includes its extraction: the ratio is what storing costs on top of reading.
Exit status 1 when the import takes 2 s or more.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

GOAL_SECONDS = 2.0
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "plans" / "shizhong-2023-2025.txt"


def _setup_django(data_dir: str) -> None:
    os.environ.pop("PLANWATCH_DATABASE_URL", None)
    os.environ["PLANWATCH_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "planwatch.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _best_of(runs: int, fn) -> float:
    """The fastest of a few runs: the least disturbed by whatever else the machine is doing."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else SEED
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as data_dir:
        _setup_django(data_dir)
        from django.core.management import call_command

        from planwatch.extract import extract_plan

        extract = _best_of(5, lambda: extract_plan(path))
        # One import into the empty database: every unit is registered, every row written.
        load = _best_of(1, lambda: call_command("import_plan", str(path), name="bench", stdout=StringIO()))
        print(f"extract {extract:.3f} s | import {load:.3f} s | ratio {load / extract:.1f}x")
        print(
            f"goal: import under {GOAL_SECONDS:.0f} s on SQLite — {'met' if load < GOAL_SECONDS else 'NOT met'}"
        )
    return 0 if load < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
