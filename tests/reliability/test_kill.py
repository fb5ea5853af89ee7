"""kill -9 during `load-data` and `import-plan` leaves the database as it was, or as the whole
command would have left it: never part of it. Each attempt kills a real subprocess at a
different moment (the write transaction of a 20,000-row load lasts well under a second, so a
sweep of moments lands before, inside and after it)."""

from __future__ import annotations

import importlib.util
import signal
import time
from decimal import Decimal
from pathlib import Path

from planwatch.extract import extract_plan

from .bigplan import row_value, write_data
from .conftest import HERE

ROWS, INDICATORS = 20_000, 400
SEED = HERE.parents[2] / "shared" / "plans" / "shizhong-2023-2025.txt"


def _state(instance) -> tuple:
    value = instance.query("SELECT COALESCE(SUM(value), 0) FROM indicators_observation")[0][0]
    return (
        instance.count("indicators_observation"),
        round(Decimal(str(value)), 1),
        instance.count("indicators_observationrevision"),
        instance.query("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'load_data'")[0][0],
    )


def _settled(instance) -> None:
    """On PostgreSQL, wait until the killed client's server backend has gone: a COMMIT it sent
    just before dying still lands, after the client is dead (whole, never half)."""
    if not instance.database_url:
        return
    others = ("SELECT COUNT(*) FROM pg_stat_activity"
              " WHERE datname = current_database() AND pid <> pg_backend_pid()")  # fmt: skip
    deadline = time.monotonic() + 30
    while instance.query(others)[0][0] and time.monotonic() < deadline:
        time.sleep(0.1)


def _intact(instance) -> None:
    if not instance.database_url:
        assert instance.query("PRAGMA integrity_check") == [("ok",)]


def _kill_after_line(process, prefix: str, delay: float) -> int:
    """Wait for a stdout line starting with ``prefix``, then ``delay`` seconds, then kill -9."""
    for line in process.stdout:
        if line.startswith(prefix):
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait()


def test_kill_during_load_data_leaves_all_or_nothing(instance, tmp_path):
    instance.python(
        HERE / "bigplan.py", str(tmp_path / "plan.csv"), "--indicators", str(INDICATORS), "--rows", "0"
    )
    killed, outcomes = 0, []
    for attempt, delay in enumerate((0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 3.0), 1):
        data = write_data(tmp_path / f"data{attempt}.csv", indicators=INDICATORS, rows=ROWS, offset=attempt)
        before = _state(instance)
        process = instance.start("load-data", str(data))
        returncode = _kill_after_line(process, f"已比对 {ROWS}/{ROWS}", delay)
        process.stdout.close()
        process.stderr.close()
        _settled(instance)
        after = _state(instance)
        total = round(sum(Decimal(row_value(r, attempt)) for r in range(ROWS)), 1)
        whole = (ROWS, total, before[2] + ROWS, before[3] + 1)
        assert after in (before, whole), (attempt, delay, returncode, before, after)
        _intact(instance)
        killed += returncode == -signal.SIGKILL
        outcomes.append(after == whole)
    assert killed >= 3  # most attempts were really killed, not finished first
    assert False in outcomes  # at least one kill landed before the commit, and nothing was left half-written


def _large_plan(path: Path, size_mb: float) -> Path:
    spec = importlib.util.spec_from_file_location(
        "bench_extract", HERE.parents[1] / "bench" / "bench_extract.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path.write_text(bench.build_large(SEED.read_text(encoding="utf-8"), size_mb), encoding="utf-8")
    return path


def test_kill_during_import_plan_leaves_all_or_nothing(instance, tmp_path):
    plan = _large_plan(tmp_path / "large.txt", 0.5)
    articles = len(extract_plan(plan).articles)
    tables = ("plans_plan", "plans_chapter", "plans_article", "indicators_indicator", "indicators_target")
    killed, absent = 0, 0
    for attempt, delay in enumerate((1.0, 1.8, 2.6, 3.4, 4.2), 1):
        before = {t: instance.count(t) for t in tables}
        process = instance.start("import-plan", str(plan), "--name", f"large-{attempt}")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        killed += process.wait() == -signal.SIGKILL
        process.stdout.close()
        process.stderr.close()
        stored = instance.query(f"SELECT id FROM plans_plan WHERE name = 'large-{attempt}'")
        if stored:
            n = instance.query(f"SELECT COUNT(*) FROM plans_article WHERE plan_id = {stored[0][0]}")[0][0]
            assert n == articles, (attempt, delay)
        else:
            absent += 1
            assert {t: instance.count(t) for t in tables} == before, (attempt, delay)
        _intact(instance)
    assert killed >= 2 and absent >= 1
