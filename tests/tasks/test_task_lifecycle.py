"""Proposals stored, reviewed, reported on and confirmed; status computed with a frozen clock."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from planwatch.audit.models import AuditEvent
from planwatch.plans.errors import StoreError
from planwatch.tasks import reports, services
from planwatch.tasks.models import Task, TaskEvent, TaskState
from planwatch.workflow import Conflict

pytestmark = pytest.mark.django_db


def _pdf(name="验收报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_proposals_are_stored_once_with_units_and_dates(task_plan, office, reporter_unit, other_unit):
    with transaction.atomic():
        first = services.store_task_proposals(actor=office.user, plan=task_plan.plan)
        again = services.store_task_proposals(actor=office.user, plan=task_plan.plan)
    assert [t.text for t in first] == ["2024年6月底前建成智慧停车平台", "出台支持楼宇经济发展的若干措施", "持续推进老旧小区改造",
                                       "加快建设科技孵化器"]  # fmt: skip
    assert again == []
    parking = first[0]
    assert parking.due_on == date(2024, 6, 30) and parking.lead_unit == reporter_unit
    assert first[3].lead_unit == other_unit
    assert all(t.state == TaskState.PROPOSED for t in Task.objects.all())
    assert TaskEvent.objects.filter(action="propose").count() == 4


def test_accept_edit_merge_and_drop_each_leave_a_history_row_and_audit_event(task_plan, office, other_unit):
    with transaction.atomic():
        a, b, c, d = services.store_task_proposals(actor=office.user, plan=task_plan.plan)
        edit = services.TaskEdit("建成并上线智慧停车平台", other_unit, date(2024, 9, 30), "key", "平台上线运行")
        services.accept_task(actor=office.user, task=a, edit=edit)
        services.merge_tasks(actor=office.user, tasks=[b, c])
        services.drop_task(actor=office.user, task=d, reason="与指标重复")
    a.refresh_from_db()
    assert (a.text, a.lead_unit, a.due_on, a.kind, a.state) == ("建成并上线智慧停车平台", other_unit, date(2024, 9, 30), "key", "active")
    b.refresh_from_db()
    assert b.text == "出台支持楼宇经济发展的若干措施；持续推进老旧小区改造" and b.state == "active"
    assert Task.objects.get(pk=c.pk).state == Task.objects.get(pk=d.pk).state == "dropped"
    assert list(TaskEvent.objects.filter(task=c).values_list("action", "reason")) == [
        ("propose", ""), ("drop", f"并入任务 #{b.pk}")]  # fmt: skip
    assert AuditEvent.objects.filter(action="task.accept").count() == 2
    assert AuditEvent.objects.filter(action="task.drop").count() == 2


def test_a_second_decision_on_the_same_proposal_is_refused(task_plan, office):
    with transaction.atomic():
        task = services.store_task_proposals(actor=office.user, plan=task_plan.plan)[0]
        services.accept_task(actor=office.user, task=task)
    stale = Task.objects.get(pk=task.pk)
    stale.state = TaskState.PROPOSED  # a page opened before the acceptance
    with pytest.raises(Conflict, match="当前为“已确认”，不能确认任务"), transaction.atomic():
        services.accept_task(actor=office.user, task=stale)
    assert TaskEvent.objects.filter(task=task, action="accept").count() == 1


def test_overdue_the_day_after_the_due_date_without_anyone_acting(accepted, clock):
    parking = accepted["2024年6"]
    assert services.status_of(Task.objects.select_related("plan").get(pk=parking.pk)) == "not_started"
    clock.set(date(2024, 7, 1))
    assert services.status_of(Task.objects.select_related("plan").get(pk=parking.pk)) == "overdue"


def test_a_task_without_a_date_is_due_at_the_plans_end(accepted, clock):
    renovation = Task.objects.select_related("plan").get(pk=accepted["持续推进老旧"].pk)
    clock.set(date(2025, 12, 31))
    assert services.status_of(renovation) == "not_started"
    clock.set(date(2026, 1, 1))
    assert services.status_of(renovation) == "overdue"


def test_a_units_done_counts_only_after_the_office_confirms(accepted, reporter, office, clock):
    task = accepted["持续推进老旧"]
    with transaction.atomic():
        report = reports.submit_report(actor=reporter.user, task=task, progress="改造完成12个小区", claim="done",
                                       percent=100, uploads=[_pdf()])  # fmt: skip
    fresh = Task.objects.select_related("plan").get(pk=task.pk)
    assert services.status_of(fresh) == "in_progress"
    assert services.latest_claim(fresh) == "done"
    with transaction.atomic():
        reports.review_report(actor=office.user, report=report, action="approve")
    fresh = Task.objects.select_related("plan").get(pk=task.pk)
    assert (fresh.state, fresh.done_on, services.status_of(fresh)) == ("done", date(2024, 6, 30), "done")
    assert list(TaskEvent.objects.filter(task=task).values_list("action", flat=True)) == ["propose", "accept", "confirm"]


def test_done_without_evidence_is_refused_and_nothing_is_written(accepted, reporter):
    task = accepted["持续推进老旧"]
    with pytest.raises(StoreError, match="须上传佐证材料"), transaction.atomic():
        reports.submit_report(actor=reporter.user, task=task, progress="已完成", claim="done")
    assert not task.reports.exists()


def test_a_returned_report_can_be_sent_again_and_a_bad_file_is_refused(accepted, reporter, office):
    task = accepted["持续推进老旧"]
    with transaction.atomic():
        report = reports.submit_report(actor=reporter.user, task=task, progress="推进中", claim="in_progress")
        reports.review_report(actor=office.user, report=report, action="return", reason="请补充小区名单")
    fake = SimpleUploadedFile("名单.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(StoreError, match="内容与扩展名 .pdf 不符"), transaction.atomic():
        reports.submit_report(actor=reporter.user, task=task, progress="补充名单", claim="in_progress", uploads=[fake])
    with transaction.atomic():
        again = reports.submit_report(actor=reporter.user, task=task, progress="补充名单", claim="in_progress")
    assert (again.pk, again.status, again.progress) == (report.pk, "submitted", "补充名单")


def test_a_proposal_is_led_by_its_articles_lead_as_the_office_decided_it(task_plan, office, reporter_unit, other_unit):
    """An article whose plan lists its units without a lead (both 配合 as stored) gets its lead
    on the 责任分解 page; the tasks proposed from its text start with that lead, not 未确定."""
    from planwatch.responsibilities.services import assign_leads
    from planwatch.tasks import services
    from planwatch.units.models import ArticleUnit

    article = task_plan.shared.article
    article.text = "加快建设人才公寓。"
    article.save()
    ArticleUnit.objects.filter(article=article).update(role=ArticleUnit.Role.CO)
    with transaction.atomic():
        assign_leads(actor=office.user, plan=task_plan.plan, keys=[f"a{article.pk}"], unit=reporter_unit)
        (task,) = services.store_task_proposals(actor=office.user, plan=task_plan.plan, article=article)
    assert task.lead_unit == reporter_unit
    assert list(task.co_units.all()) == [other_unit]
