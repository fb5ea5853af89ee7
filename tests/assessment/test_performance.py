"""Scoring every unit of the seed plan with 2,000 tasks, 500 督办 items and the 112 demo projects
(plus the demo figures of every target) takes under a second, and a fixed number of queries."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_two_thousand_tasks_five_hundred_items_112_projects_under_a_second(seed_year):
    from planwatch.assessment.services import compute
    from planwatch.indicators.evaluation_cache import clear
    from planwatch.supervision.models import SupervisionItem
    from planwatch.tasks.models import Task
    from planwatch.units.models import ArticleUnit

    plan = seed_year.plan
    links = list(ArticleUnit.objects.filter(article__plan=plan).values_list("article_id", "unit_id"))
    start = date(2024, 1, 1)
    Task.objects.bulk_create([
        Task(plan=plan, article_id=links[i % len(links)][0], lead_unit_id=links[i % len(links)][1], text=f"任务{i}",
             state="done" if i % 3 else "active", due_on=start + timedelta(days=i % 270),
             done_on=start + timedelta(days=i % 270 + (i % 5) - 2) if i % 3 else None)
        for i in range(2000)])  # fmt: skip
    SupervisionItem.objects.bulk_create([
        SupervisionItem(plan=plan, year=2024, seq=i + 1, subject=f"事项{i}", requirements="按期办结",
                        lead_unit_id=links[i % len(links)][1], deadline=start + timedelta(days=i % 270),
                        original_deadline=start + timedelta(days=i % 270), state="closed" if i % 2 else "handling",
                        closed_on=start + timedelta(days=i % 270 + (i % 7) - 3) if i % 2 else None)
        for i in range(500)])  # fmt: skip
    timings = []
    for _ in range(3):  # the best of three: the machine is shared, a busy moment is not the code
        clear()  # the targets evaluated cold, as after a data change
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            cards = compute(seed_year)
            timings.append(time.perf_counter() - began)
    took = min(timings)
    lines = sum(len(c["lines"]) for card in cards for c in card["components"])
    assert len(cards) == 39 and lines > 2500
    print(f"scored {len(cards)} units, {lines} lines in {took:.3f} s, {len(queries)} queries")
    assert took < 1.0, f"{took:.2f} s"
    assert len(queries) < 40, len(queries)
