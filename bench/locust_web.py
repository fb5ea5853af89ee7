"""The locust user of bench/bench_web.py: one page, named by BENCH_PAGE_PATH, requested in a loop.

Each simulated client takes a session of its own from BENCH_SESSIONS (made by bench_web.py, the
office logged in) unless BENCH_ANONYMOUS is set, then requests the page as fast as the server answers (no think time: the benchmark measures the
server's capacity, not a user's pace).
"""

from __future__ import annotations

import os
from pathlib import Path

from locust import HttpUser, task

_sessions = iter(Path(os.environ.get("BENCH_SESSIONS", os.devnull)).read_text(encoding="utf-8").split())


class PageUser(HttpUser):
    path = os.environ["BENCH_PAGE_PATH"]
    name = os.environ.get("BENCH_PAGE_NAME", path)

    def on_start(self):
        if not os.environ.get("BENCH_ANONYMOUS"):  # a session of its own, logged in beforehand
            self.client.cookies.set(os.environ["BENCH_COOKIE"], next(_sessions))

    @task
    def page(self):
        with self.client.get(self.path, name=self.name, catch_response=True, allow_redirects=False) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
