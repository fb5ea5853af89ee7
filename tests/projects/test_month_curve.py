"""按月计划与完成 as a chart: GET /api/v1/projects/summary carries the 12 months (cumulative 万元)
the panel's table shows, a unit's summary sums only its own projects, and the ledger page and the
总览 point their chart at the summary with the panel's own plan, year and filters.

The expected figures are worked out by hand from the ledger below, not by the code under test:
four projects of 20,000万元 planned for 2024 each (no office curve: the plan is spread evenly,
1/12 a month); XM0001 and XM0003 are the reporter's unit's, XM0002 and XM0004 the other unit's.
Reports: XM0001 2024-02 1,000 and 2024-05 2,500 (approved), XM0002 2024-03 4,000 (approved),
XM0003 2024-05 500 (submitted, not approved: not counted) and 2023-12 700 (approved, last year).
The evaluation date is 2024-06-30, so July to December have no actual.
"""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import import_file, ledger_bytes

pytestmark = pytest.mark.django_db

FUTURE = [None] * 6  # July to December: nothing can have been completed yet
# 80,000 × m/12, to the fen
ALL_PLAN = [6666.67, 13333.33, 20000.0, 26666.67, 33333.33, 40000.0,
            46666.67, 53333.33, 60000.0, 66666.67, 73333.33, 80000.0]  # fmt: skip
ALL_ACTUAL = [0.0, 1000.0, 5000.0, 5000.0, 7500.0, 7500.0, *FUTURE]
# the reporter's two projects: 40,000 × m/12; only XM0001's approved reports count
OWN_PLAN = [3333.33, 6666.67, 10000.0, 13333.33, 16666.67, 20000.0,
            23333.33, 26666.67, 30000.0, 33333.33, 36666.67, 40000.0]  # fmt: skip
OWN_ACTUAL = [0.0, 1000.0, 1000.0, 1000.0, 3500.0, 3500.0, *FUTURE]


@pytest.fixture
def reported(small_plan, categories, monkeypatch, settings, reporter, other_reporter, office):
    from django.db import transaction

    from planwatch.projects.models import Project
    from planwatch.projects.reports import review_report, submit_report
    from planwatch.reporting import clock

    settings.EVALUATION_DATE = None
    monkeypatch.setattr(clock, "today", lambda: date(2024, 6, 30))
    import_file(small_plan.plan, ledger_bytes(4))
    by_code = {p.code: p for p in Project.objects.all()}
    for code, period, amount, approve in [("XM0001", "2024-02", "1000", True), ("XM0001", "2024-05", "2500", True),
                                          ("XM0002", "2024-03", "4000", True), ("XM0003", "2024-05", "500", False),
                                          ("XM0003", "2023-12", "700", True)]:  # fmt: skip
        unit = reporter if code in ("XM0001", "XM0003") else other_reporter
        with transaction.atomic():
            report = submit_report(actor=unit.user, project=by_code[code], period=period, amount=amount, progress="施工中")
            if approve:
                review_report(actor=office.user, report=report, action="approve")
    return small_plan.plan


def _months(actor, query: str = "") -> list[dict]:
    answer = actor.client.get(f"/api/v1/projects/summary?plan=small-plan&year=2024{query}")
    assert answer.status_code == 200
    return answer.json()["months"]


def test_summary_has_the_twelve_cumulative_months(reported, leader):
    months = _months(leader)
    assert [m["month"] for m in months] == list(range(1, 13))
    assert [m["plan"] for m in months] == ALL_PLAN
    assert [m["actual"] for m in months] == ALL_ACTUAL


def test_months_after_the_evaluation_date_have_no_actual(reported, leader):
    months = _months(leader)
    assert all(m["actual"] is None for m in months[6:]) and months[5]["actual"] == 7500.0


def test_a_unit_sums_only_its_own_projects(reported, reporter, other_reporter):
    months = _months(reporter)
    assert [m["plan"] for m in months] == OWN_PLAN and [m["actual"] for m in months] == OWN_ACTUAL
    other = _months(other_reporter)  # XM0002 and XM0004: 4,000 in March
    assert [m["actual"] for m in other][:6] == [0.0, 0.0, 4000.0, 4000.0, 4000.0, 4000.0]


def test_filters_narrow_the_months_as_they_narrow_the_panel(reported, office):
    months = _months(office, "&unit=区科技局")
    assert [m["actual"] for m in months][:6] == [0.0, 0.0, 4000.0, 4000.0, 4000.0, 4000.0]
    assert months[11]["plan"] == 40000.0


def test_the_ledger_and_the_dashboard_point_their_chart_at_the_summary(reported, office):
    plan = reported.pk
    page = office.client.get(f"/projects/{plan}/?year=2024&unit=区科技局&page=1").content.decode()
    assert 'data-chart="project-curve"' in page and "查看数据表" in page
    src = f"/api/v1/projects/summary?plan={plan}&amp;year=2024&amp;unit=%E5%8C%BA%E7%A7%91%E6%8A%80%E5%B1%80"
    assert f'data-src="{src}"' in page
    assert "<td>3月</td><td>10,000.00</td><td>4,000.00</td>" in page  # the table: 40,000 × 3/12 planned, 4,000 done
    dashboard = office.client.get(f"/?plan={plan}").content.decode()
    assert f'data-src="/api/v1/projects/summary?plan={plan}&amp;year=2024"' in dashboard
