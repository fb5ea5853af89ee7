"""The reporting pages through the test client: the unit's 待报送 page with evidence, the office's
审核 page, the whole return-and-resubmit cycle, and who may see what (403 by URL)."""

from __future__ import annotations

from django.urls import reverse

from planwatch.indicators.evaluation import evaluate_plan
from planwatch.reporting.models import ArticleReport, Evidence, Status, Submission

from .conftest import TODAY, pdf, rule_of


def unit_url(unit) -> str:
    return reverse("reporting:unit", args=[unit.pk])


def save_url(rule, period: str = "2025Q4") -> str:
    """Each item of the 待报送 page is saved on its own, by its own small form."""
    return reverse("reporting:item_save", args=[rule.pk, period])


def figure_post(rule, action: str = "submit", **fields) -> dict:
    prefix = f"i{rule.pk}-2025Q4"
    return {"action": action, **{f"{prefix}-{k}": v for k, v in fields.items()}}


def action_url(item, action: str) -> str:
    return reverse("reporting:review_action", args=[item.kind, item.pk, action])


def test_the_whole_cycle_through_the_pages(cycle, reporter, office, reporter_unit):
    rule = rule_of(cycle.own.indicator)
    assert reporter.client.get("/reporting/").url == unit_url(reporter_unit)
    page = reporter.client.get(unit_url(reporter_unit)).content.decode()
    assert (
        "指标1" in page and "2025年第四季度" in page and "截止 2026年1月5日" in page and "还有 2 天" in page
    )
    assert '上期（2025年第三季度）：<span class="num">100</span>亿元' in page  # last period for reference

    data = figure_post(rule, value="110", unit="亿元", source="区统计局快报", **{"evidence": pdf()})
    response = reporter.client.post(save_url(rule), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    sub = Submission.objects.get(indicator=cycle.own.indicator, period="2025Q4")
    assert (sub.status, sub.value, sub.source) == (Status.SUBMITTED, 110, "区统计局快报")
    evidence = Evidence.objects.get(submission=sub)
    assert (evidence.name, evidence.content_type) == ("佐证.pdf", "application/pdf")

    review = office.client.get(reverse("reporting:review")).content.decode()
    assert (
        "指标1" in review and "110" in review and reverse("reporting:evidence", args=[evidence.pk]) in review
    )
    office.client.post(action_url(sub, "return"), {"reason": "请附统计快报原件"})
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED

    page = reporter.client.get(unit_url(reporter_unit)).content.decode()
    assert "退回原因：</strong>请附统计快报原件" in page
    response = reporter.client.post(save_url(rule), figure_post(rule, value="120", unit="亿元"))
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.status, sub.value) == (Status.SUBMITTED, 120)

    response = office.client.post(action_url(sub, "approve"))
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.status, sub.locked) == (Status.APPROVED, True)
    latest = next(
        r["latest"]
        for r in evaluate_plan(plan=cycle.plan, as_of=TODAY)
        if r["indicator_id"] == sub.indicator_id
    )
    assert latest == {"period": "2025Q4", "value": 120.0}
    history = reporter.client.get(reverse("reporting:submission", args=[sub.pk])).content.decode()
    assert "请附统计快报原件" in history and "审核通过" in history and "佐证.pdf" in history


def test_errors_are_shown_beside_the_field_and_nothing_is_saved(cycle, reporter, reporter_unit):
    rule = rule_of(cycle.own.indicator)
    response = reporter.client.post(save_url(rule), figure_post(rule, value="一百一十"))
    assert response.status_code == 400
    assert '<span class="error" role="alert">请填写数字</span>' in response.content.decode()
    response = reporter.client.post(save_url(rule), figure_post(rule, value="200", unit="亿元"))
    assert "较上期（100亿元）变动 100%，超过 50%，请填写变动说明" in response.content.decode()
    response = reporter.client.post(save_url(rule), figure_post(rule, value="110", unit="亿元",
                                                                        evidence=pdf("病毒.pdf", b"MZ\x90\x00")))  # fmt: skip
    assert "文件“病毒.pdf”的内容与扩展名 .pdf 不符" in response.content.decode()
    assert not Submission.objects.exists() and not Evidence.objects.exists()


def test_progress_text_and_a_draft(cycle, reporter, reporter_unit):
    rule = next(
        r for r in cycle.rules.values() if r.article_id == cycle.own.article.pk and not r.indicator_id
    )
    prefix = f"a{rule.pk}-2025Q4"
    data = {"action": "draft", f"{prefix}-progress": "已完成主体工程"}
    assert reporter.client.post(save_url(rule), data).status_code == 302
    report = ArticleReport.objects.get(article=cycle.own.article)
    assert report.status == Status.DRAFT
    data = {"action": "submit", f"{prefix}-progress": "已完成主体工程", f"{prefix}-self_status": "on_track",
            f"{prefix}-problems": "资金拨付慢", f"{prefix}-next_steps": "争取专项债"}  # fmt: skip
    assert reporter.client.post(save_url(rule), data).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.problems, report.self_status) == (
        Status.SUBMITTED,
        "资金拨付慢",
        "on_track",
    )


def test_a_unit_can_neither_see_nor_submit_another_units_items(cycle, reporter, other_reporter, office,
                                                                 reporter_unit, other_unit):  # fmt: skip
    rule = rule_of(cycle.own.indicator)
    reporter.client.post(save_url(rule), figure_post(rule, value="110", evidence=pdf()))
    sub = Submission.objects.get()
    evidence = Evidence.objects.get()
    other = other_reporter.client
    assert other.get("/reporting/").url == unit_url(other_unit)
    assert other.get(unit_url(reporter_unit)).status_code == 403
    assert other.post(save_url(rule), figure_post(rule, value="999")).status_code == 403
    assert other.get(reverse("reporting:submission", args=[sub.pk])).status_code == 403
    assert other.get(reverse("reporting:evidence", args=[evidence.pk])).status_code == 403
    assert (
        other.get(reverse("reporting:workbook", args=[reporter_unit.pk, cycle.plan.pk, "2025Q4"])).status_code
        == 403
    )
    assert other.get(reverse("reporting:review")).status_code == 403
    assert other.post(action_url(sub, "approve")).status_code == 403
    # The co-operating unit of the shared article does not see the lead unit's item either.
    shared = rule_of(cycle.shared.indicator)
    page = reporter.client.get(unit_url(reporter_unit)).content.decode()
    assert f"i{shared.pk}-" not in page
    assert Submission.objects.get().value == 110


def test_readers_see_pages_without_forms(cycle, leader, anonymous, reporter_unit):
    page = leader.client.get(unit_url(reporter_unit))
    assert page.status_code == 200 and "指标1" in page.content.decode()
    assert 'name="action" value="submit"' not in page.content.decode()
    rule = rule_of(cycle.own.indicator)
    assert leader.client.post(save_url(rule), figure_post(rule, value="110")).status_code == 403
    assert leader.client.get(reverse("reporting:review")).status_code == 403
    assert anonymous.client.get(unit_url(reporter_unit)).status_code == 302


def test_evidence_is_a_download_for_those_who_may_view_it(cycle, reporter, office, leader, reporter_unit,
                                                          evidence_dir):  # fmt: skip
    rule = rule_of(cycle.own.indicator)
    reporter.client.post(save_url(rule), figure_post(rule, value="110", evidence=pdf()))
    evidence = Evidence.objects.get()
    assert (evidence_dir / str(evidence.pk)).read_bytes().startswith(b"%PDF-")
    for client in (reporter.client, office.client, leader.client):
        response = client.get(reverse("reporting:evidence", args=[evidence.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_office_overview_and_notifications(cycle, reporter, office, reporter_unit):
    page = office.client.get("/reporting/").content.decode()
    assert reporter_unit.name in page
    rule = rule_of(cycle.own.indicator)
    reporter.client.post(save_url(rule), figure_post(rule, value="110"))
    office.client.post(action_url(Submission.objects.get(), "return"), {"reason": "来源不明"})
    notes = reporter.client.get(reverse("reporting:notifications")).content.decode()
    assert "被退回：来源不明" in notes
    reporter.client.post(reverse("reporting:notifications"))
    assert not reporter.user.notifications.filter(read=False).exists()


def test_unread_notifications_tag(cycle, reporter, anonymous):
    from planwatch.reporting.models import Notification
    from planwatch.reporting.templatetags.reporting import unread_notifications

    Notification.objects.create(user=reporter.user, text="提醒")
    assert unread_notifications(reporter.user) == 1 and unread_notifications(anonymous.user) == 0
