"""Concurrent review on a real server: of many clicks on the same submission exactly one is a
decision; the others answer 409 in Chinese, never 500, and leave no trace (no second history
row, audit row, notification or observation). On SQLite (file) or PostgreSQL, whichever the
run uses (live_site.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from .live_site import run_site

pytestmark = pytest.mark.slow

SEED = """
from datetime import date
from decimal import Decimal
from django.db import transaction
from planwatch.accounts.models import Profile
from planwatch.accounts.services import issue_token
from django.contrib.auth import get_user_model
from planwatch.indicators.models import Indicator
from planwatch.plans.models import Article, Plan
from planwatch.reporting.services.calendar import sync_rules
from planwatch.reporting.services.submissions import rule_for, save_submission
from planwatch.reporting.services.validation import Figure
from planwatch.units.models import ArticleUnit
from planwatch.units.services import resolve_unit

COUNT = {count}
with transaction.atomic():
    unit = resolve_unit("区发展改革局")
    users = get_user_model().objects
    office, made = users.get_or_create(username="office")
    if made:
        Profile.objects.create(user=office, role="office")
        Profile.objects.create(user=users.create_user(username="reporter"), role="reporter", unit=unit)
    reporter = users.get(username="reporter")
    plan = Plan.objects.create(name="race-{tag}", title="并发测试计划", period_start=2023, period_end=2025)
    chapter = plan.chapters.create(number=1, title="重点任务")
    ids = []
    for n in range(1, COUNT + 1):
        article = Article.objects.create(plan=plan, chapter=chapter, number=n, title=f"条目{{n}}", position=n)
        ArticleUnit.objects.create(article=article, unit=unit, role="lead", position=0)
        Indicator.objects.create(plan=plan, article=article, name=f"指标{{n}}", frequency="quarter")
    sync_rules(actor="test", plan=plan)
    for indicator in plan.indicators.order_by("pk"):
        sub = save_submission(actor=reporter, rule=rule_for(indicator=indicator), period="2024Q1",
                              figure=Figure(Decimal("12.5"), "", "统计局", "", ""), on=date(2026, 1, 1))
        ids.append(sub.pk)
    _, token = issue_token(actor="test", user=office)
result = {{"ids": ids, "token": token}}
"""

COUNTS = """
from planwatch.audit.models import AuditEvent
from planwatch.indicators.models import Observation
from planwatch.reporting.models import Notification, Submission, SubmissionEvent
result = []
for pk in {ids}:
    sub = Submission.objects.get(pk=pk)
    result.append({{
        "status": sub.status, "locked": sub.locked, "observation": sub.observation_id is not None,
        "observations": Observation.objects.filter(indicator=sub.indicator, period=sub.period).count(),
        "events": list(SubmissionEvent.objects.filter(submission=sub).exclude(action="submit")
                       .values_list("action", flat=True)),
        "audit": list(AuditEvent.objects.filter(object_type="reporting.submission", object_id=str(pk))
                      .exclude(action="submit").values_list("action", flat=True)),
        "notifications": Notification.objects.filter(link__contains=f"/submissions/{{pk}}/").count(),
    }})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from run_site(tmp_path_factory.mktemp("race-site"))


def seed(site, tag: str, count: int) -> tuple[list[int], str]:
    made = site.python(SEED.format(count=count, tag=tag))
    return made["ids"], made["token"]


def together(calls):
    """Run the calls at the same moment (a barrier), each in its own thread; their answers."""
    start = Barrier(len(calls))

    def one(call):
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(one, calls))


def test_twenty_concurrent_approves_make_one_decision(site):
    (pk,), token = seed(site, "approve", 1)
    answers = together([lambda: site.request("POST", f"/api/v1/submissions/{pk}/approve", token=token)] * 20)
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] + [409] * 19
    refused = [a.body["detail"] for a in answers if a.status == 409]
    assert all("不是待审核状态（当前为“已审核”）" in text for text in refused), refused[0]
    (row,) = site.python(COUNTS.format(ids=[pk]))
    assert row == {"status": "approved", "locked": True, "observation": True, "observations": 1,
                   "events": ["approve"], "audit": ["approve"], "notifications": 1}  # fmt: skip


def test_approve_against_return_leaves_each_record_consistent(site):
    ids, token = seed(site, "mixed", 4)
    calls = []
    for pk in ids:
        calls += [lambda pk=pk: site.request("POST", f"/api/v1/submissions/{pk}/approve", token=token)] * 3
        calls += [
            lambda pk=pk: site.request(
                "POST", f"/api/v1/submissions/{pk}/return", token=token, body={"reason": "数据有误"}
            )
        ] * 3
    answers = together(calls)
    assert sorted({a.status for a in answers}) == [200, 409]
    for index, row in enumerate(site.python(COUNTS.format(ids=ids))):
        mine = answers[index * 6 : index * 6 + 6]
        assert [a.status for a in mine].count(200) == 1
        assert len(row["events"]) == len(row["audit"]) == row["notifications"] == 1
        if row["events"] == ["approve"]:
            assert (row["status"], row["locked"], row["observation"], row["observations"]) == (
                "approved", True, True, 1)  # fmt: skip
        else:
            assert row["events"] == ["return"]
            assert (row["status"], row["locked"], row["observation"], row["observations"]) == (
                "returned", False, False, 0)  # fmt: skip
