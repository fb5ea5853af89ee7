"""The tasks and policies API for every role, its errors in Chinese, and a lost race as 409."""

from __future__ import annotations

import pytest
from django.db import transaction

from planwatch.tasks import services
from planwatch.tasks.models import PolicyMeasure, Task

pytestmark = pytest.mark.django_db
ROLES = ("office", "reporter", "other_reporter", "leader", "auditor", "anonymous")
OFFICE_ONLY = {"office": 200, "reporter": 403, "other_reporter": 403, "leader": 403, "auditor": 403, "anonymous": 401}


@pytest.fixture
def proposed(task_plan, office):
    with transaction.atomic():
        tasks = services.store_task_proposals(actor=office.user, plan=task_plan.plan)
        policies = services.store_policy_proposals(actor=office.user, plan=task_plan.plan)
    return tasks, policies


@pytest.mark.parametrize("role", ROLES)
def test_lists_answer_every_role_with_what_it_may_see(role, request, accepted, task_plan):
    client = request.getfixturevalue(role).client
    tasks = client.get(f"/api/v1/tasks?plan={task_plan.plan.name}")
    policies = client.get(f"/api/v1/policies?plan={task_plan.plan.pk}")
    if role == "anonymous":
        assert (tasks.status_code, policies.status_code) == (401, 401)
        return
    assert (tasks.status_code, policies.status_code) == (200, 200)
    seen = {row["article"] for row in tasks.json()}
    expected = {"reporter": {1}, "other_reporter": {3}}.get(role, {1, 3})  # own article 1, other 3
    assert seen == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_reviews(role, request, proposed):
    tasks, policies = proposed
    client = request.getfixturevalue(role).client
    task = client.post(f"/api/v1/tasks/{tasks[0].pk}/review", {"action": "accept"}, content_type="application/json")
    policy = client.post(f"/api/v1/policies/{policies[0].pk}/steps", {"action": "accept"}, content_type="application/json")
    assert (task.status_code, policy.status_code) == (OFFICE_ONLY[role], OFFICE_ONLY[role])
    accepted = role == "office"
    assert (Task.objects.get(pk=tasks[0].pk).state == "active") is accepted
    assert (PolicyMeasure.objects.get(pk=policies[0].pk).state == "planned") is accepted


def test_errors_are_chinese_and_a_second_decision_is_a_409(proposed, office, task_plan):
    tasks, _ = proposed
    url = f"/api/v1/tasks/{tasks[0].pk}/review"
    assert office.client.post(url, {"action": "accept"}, content_type="application/json").status_code == 200
    again = office.client.post(url, {"action": "accept"}, content_type="application/json")
    assert again.status_code == 409 and "当前为“已确认”，不能确认任务" in again.json()["detail"]
    missing = office.client.post("/api/v1/tasks/999999/review", {"action": "accept"}, content_type="application/json")
    assert missing.status_code == 404 and missing.json()["detail"] == "未找到该任务"
    bad = office.client.get(f"/api/v1/tasks?plan={task_plan.plan.name}&status=late")
    assert bad.status_code == 422
    answer = office.client.get(f"/api/v1/tasks?plan={task_plan.plan.name}").json()
    assert answer[0] | {"id": 0} == {
        "id": 0, "article": 1, "text": "2024年6月底前建成智慧停车平台", "lead_unit": "区发展改革局", "co_units": [],
        "due": "2024-06-30", "status": "not_started", "status_label": "未启动", "claim": "", "state": "active",
        "starts_on": None, "milestones": [],
    }  # fmt: skip


def test_issuing_a_policy_needs_a_valid_document_number(proposed, office):
    _, policies = proposed
    url = f"/api/v1/policies/{policies[0].pk}/steps"
    office.client.post(url, {"action": "accept"}, content_type="application/json")
    bad = office.client.post(url, {"action": "issue", "doc_number": "五号文", "issued_on": "2024-01-05"},
                             content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "文号“五号文”格式不正确" in bad.json()["detail"][0]["msg"]
    good = office.client.post(url, {"action": "issue", "doc_number": "市中政发（2024）1号", "issued_on": "2024-01-05"},
                              content_type="application/json")  # fmt: skip
    assert good.status_code == 200
    assert (good.json()["state"], good.json()["doc_number"]) == ("issued", "市中政发〔2024〕1号")
