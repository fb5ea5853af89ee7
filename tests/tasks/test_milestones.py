"""滞后 (behind): a milestone — a dated step of the clause, or a 年度任务 due on 31 December of its
year — still open the day after its date. Met only when the office approves a report that ticks
it. Frozen clock (conftest: 2024-06-30)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from planwatch.audit.models import AuditEvent
from planwatch.extract.model import Article as ArticleDoc
from planwatch.plans.errors import StoreError
from planwatch.tasks import reports, services
from planwatch.tasks.models import Task, TaskEvent, TaskMilestone
from planwatch.tasks.proposals import propose_tasks

pytestmark = pytest.mark.django_db


def _fresh(task) -> Task:
    return Task.objects.select_related("plan").get(pk=task.pk)


def test_earlier_dates_of_the_clause_are_the_tasks_milestones():
    doc = ArticleDoc(number=3, label="（三）", chapter=None, title="停车", units=["区住建局"], lead_units=[],
                     text="2023年底前完成选址，2024年6月底前开工建设，到2025年建成投用智慧停车平台。")  # fmt: skip
    (proposal,) = propose_tasks(doc)
    assert proposal.due == "2025-12-31"
    assert proposal.milestones == [{"due": "2023-12-31", "text": "完成选址"}, {"due": "2024-06-30", "text": "开工建设"}]


def test_an_open_yearly_part_makes_the_task_behind_the_day_after_its_year_ends(accepted, office, clock):
    task = accepted["持续推进老旧"]  # due at the plan's end, 2025-12-31
    with transaction.atomic():
        services.set_milestones(actor=office.user, task=_fresh(task), rows=[
            services.MilestoneRow("改造老旧小区10个", year=2024),
            services.MilestoneRow("完成剩余改造", year=2025),
        ])  # fmt: skip
    clock.set(date(2024, 12, 31))
    assert services.status_of(_fresh(task)) == "not_started"
    clock.set(date(2025, 1, 1))
    assert services.status_of(_fresh(task)) == "behind"
    assert AuditEvent.objects.filter(action="taskmilestone.plan").count() == 2


def test_a_ticked_milestone_counts_only_once_the_office_approves(accepted, office, reporter, clock):
    task = accepted["持续推进老旧"]
    with transaction.atomic():
        (step,) = services.set_milestones(actor=office.user, task=_fresh(task),
                                          rows=[services.MilestoneRow("完成选址", due_on=date(2024, 6, 1))])  # fmt: skip
    assert services.status_of(_fresh(task)) == "behind"  # 2024-06-30, a month late
    with transaction.atomic():
        report = reports.submit_report(actor=reporter.user, task=task, progress="已完成选址", claim="in_progress",
                                       milestones=[step.pk])  # fmt: skip
    assert services.status_of(_fresh(task)) == "behind"  # the unit's word alone
    with transaction.atomic():
        reports.review_report(actor=office.user, report=report, action="approve")
    step.refresh_from_db()
    assert (step.state, step.met_on) == ("met", date(2024, 6, 30))
    assert services.status_of(_fresh(task)) == "in_progress"
    assert list(TaskEvent.objects.filter(task=task).values_list("action", flat=True)) == [
        "propose", "accept", "plan", "meet"]  # fmt: skip


def test_overdue_wins_over_behind_and_done_over_both(accepted, office, clock):
    parking = accepted["2024年6"]  # due 2024-06-30
    with transaction.atomic():
        services.set_milestones(actor=office.user, task=_fresh(parking),
                                rows=[services.MilestoneRow("完成选址", due_on=date(2024, 3, 31))])  # fmt: skip
    assert services.status_of(_fresh(parking)) == "behind"
    clock.set(date(2024, 7, 1))
    assert services.status_of(_fresh(parking)) == "overdue"


def test_editing_keeps_unchanged_rows_withdraws_the_rest_and_refuses_bad_years(accepted, office):
    task = _fresh(accepted["持续推进老旧"])
    with transaction.atomic():
        first = services.set_milestones(actor=office.user, task=task, rows=[
            services.MilestoneRow("甲", year=2024), services.MilestoneRow("乙", due_on=date(2024, 9, 30))])  # fmt: skip
        second = services.set_milestones(actor=office.user, task=task, rows=[services.MilestoneRow("甲", year=2024)])
    assert [m.pk for m in second] == [m.pk for m in first if m.text == "甲"]  # ordered by date: 乙 first
    assert TaskMilestone.objects.get(text="乙").state == "withdrawn"
    with pytest.raises(StoreError, match="年份 2027 不在计划期（2023—2025年）内"), transaction.atomic():
        services.set_milestones(actor=office.user, task=task, rows=[services.MilestoneRow("丙", year=2027)])
    with pytest.raises(StoreError, match="没有填写时限"), transaction.atomic():
        services.set_milestones(actor=office.user, task=task, rows=[services.MilestoneRow("丁")])
    assert TaskMilestone.objects.filter(task=task, state="open").count() == 1


def test_a_milestone_of_another_task_cannot_be_ticked(accepted, office, reporter):
    own, parking = accepted["持续推进老旧"], accepted["2024年6"]
    with transaction.atomic():
        (step,) = services.set_milestones(actor=office.user, task=_fresh(parking),
                                          rows=[services.MilestoneRow("选址", due_on=date(2024, 5, 1))])  # fmt: skip
    with pytest.raises(StoreError, match="不属于该任务"), transaction.atomic():
        reports.submit_report(actor=reporter.user, task=own, progress="x", claim="in_progress", milestones=[step.pk])
    assert not own.reports.exists()
