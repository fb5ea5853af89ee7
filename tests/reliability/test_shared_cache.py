"""The evaluation cache is shared by every server process (settings._caches): eight cold requests
arriving at once in two processes compute once, the others wait for that result; a value one
process keeps is read by the other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow

# Four threads in one process, each doing what cached_results does around a miss; the
# computation is slow and leaves one line in a file per run.
WORKER = textwrap.dedent("""
    import json, os, sys, threading, time
    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    django.setup()
    from planwatch.indicators.evaluation_cache import _only_one, _store

    start, runs, seen = float(sys.argv[1]), sys.argv[2], []

    def request():
        kept = _store().get("shared-key")
        if kept is None:
            with _only_one("shared-key") as kept:
                if kept is None:
                    with open(runs, "a") as fh:
                        fh.write(f"{os.getpid()}\\n")
                    time.sleep(1.0)
                    kept = ["result"]
                    _store().set("shared-key", kept, timeout=None)
        seen.append(kept)

    time.sleep(max(0.0, start - time.time()))  # both processes start their requests together
    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(seen))
""")


def test_eight_cold_requests_in_two_processes_compute_once(tmp_path):
    import time

    env = {**os.environ, "PLANWATCH_DATA_DIR": str(tmp_path / "data")}
    env.pop("PLANWATCH_CACHE_URL", None)
    runs = tmp_path / "runs.txt"
    start = time.time() + 5  # after both have set Django up
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start), str(runs)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    seen = [kept for out, _ in outputs for kept in json.loads(out)]
    assert seen == [["result"]] * 8  # every request got the result
    assert len(runs.read_text().splitlines()) == 1  # computed once, in one of the two processes
