"""The writes the pages do, through the API: accept with edits, merge, milestones, a unit's
progress report with evidence, the office's confirmation, a policy's document and delivery —
and a unit never writes another unit's."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from planwatch.tasks import services
from planwatch.tasks.models import PolicyMeasure, Task, TaskReport

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _pdf():
    return SimpleUploadedFile("验收.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def proposed(task_plan, office):
    with transaction.atomic():
        return services.store_task_proposals(actor=office.user, plan=task_plan.plan)


def test_the_office_accepts_with_edits_and_merges(proposed, office, reporter_unit, other_unit):
    parking, policy_task, renovation, _ = proposed
    body = {"action": "accept", "text": "建成智慧停车平台", "starts_on": "2024-01-01", "due": "2024-09-30",
            "co_units": [other_unit.name], "kind": "key"}  # fmt: skip
    answer = office.client.post(f"/api/v1/tasks/{parking.pk}/review", body, content_type=JSON)
    assert answer.status_code == 200
    row = answer.json()
    assert (row["text"], row["starts_on"], row["due"], row["co_units"], row["lead_unit"]) == (
        "建成智慧停车平台", "2024-01-01", "2024-09-30", ["区科技局"], "区发展改革局")  # fmt: skip
    merged = office.client.post("/api/v1/tasks/merge", {"tasks": [policy_task.pk, renovation.pk]}, content_type=JSON)
    assert merged.status_code == 200 and merged.json()["text"] == "出台支持楼宇经济发展的若干措施；持续推进老旧小区改造"
    assert Task.objects.get(pk=renovation.pk).state == "dropped"
    lone = office.client.post("/api/v1/tasks/merge", {"tasks": [parking.pk]}, content_type=JSON)
    assert lone.status_code == 422


def test_a_unit_reports_with_evidence_the_office_confirms_and_milestones_are_met(proposed, office, reporter, other_reporter, clock):
    parking = proposed[0]
    office.client.post(f"/api/v1/tasks/{parking.pk}/review", {"action": "accept"}, content_type=JSON)
    put = office.client.put(f"/api/v1/tasks/{parking.pk}/milestones",
                            {"milestones": [{"text": "完成选址", "due": "2024-03-31"}]}, content_type=JSON)  # fmt: skip
    assert put.status_code == 200 and put.json()["status"] == "behind"
    (step,) = put.json()["milestones"]
    url = f"/api/v1/tasks/{parking.pk}/reports"
    other = other_reporter.client.post(url, {"progress": "x", "claim": "in_progress"})
    assert other.status_code == 403
    sent = reporter.client.post(url, {"progress": "平台上线", "claim": "done", "percent": "100",
                                      "milestones": [step["id"]], "files": [_pdf()]})  # fmt: skip
    assert sent.status_code == 200, sent.content
    assert (sent.json()["status"], sent.json()["evidence"]) == ("submitted", ["验收.pdf"])
    review = f"/api/v1/task-reports/{sent.json()['id']}/review"
    assert reporter.client.post(review, {"action": "approve"}, content_type=JSON).status_code == 403
    assert office.client.post(review, {"action": "approve"}, content_type=JSON).status_code == 200
    (row,) = [t for t in office.client.get(f"/api/v1/tasks?plan={parking.plan.name}").json() if t["id"] == parking.pk]
    assert (row["status"], row["milestones"][0]["state"], row["milestones"][0]["met_on"]) == ("done", "met", "2024-06-30")
    assert TaskReport.objects.get().locked


def test_a_policy_document_and_delivery_through_the_api(task_plan, office, reporter, other_reporter, reporter_unit):
    with transaction.atomic():
        (policy,) = services.store_policy_proposals(actor=office.user, plan=task_plan.plan)
        PolicyMeasure.objects.filter(pk=policy.pk).update(issuing_unit=reporter_unit)
        services.policy_step(actor=office.user, policy=policy, action="accept")
        services.policy_step(actor=office.user, policy=policy, action="issue", doc_number="市中政办发〔2024〕3号",
                             issued_on=date(2024, 4, 2))  # fmt: skip
    doc = office.client.post(f"/api/v1/policies/{policy.pk}/documents", {"file": _pdf()})
    assert doc.status_code == 200 and doc.json()["documents"] == ["验收.pdf"]
    assert reporter.client.post(f"/api/v1/policies/{policy.pk}/documents", {"file": _pdf()}).status_code == 403
    url = f"/api/v1/policies/{policy.pk}/deliveries"
    assert other_reporter.client.post(url, {"funds": "5"}, content_type=JSON).status_code == 403
    sent = reporter.client.post(url, {"funds": "80", "enterprises": "4", "people": ""}, content_type=JSON)
    assert sent.status_code == 200 and (sent.json()["period"], sent.json()["funds"]) == ("2024Q2", 80.0)
    office.client.post(f"/api/v1/policy-deliveries/{sent.json()['id']}/review", {"action": "approve"}, content_type=JSON)
    (row,) = office.client.get(f"/api/v1/policies?plan={task_plan.plan.name}").json()
    assert row["delivered"] == {"funds": 80.0, "enterprises": 4, "people": 0}
