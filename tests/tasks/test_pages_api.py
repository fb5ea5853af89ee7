"""What people see: 逾期 by itself on the unit page, the dashboard and the API; the review and
report flows through the pages; a unit cannot touch another unit's tasks (pages and API)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import load_workbook

from planwatch.tasks import reports
from planwatch.tasks.models import PolicyMeasure, Task, TaskReport

pytestmark = pytest.mark.django_db
PARKING = "2024年6月底前建成智慧停车平台"


def _api_tasks(client, plan, **query):
    params = "&".join(f"{k}={v}" for k, v in {"plan": plan.name, **query}.items())
    response = client.get(f"/api/v1/tasks?{params}")
    assert response.status_code == 200
    return {row["text"]: row for row in response.json()}


def test_overdue_appears_by_itself_the_next_day_on_unit_page_dashboard_and_api(accepted, task_plan, reporter, clock, reporter_unit):
    plan = task_plan.plan
    assert _api_tasks(reporter.client, plan)[PARKING]["status"] == "not_started"
    assert "逾期" not in reporter.client.get(f"/units/{reporter_unit.pk}/").content.decode()
    clock.set(date(2024, 7, 1))
    assert _api_tasks(reporter.client, plan)[PARKING]["status"] == "overdue"
    assert list(_api_tasks(reporter.client, plan, status="overdue")) == [PARKING]
    unit_page = reporter.client.get(f"/units/{reporter_unit.pk}/").content.decode()
    assert "逾期 1 项" in unit_page and "建成智慧停车平台" in unit_page
    dashboard = reporter.client.get("/").content.decode()
    assert "逾期任务 1 项" in dashboard


def test_the_office_reviews_proposals_on_the_page(task_plan, office):
    url = f"/tasks/{task_plan.plan.pk}/review/"
    office.client.post(url, {"action": "propose", "article": 1})
    ids = list(Task.objects.values_list("pk", flat=True))
    assert len(ids) == 3
    first = ids[0]
    response = office.client.post(url, {"action": "accept", "tasks": [first], f"text-{first}": "建成智慧停车平台并上线",
                                        f"due-{first}": "2024-09-30", f"kind-{first}": "key"}, follow=True)  # fmt: skip
    assert "已确认 1 项任务" in response.content.decode()
    task = Task.objects.get(pk=first)
    assert (task.text, task.due_on, task.kind, task.state) == ("建成智慧停车平台并上线", date(2024, 9, 30), "key", "active")
    response = office.client.post(url, {"action": "accept", "tasks": [ids[1]], f"due-{ids[1]}": "明天"}, follow=True)
    assert "不是日期" in response.content.decode()
    assert Task.objects.get(pk=ids[1]).state == "proposed"
    tasks_page = office.client.get(f"/tasks/{task_plan.plan.pk}/").content.decode()
    assert "建成智慧停车平台并上线" in tasks_page and "出台支持楼宇" not in tasks_page


def test_a_unit_reports_the_office_confirms_and_the_article_shows_it_done(accepted, task_plan, reporter, office):
    task = accepted["持续推进老旧"]
    pdf = SimpleUploadedFile("验收.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = reporter.client.post(f"/tasks/task/{task.pk}/report/", {"progress": "12个小区改造完成", "claim": "done",
                                                                       "percent": "100", "evidence": pdf}, follow=True)  # fmt: skip
    assert "已报送任务进展" in response.content.decode()
    report = TaskReport.objects.get(task=task)
    article_url = f"/articles/{task_plan.own.article.pk}/"
    assert "已完成" not in reporter.client.get(article_url).content.decode()
    office.client.post(f"/tasks/reports/{report.pk}/approve/")
    page = reporter.client.get(article_url).content.decode()
    assert "task-status--done" in page and "已完成" in page


def test_a_unit_cannot_touch_another_units_task(accepted, other_reporter, reporter, task_plan):
    own = accepted["持续推进老旧"]  # led by the reporter's unit
    assert other_reporter.client.get(f"/tasks/task/{own.pk}/").status_code == 403
    response = other_reporter.client.post(f"/tasks/task/{own.pk}/report/", {"progress": "x", "claim": "in_progress"})
    assert response.status_code == 403
    assert not TaskReport.objects.exists()
    theirs = _api_tasks(other_reporter.client, task_plan.plan)
    assert list(theirs) == ["加快建设科技孵化器"]
    assert reporter.client.post(f"/api/v1/tasks/{own.pk}/review", {"action": "drop"},
                                content_type="application/json").status_code == 403  # fmt: skip


def test_a_co_operating_unit_sees_but_does_not_report(task_plan, office, reporter, other_unit):
    from planwatch.tasks import services

    article = task_plan.shared.article  # led by the other unit, the reporter's co-operates
    article.text = "建设人才公寓。"
    article.save()
    with transaction.atomic():
        (task,) = services.store_task_proposals(actor=office.user, plan=task_plan.plan, article=article)
        services.accept_task(actor=office.user, task=task, edit=services.TaskEdit("建设人才公寓", other_unit, None))
    assert reporter.client.get(f"/tasks/task/{task.pk}/").status_code == 200
    assert reporter.client.post(f"/tasks/task/{task.pk}/report/", {"progress": "x", "claim": "done"}).status_code == 403


def test_tasks_export_to_xlsx_with_the_pages_filters(accepted, task_plan, office, clock):
    clock.set(date(2024, 7, 1))
    response = office.client.get(f"/tasks/{task_plan.plan.pk}/?status=overdue&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("序号", "条目", "具体任务")
    assert [r[2] for r in rows[1:]] == [PARKING]
    assert rows[1][5] == "2024年6月30日" and rows[1][7] == "逾期"


def test_policies_are_proposed_confirmed_and_issued_with_a_valid_document_number(task_plan, office, leader):
    url = f"/tasks/{task_plan.plan.pk}/policies/"
    office.client.post(url, {"action": "propose"})
    policy = PolicyMeasure.objects.get()
    assert (policy.name, policy.kind, policy.state) == ("支持楼宇经济发展的若干措施", "new", "candidate")
    office.client.post(url, {"action": "accept", "policy": policy.pk})
    bad = office.client.post(url, {"action": "issue", "policy": policy.pk, "doc_number": "2023年5号",
                                   "issued_on": "2023-05-10"}, follow=True)  # fmt: skip
    assert "文号“2023年5号”格式不正确" in bad.content.decode()
    office.client.post(url, {"action": "issue", "policy": policy.pk, "doc_number": "市中政办发[2023]5号",
                             "issued_on": "2023-05-10"})  # fmt: skip
    policy.refresh_from_db()
    assert (policy.state, policy.doc_number, policy.issued_on) == ("issued", "市中政办发〔2023〕5号", date(2023, 5, 10))
    api = leader.client.get(f"/api/v1/policies?plan={task_plan.plan.name}&state=issued").json()
    assert [p["doc_number"] for p in api] == ["市中政办发〔2023〕5号"]
    assert leader.client.post(url, {"action": "propose"}).status_code == 403


def test_reporting_twice_in_a_period_after_approval_is_refused(accepted, reporter, office):
    task = accepted["持续推进老旧"]
    with transaction.atomic():
        report = reports.submit_report(actor=reporter.user, task=task, progress="推进", claim="in_progress")
        reports.review_report(actor=office.user, report=report, action="approve")
    response = reporter.client.post(f"/tasks/task/{task.pk}/report/", {"progress": "再报", "claim": "in_progress"}, follow=True)
    assert "不能报送" in response.content.decode()
