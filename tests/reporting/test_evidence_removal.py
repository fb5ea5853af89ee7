"""A wrong evidence file is removed by its uploader until the item is approved; the removal stays
in the item's history (a row and an audit event) while the file itself is deleted from disk."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from planwatch.audit.models import AuditEvent
from planwatch.reporting.models import Evidence, SubmissionEvent

from .conftest import pdf, rule_of


def remove_url(evidence) -> str:
    return reverse("reporting:evidence_remove", args=[evidence.pk])


@pytest.fixture
def draft(cycle, reporter):
    """A draft 2025Q4 figure of the reporter's unit with two files, uploaded by the reporter."""
    from planwatch.reporting.services.evidence import attach_evidence
    from planwatch.reporting.services.submissions import save_submission
    from planwatch.reporting.services.validation import Figure

    sub = save_submission(actor=reporter.user, rule=rule_of(cycle.own.indicator), period="2025Q4",
                          figure=Figure(Decimal("110")), submit=False)  # fmt: skip
    right = attach_evidence(actor=reporter.user, item=sub, upload=pdf("统计快报.pdf"))
    wrong = attach_evidence(actor=reporter.user, item=sub, upload=pdf("别的单位的文件.pdf"))
    return sub, right, wrong


def test_the_uploader_removes_a_wrong_file_and_the_history_keeps_it(
    draft, reporter, evidence_dir, django_capture_on_commit_callbacks
):
    sub, right, wrong = draft
    page = reporter.client.get(reverse("reporting:unit", args=[sub.unit_id])).content.decode()
    assert remove_url(wrong) in page  # the button is on the 待报送 page
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the removal commits
        response = reporter.client.post(remove_url(wrong), {"next": "/reporting/"})
    assert response.status_code == 302 and response.url == "/reporting/"
    assert list(Evidence.objects.values_list("name", flat=True)) == ["统计快报.pdf"]
    assert not (evidence_dir / str(wrong.pk)).exists() and (evidence_dir / str(right.pk)).exists()
    event = SubmissionEvent.objects.get(submission=sub, action="unattach")
    assert event.reason == "删除佐证材料“别的单位的文件.pdf”" and event.details["sha256"] == wrong.sha256
    assert event.actor == reporter.user and event.old_status == event.new_status == "draft"
    audit = AuditEvent.objects.get(action="unattach")
    assert audit.action_label == "删除佐证材料" and audit.after["file"] == "别的单位的文件.pdf"
    history = reporter.client.get(reverse("reporting:submission", args=[sub.pk])).content.decode()
    assert "删除佐证材料" in history and "别的单位的文件.pdf" in history


def test_another_unit_may_not_remove_it(draft, other_reporter):
    _, _, wrong = draft
    assert other_reporter.client.post(remove_url(wrong)).status_code == 403
    assert Evidence.objects.filter(pk=wrong.pk).exists()


def test_the_office_is_not_the_uploader(draft, office):
    sub, _, wrong = draft
    page = office.client.get(reverse("reporting:submission", args=[sub.pk])).content.decode()
    assert remove_url(wrong) not in page
    office.client.post(remove_url(wrong))
    assert Evidence.objects.filter(pk=wrong.pk).exists()
    assert not SubmissionEvent.objects.filter(action="unattach").exists()


def test_after_approval_no_file_is_removed(draft, reporter, office, evidence_dir):
    from planwatch.reporting.services.review import approve
    from planwatch.reporting.services.submissions import save_submission
    from planwatch.reporting.services.validation import Figure

    sub, _, wrong = draft
    sub = save_submission(actor=reporter.user, rule=rule_of(sub.indicator), period="2025Q4",
                          figure=Figure(Decimal("110")))  # fmt: skip
    assert reporter.client.post(remove_url(wrong)).status_code == 302  # under review: still the uploader's
    approve(actor=office.user, item=sub)
    page = reporter.client.get(reverse("reporting:submission", args=[sub.pk])).content.decode()
    right = Evidence.objects.get()
    assert remove_url(right) not in page
    response = reporter.client.post(remove_url(right), follow=True)
    assert "已审核通过，佐证材料不能再删除" in response.content.decode()
    assert Evidence.objects.filter(pk=right.pk).exists() and (evidence_dir / str(right.pk)).exists()


def test_a_removal_rolled_back_keeps_the_file(draft, reporter, evidence_dir):
    from django.db import transaction

    from planwatch.reporting.services.evidence import remove_evidence

    _, _, wrong = draft
    pk = wrong.pk

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        remove_evidence(actor=reporter.user, evidence=wrong)
        raise Abort
    assert Evidence.objects.filter(pk=pk).exists() and (evidence_dir / str(pk)).exists()
