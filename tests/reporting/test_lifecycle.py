"""The reporting steps on the one workflow: a step on a stale copy (what a second, concurrent
click holds) is refused with a Chinese message and leaves no trace; the live-server races are in
tests/reliability/test_review_race.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from planwatch.audit.models import AuditEvent
from planwatch.reporting.errors import RACE_MESSAGE, StateConflict, UnderReview
from planwatch.reporting.models import Notification, Status, Submission, SubmissionEvent
from planwatch.reporting.services.lifecycle import REPORTABLE
from planwatch.reporting.services.review import approve, return_item, unlock
from planwatch.reporting.services.submissions import save_submission
from planwatch.reporting.services.validation import Figure
from planwatch.workflow import Conflict

from .conftest import rule_of


@pytest.fixture
def submitted(cycle, reporter):
    rule = rule_of(cycle.own.indicator)
    return save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("110")))


def trail(sub) -> tuple[list[str], list[str], int]:
    events = list(SubmissionEvent.objects.filter(submission=sub).values_list("action", flat=True))
    audit = list(
        AuditEvent.objects.filter(object_type="reporting.submission", object_id=str(sub.pk))
        .order_by("pk").values_list("action", flat=True)
    )  # fmt: skip
    return events, audit, Notification.objects.filter(link__contains=f"/submissions/{sub.pk}/").count()


def test_a_second_approve_on_a_stale_copy_is_refused_and_leaves_no_trace(submitted, office):
    stale = Submission.objects.get(pk=submitted.pk)
    approve(actor=office.user, item=submitted)
    with pytest.raises(StateConflict) as refused:
        approve(actor=office.user, item=stale)
    assert str(refused.value) == (
        "指标“指标1”2025年第四季度数据不是待审核状态（当前为“已审核”），不能审核通过；可能已由他人处理，请刷新页面"
    )
    assert isinstance(refused.value, Conflict)
    assert trail(submitted) == (["submit", "approve"], ["submit", "approve"], 1)


def test_return_after_approve_on_a_stale_copy_keeps_the_approval(submitted, office):
    stale = Submission.objects.get(pk=submitted.pk)
    approve(actor=office.user, item=submitted)
    with pytest.raises(StateConflict, match="不能退回"):
        return_item(actor=office.user, item=stale, reason="数据有误")
    row = Submission.objects.get(pk=submitted.pk)
    assert (row.status, row.locked, row.observation is not None) == (Status.APPROVED, True, True)


def test_two_unlocks_make_one(submitted, office):
    approve(actor=office.user, item=submitted)
    first, second = Submission.objects.get(pk=submitted.pk), Submission.objects.get(pk=submitted.pk)
    unlock(actor=office.user, item=first, reason="更正")
    with pytest.raises(StateConflict, match="未锁定，无需解锁"):
        unlock(actor=office.user, item=second, reason="更正")
    assert trail(submitted)[0] == ["submit", "approve", "unlock"]


def test_submit_on_a_stale_draft_is_refused_once_it_is_under_review(cycle, reporter):
    rule = rule_of(cycle.own.indicator)
    draft = save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("101")),
                            submit=False)  # fmt: skip
    stale = Submission.objects.get(pk=draft.pk)
    save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("102")))
    with pytest.raises(UnderReview):
        REPORTABLE.run("submit", actor=reporter.user, obj=stale)
    assert Submission.objects.get(pk=draft.pk).value == 102


def test_a_new_row_losing_to_an_equal_one_is_a_conflict_and_the_transaction_survives(submitted, reporter):
    twin = Submission(indicator=submitted.indicator, period="2025Q4", period_key=submitted.period_key,
                      unit=submitted.unit, value=1, entered_value=1)  # fmt: skip
    with pytest.raises(StateConflict) as refused:
        REPORTABLE.run("submit", actor=reporter.user, obj=twin)
    assert str(refused.value) == RACE_MESSAGE
    assert Submission.objects.filter(indicator=submitted.indicator).count() == 1  # still usable


@pytest.mark.django_db(transaction=True)
def test_a_step_outside_a_transaction_is_a_programming_error(cycle, reporter, office):
    with transaction.atomic():
        submitted = save_submission(actor=reporter.user, rule=rule_of(cycle.own.indicator), period="2025Q4",
                                    figure=Figure(Decimal("110")))  # fmt: skip
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        approve(actor=office.user, item=submitted)
    with transaction.atomic():
        approve(actor=office.user, item=submitted)


def test_the_api_answers_409_in_chinese_for_a_decision_already_made(submitted, office):
    url = f"/api/v1/submissions/{submitted.pk}/approve"
    assert office.client.post(url, content_type="application/json").status_code == 200
    again = office.client.post(url, content_type="application/json")
    assert again.status_code == 409
    assert again.json() == {
        "detail": "指标“指标1”2025年第四季度数据不是待审核状态（当前为“已审核”），不能审核通过；可能已由他人处理，请刷新页面"
    }


def test_the_review_page_shows_a_decision_already_made_as_a_message(submitted, office):
    url = reverse("reporting:review_action", args=["submission", submitted.pk, "return"])
    approve_url = reverse("reporting:review_action", args=["submission", submitted.pk, "approve"])
    assert office.client.post(approve_url).status_code == 302
    page = office.client.post(url, {"reason": "数据有误"}, follow=True)
    assert page.status_code == 200
    assert "不是待审核状态（当前为“已审核”），不能退回" in page.content.decode()
    assert trail(submitted)[0] == ["submit", "approve"]


def test_a_unique_constraint_lost_to_a_concurrent_request_is_a_409_not_a_500(submitted, office, monkeypatch):
    from django.db import IntegrityError

    from planwatch.reporting import api

    def collide(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint unique_observation_per_period")

    monkeypatch.setattr(api, "approve", collide)
    response = office.client.post(
        f"/api/v1/submissions/{submitted.pk}/approve", content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "数据刚刚被他人同时修改，本次未保存任何内容；请刷新后查看"}
