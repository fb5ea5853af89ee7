"""The locust user of bench/bench_web.py: one page, named by BENCH_PAGE_PATH, requested in a loop.

Each simulated client logs in first (BENCH_USER / BENCH_PASSWORD) unless BENCH_ANONYMOUS is set,
then requests the page as fast as the server answers (no think time: the benchmark measures the
server's capacity, not a user's pace).
"""

from __future__ import annotations

import os

from locust import HttpUser, task


class PageUser(HttpUser):
    path = os.environ["BENCH_PAGE_PATH"]
    name = os.environ.get("BENCH_PAGE_NAME", path)

    def on_start(self):
        if os.environ.get("BENCH_ANONYMOUS"):
            return
        self.client.get("/accounts/login/", name="login (setup)")
        form = {
            "username": os.environ["BENCH_USER"],
            "password": os.environ["BENCH_PASSWORD"],
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }
        answer = self.client.post("/accounts/login/", data=form, name="login (setup)", allow_redirects=False)
        if answer.status_code != 302:
            raise RuntimeError(f"login failed: {answer.status_code}")

    @task
    def page(self):
        with self.client.get(self.path, name=self.name, catch_response=True, allow_redirects=False) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
