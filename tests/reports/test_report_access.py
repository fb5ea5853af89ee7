"""Who may generate and download what: a unit its own report only; the office, leaders and the
auditor any. The page, the API and the list agree (allowed(user, "view", report))."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.reports.models import GeneratedReport
from planwatch.reports.views import last_quarter

pytestmark = pytest.mark.django_db


def form(plan, kind, unit=None, period="2024Q2"):
    return {"plan": plan.pk, "kind": kind, "period": period, "unit": unit.pk if unit else "", "issuer": ""}


def test_office_generates_and_downloads_a_plan_report(gdp_plan, office):
    response = office.client.post("/reports/", form(gdp_plan.plan, "progress"), follow=True)
    assert "已生成《small-plan-2024Q2-进展情况报告.docx》" in response.content.decode()
    report = GeneratedReport.objects.get()
    assert (report.kind, report.period, report.unit, report.created_by) == ("progress", "2024Q2", None, office.user)
    download = office.client.get(f"/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert download.content[:2] == b"PK" and download["Content-Disposition"].startswith("attachment;")


def test_a_unit_generates_its_own_and_not_another_or_the_plans(gdp_plan, reporter, reporter_unit, other_unit):
    assert reporter.client.post("/reports/", form(gdp_plan.plan, "unit", reporter_unit)).status_code == 302
    page = reporter.client.post("/reports/", form(gdp_plan.plan, "unit", other_unit))
    assert page.status_code == 200 and "选择一个有效的选项" in page.content.decode()  # not among its choices
    assert GeneratedReport.objects.count() == 1
    api = reporter.client.post("/api/v1/plans/small-plan/reports", {"kind": "progress", "period": "2024Q2"},
                               content_type="application/json")  # fmt: skip
    assert api.status_code == 403
    api = reporter.client.post("/api/v1/plans/small-plan/reports",
                               {"kind": "unit", "period": "2024Q2", "unit": other_unit.name}, content_type="application/json")  # fmt: skip
    assert api.status_code == 403
    assert GeneratedReport.objects.count() == 1


def test_another_units_report_is_neither_listed_nor_downloaded(gdp_plan, reporter, other_reporter, reporter_unit):
    reporter.client.post("/reports/", form(gdp_plan.plan, "unit", reporter_unit))
    report = GeneratedReport.objects.get()
    assert other_reporter.client.get(f"/reports/{report.pk}/download/").status_code == 403
    assert other_reporter.client.get(f"/api/v1/reports/{report.pk}/file").status_code == 403
    assert other_reporter.client.get("/api/v1/reports").json()["count"] == 0
    assert report.file_name not in other_reporter.client.get("/reports/").content.decode()
    assert reporter.client.get("/api/v1/reports").json()["items"][0]["file_name"] == report.file_name


def test_api_generates_with_a_chinese_422_for_a_bad_period(gdp_plan, office):
    bad = office.client.post("/api/v1/plans/small-plan/reports", {"kind": "brief", "period": "2024-06"},
                             content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "季度、半年或年度" in bad.json()["detail"][0]["msg"]
    made = office.client.post("/api/v1/plans/small-plan/reports", {"kind": "ledger-targets", "period": "2024"},
                              content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    body = made.json()
    assert (body["file_name"], body["as_of"], body["unit"]) == ("small-plan-2024-目标台账.xlsx", "2024-12-31", None)
    file = office.client.get(body["download"])
    assert file.status_code == 200 and file.content[:2] == b"PK"


def test_unit_report_without_a_unit_is_refused_beside_the_form(gdp_plan, office):
    page = office.client.post("/reports/", form(gdp_plan.plan, "unit"))
    assert page.status_code == 200 and "单位进展情况报告须指定单位" in page.content.decode()
    assert not GeneratedReport.objects.exists()


def test_the_list_costs_the_same_for_one_report_and_twenty(gdp_plan, office):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert office.client.get("/reports/").status_code == 200
        return len(ctx)

    office.client.post("/reports/", form(gdp_plan.plan, "ledger-targets"))
    one = queries()
    for _ in range(19):
        office.client.post("/reports/", form(gdp_plan.plan, "ledger-submissions"))
    assert queries() == one


@pytest.mark.parametrize(
    "day, period",
    [(date(2024, 9, 30), "2024Q3"), (date(2024, 10, 15), "2024Q3"), (date(2025, 2, 1), "2024Q4"), (date(2025, 3, 31), "2025Q1")],
)
def test_the_form_offers_the_latest_quarter_ended(day, period):
    assert last_quarter(day) == period


def test_the_list_names_who_generated_by_name_and_unit(gdp_plan, reporter, reporter_unit):
    from planwatch.accounts.people import person

    reporter.client.post("/reports/", form(gdp_plan.plan, "unit", reporter_unit))
    page = reporter.client.get("/reports/").content.decode()
    assert f"<td>{person(reporter.user)}</td>" in page
    assert "区发展改革局" in person(reporter.user)


def test_the_period_is_chosen_by_its_chinese_name(gdp_plan, office):
    html = office.client.get("/reports/").content.decode()
    assert '<option value="2024Q3">2024年第三季度</option>' in html
    assert '<option value="2024H1">2024年上半年</option>' in html
    assert ">2024Q3<" not in html  # the code is the value, never the text
    office.client.post("/reports/", form(gdp_plan.plan, "progress", period="2024-13"))  # not offered
    assert not GeneratedReport.objects.exists()


def test_the_audit_log_names_report_and_index_actions_in_chinese():
    """Found on the 审计日志 page: a generated report showed as "report.generate"."""
    from planwatch.audit.models import AuditEvent

    assert AuditEvent(action="report.generate").action_label == "生成报告"
    assert AuditEvent(action="index.version").action_label == "保存评价指数新版本"
