"""The new pages run the same number of queries with 1 plan and with 51 (each with tasks)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.tasks.models import Task
from web.conftest import make_plans

pytestmark = pytest.mark.django_db
BOUND = 45  # the dashboard, the heaviest (evaluation included); the task pages need far fewer


def _urls(task_plan, unit, task, policy) -> list[str]:
    plan = task_plan.plan.pk
    return [f"/tasks/{plan}/", f"/tasks/{plan}/?status=overdue", f"/tasks/{plan}/policies/", f"/tasks/{plan}/review/",
            f"/tasks/task/{task.pk}/", f"/?plan={plan}", f"/units/{unit.pk}/?plan={plan}",
            f"/articles/{task_plan.own.article.pk}/", f"/tasks/policy/{policy.pk}/", f"/reporting/units/{unit.pk}/"]  # fmt: skip


def _counts(client, urls) -> dict[str, int]:
    from planwatch.indicators import evaluation_cache
    from planwatch.web import page_parts

    counts = {}
    for url in urls:
        evaluation_cache.clear()
        page_parts.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


def _tasks_for(plans, unit) -> None:
    Task.objects.bulk_create([Task(plan=p, article=p.articles.first(), text="建设平台", state="active", lead_unit=unit)
                              for p in plans])  # fmt: skip


def test_task_pages_cost_the_same_with_fifty_more_plans(accepted, task_plan, office, reporter_unit):
    from datetime import date

    from django.db import transaction

    from planwatch.tasks import services

    task = accepted["持续推进老旧"]
    with transaction.atomic():
        services.set_milestones(actor=office.user, task=Task.objects.select_related("plan").get(pk=task.pk),
                                rows=[services.MilestoneRow("完成选址", due_on=date(2024, 3, 31))])  # fmt: skip
        (policy,) = services.store_policy_proposals(actor=office.user, plan=task_plan.plan)
        services.policy_step(actor=office.user, policy=policy, action="accept")
    urls = _urls(task_plan, reporter_unit, task, policy)
    office.client.get(urls[0])  # the first page stores the chosen plan in the session (a write)
    alone = _counts(office.client, urls)
    print("queries per page (1 plan):", alone)
    assert max(alone.values()) <= BOUND, alone
    _tasks_for(make_plans(50, [reporter_unit]), reporter_unit)
    assert _counts(office.client, urls) == alone
