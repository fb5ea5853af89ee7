"""The whole cycle through the services: submit → return → correct → resubmit → approve →
the evaluation uses the figure; locking, unlocking, history rows and audit events."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planwatch.audit.models import AuditEvent
from planwatch.indicators.evaluation import evaluate_plan
from planwatch.indicators.models import Observation
from planwatch.reporting.errors import LOCKED_MESSAGE, Invalid, Locked, UnderReview
from planwatch.reporting.models import Notification, Status, Submission
from planwatch.reporting.services.evidence import attach_evidence
from planwatch.reporting.services.review import approve, return_item, unlock
from planwatch.reporting.services.submissions import (
    ReportText,
    rule_for,
    save_article_report,
    save_submission,
)
from planwatch.reporting.services.validation import Figure

from .conftest import TODAY, pdf, rule_of


def latest(plan, indicator):
    rows = [r for r in evaluate_plan(plan=plan, as_of=TODAY) if r["indicator_id"] == indicator.pk]
    return rows[0]["latest"]


def test_submit_return_resubmit_approve_feeds_the_evaluation(cycle, reporter, office):
    rule, indicator = rule_of(cycle.own.indicator), cycle.own.indicator
    sub = save_submission(actor=reporter.user, rule=rule, period="2025Q4",
                          figure=Figure(Decimal("90"), "亿元", "区统计局"))  # fmt: skip
    attach_evidence(actor=reporter.user, item=sub, upload=pdf())
    assert latest(cycle.plan, indicator)["period"] == "2025Q3"  # not approved: not evaluated

    return_item(actor=office.user, item=sub, reason="数值与统计快报不一致，请核实")
    sub.refresh_from_db()
    assert (sub.status, sub.reason) == (Status.RETURNED, "数值与统计快报不一致，请核实")
    assert Notification.objects.filter(user=reporter.user, text__contains="请核实").exists()

    sub = save_submission(actor=reporter.user, rule=rule, period="2025Q4",
                          figure=Figure(Decimal("1.2"), "万亿元", explanation="按快报更正"))  # fmt: skip
    assert sub.status == Status.SUBMITTED and sub.value == Decimal("12000")
    approve(actor=office.user, item=sub)
    sub.refresh_from_db()
    assert (sub.status, sub.locked) == (Status.APPROVED, True)
    assert latest(cycle.plan, indicator) == {"period": "2025Q4", "value": 12000.0}
    obs = Observation.objects.get(indicator=indicator, period="2025Q4")
    assert (obs.status, obs.entered_unit, sub.observation_id) == ("approved", "万亿元", obs.pk)

    steps = [(e.action, e.old_status, e.new_status, e.actor_name, e.reason) for e in sub.events.all()]
    assert steps == [
        ("submit", "", "submitted", "reporter", ""),
        ("return", "submitted", "returned", "office", "数值与统计快报不一致，请核实"),
        ("submit", "returned", "submitted", "reporter", ""),
        ("approve", "submitted", "approved", "office", ""),
    ]
    audited = AuditEvent.objects.filter(object_type="reporting.submission", object_id=str(sub.pk))
    assert sorted(audited.values_list("action", flat=True)) == ["approve", "return", "submit", "submit"]


def test_a_locked_period_is_refused_until_the_office_unlocks_it(cycle, reporter, office):
    rule = rule_of(cycle.own.indicator)
    sub = save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("110")))
    with pytest.raises(UnderReview):
        save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("111")))
    approve(actor=office.user, item=sub)
    with pytest.raises(Locked) as refused:
        save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("111")))
    assert str(refused.value) == LOCKED_MESSAGE == "该期数据已审核锁定，如需修改请联系领导小组办公室解锁"

    with pytest.raises(Invalid):
        unlock(actor=office.user, item=sub, reason="  ")
    unlock(actor=office.user, item=sub, reason="统计局更正了快报")
    sub.refresh_from_db()
    assert (sub.status, sub.locked, sub.reason) == (Status.RETURNED, False, "办公室已解锁：统计局更正了快报")
    # Until the correction is approved, the approved figure stays in force.
    assert latest(cycle.plan, cycle.own.indicator)["value"] == 110.0
    sub = save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("112")))
    approve(actor=office.user, item=sub)
    assert latest(cycle.plan, cycle.own.indicator)["value"] == 112.0
    assert AuditEvent.objects.filter(action="unlock", reason="统计局更正了快报").count() == 1


def test_drafts_are_not_submissions(cycle, reporter):
    rule = rule_of(cycle.own.indicator)
    draft = save_submission(actor=reporter.user, rule=rule, period="2025Q4",
                            figure=Figure(Decimal("300")), submit=False)  # fmt: skip
    assert draft.status == Status.DRAFT and draft.first_submitted_at is None
    with pytest.raises(Invalid) as refused:  # the jump explanation is needed to submit
        save_submission(actor=reporter.user, rule=rule, period="2025Q4", figure=Figure(Decimal("300")))
    assert "变动说明" in refused.value.errors["explanation"]
    assert Submission.objects.get(pk=draft.pk).status == Status.DRAFT


def test_article_progress_goes_through_the_same_workflow(cycle, reporter, office):
    rule = rule_for(article=cycle.own.article)
    with pytest.raises(Invalid) as refused:
        save_article_report(actor=reporter.user, rule=rule, period="2025Q4", text=ReportText())
    assert set(refused.value.errors) == {"progress", "self_status"}
    text = ReportText("完成年度任务的 95%", "用地指标紧张", "协调自然资源局", "on_track")
    report = save_article_report(actor=reporter.user, rule=rule, period="2025Q4", text=text)
    approve(actor=office.user, item=report)
    report.refresh_from_db()
    assert (report.status, report.locked, report.get_self_status_display()) == ("approved", True, "进展顺利")
    with pytest.raises(Locked):
        save_article_report(actor=reporter.user, rule=rule, period="2025Q4", text=text)


def test_only_submitted_items_can_be_reviewed(cycle, reporter, office):
    from planwatch.reporting.errors import ReportingError

    rule = rule_of(cycle.own.indicator)
    draft = save_submission(actor=reporter.user, rule=rule, period="2025Q4",
                            figure=Figure(Decimal("101")), submit=False)  # fmt: skip
    with pytest.raises(ReportingError, match="不是待审核状态"):
        approve(actor=office.user, item=draft)
    with pytest.raises(Invalid, match="请填写退回原因"):
        return_item(actor=office.user, item=draft, reason="")
