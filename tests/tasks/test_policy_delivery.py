"""An issued policy: its document file (checked like evidence) and what it delivered each period,
reported by its issuing unit and approved by the office; other units cannot report for it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from planwatch.audit.models import AuditEvent
from planwatch.tasks import services
from planwatch.tasks.models import PolicyDelivery, PolicyDocument, PolicyMeasure

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(task_plan, office, reporter_unit):
    """The plan's policy promise, accepted and issued, with the reporter's unit issuing it."""
    with transaction.atomic():
        (policy,) = services.store_policy_proposals(actor=office.user, plan=task_plan.plan)
        PolicyMeasure.objects.filter(pk=policy.pk).update(issuing_unit=reporter_unit)
        for action in ("accept", "draft"):
            policy = services.policy_step(actor=office.user, policy=policy, action=action)
        policy = services.policy_step(actor=office.user, policy=policy, action="issue",
                                      doc_number="市中政办发〔2024〕3号", issued_on=date(2024, 4, 2))  # fmt: skip
    return policy


def test_the_document_file_is_checked_and_kept(issued, office):
    url = f"/tasks/policy/{issued.pk}/document/"
    fake = SimpleUploadedFile("文件.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = office.client.post(url, {"file": fake}, follow=True).content.decode()
    assert "内容与扩展名 .pdf 不符" in page and not PolicyDocument.objects.exists()
    pdf = SimpleUploadedFile("若干措施.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    page = office.client.post(url, {"file": pdf}, follow=True).content.decode()
    (doc,) = PolicyDocument.objects.all()
    assert "若干措施.pdf" in page and doc.size == 15
    download = office.client.get(f"/tasks/policy-files/{doc.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_the_issuing_unit_reports_what_it_delivered_and_the_office_approves(issued, reporter, office, clock):
    url = f"/tasks/policy/{issued.pk}/delivery/"
    page = reporter.client.post(url, {"funds": "十万", "enterprises": "3"}, follow=True).content.decode()
    assert "资金兑现“十万”不是数字" in page and not PolicyDelivery.objects.exists()
    page = reporter.client.post(url, {"enterprises": "2.5"}, follow=True).content.decode()
    assert "惠及企业数“2.5”应为不小于 0 的整数" in page
    reporter.client.post(url, {"funds": "120.5", "enterprises": "12", "people": "300", "note": "首批兑现"})
    (delivery,) = PolicyDelivery.objects.all()
    assert (delivery.period, delivery.status, delivery.funds, delivery.people) == ("2024Q2", "submitted", Decimal("120.50"), 300)
    assert "累计兑现</dt><dd>资金 0 万元" in office.client.get(f"/tasks/policy/{issued.pk}/").content.decode()
    assert reporter.client.post(f"/tasks/deliveries/{delivery.pk}/approve/").status_code == 403
    office.client.post(f"/tasks/deliveries/{delivery.pk}/approve/")
    page = office.client.get(f"/tasks/policy/{issued.pk}/").content.decode()
    assert "资金 120.50 万元，惠及企业 12 家，惠及 300 人" in page
    assert AuditEvent.objects.filter(action__in=["delivery.submit", "delivery.approve"]).count() == 2


def test_another_unit_cannot_report_for_the_policy(issued, other_reporter):
    response = other_reporter.client.post(f"/tasks/policy/{issued.pk}/delivery/", {"funds": "1"})
    assert response.status_code == 403 and not PolicyDelivery.objects.exists()


def test_a_policy_not_yet_issued_delivers_nothing(task_plan, office, reporter, reporter_unit):
    with transaction.atomic():
        (policy,) = services.store_policy_proposals(actor=office.user, plan=task_plan.plan)
        PolicyMeasure.objects.filter(pk=policy.pk).update(issuing_unit=reporter_unit)
        services.policy_step(actor=office.user, policy=policy, action="accept")
    page = reporter.client.post(f"/tasks/policy/{policy.pk}/delivery/", {"funds": "1"}, follow=True).content.decode()
    assert "尚未出台，没有兑现情况可报" in page
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    page = office.client.post(f"/tasks/policy/{policy.pk}/document/", {"file": pdf}, follow=True).content.decode()
    assert "尚未出台，不能上传政策文件" in page


def test_the_dashboard_counts_policies_by_state_chapter_and_issuing_unit(issued, office, task_plan):
    page = office.client.get(f"/?plan={task_plan.plan.pk}").content.decode()
    assert "政策措施按章、按制定单位" in page
    assert "已出台 1</a>" in page
    assert '<tr><td>区发展改革局</td><td class="num">1</td><td class="num">1</td></tr>' in page
