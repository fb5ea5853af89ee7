"""The demo ledger with a frozen clock: 112 projects, 1154亿元, 演示数据; the dashboard's totals
equal the rows' sums (recomputed here from the tables), the portfolio targets follow the ledger,
and a project not started by its planned start turns 逾期未开工 the next day."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction

pytestmark = pytest.mark.django_db
AS_OF = date(2024, 9, 30)


@pytest.fixture
def demo(db, monkeypatch):
    from planwatch.projects.demo import fill_demo_projects
    from planwatch.reporting import clock
    from planwatch.web.demo_setup import ensure_plan

    state = {"today": AS_OF}
    monkeypatch.setattr(clock, "today", lambda: state["today"])
    plan, _ = ensure_plan()
    with transaction.atomic():
        line = fill_demo_projects(actor=None, plan=plan, as_of=AS_OF)
    assert line.startswith("演示重点项目 112 个，总投资 1154 亿元")
    return plan, state


def test_demo_ledger_totals_portfolio_and_late_start(demo, office):
    from planwatch.projects.models import Project, ProjectReport, YearPlan

    plan, clock = demo
    items = office.client.get("/api/v1/projects?plan=shizhong-2023&year=2024").json()
    summary = office.client.get("/api/v1/projects/summary?plan=shizhong-2023&year=2024").json()
    assert len(items) == 112 and all(p["is_demo"] for p in items) and summary["is_demo"]
    assert all("演示数据" in p["name"] for p in items)
    # the totals, recomputed from the tables themselves
    assert summary["count"] == 112 == Project.objects.filter(plan=plan).count()
    assert summary["total_investment"] == 11_540_000.0
    year_plan = sum(YearPlan.objects.filter(project__plan=plan, year=2024).values_list("amount", flat=True))
    done = sum(ProjectReport.objects.filter(project__plan=plan, status="approved", period__startswith="2024-")
               .values_list("amount", flat=True))  # fmt: skip
    assert summary["year_plan"] == float(year_plan) and summary["completed"] == float(done) > 0
    assert summary["completed"] == pytest.approx(sum(p["completed_this_year"] for p in items))
    assert summary["by_light"] == dict(Counter(p["light"] or "none" for p in items))
    assert summary["by_stage"] == dict(Counter(p["stage"] for p in items))
    assert summary["completion_rate"] == pytest.approx(float(done / year_plan))
    # the 总览's panel shows the same totals (2024 is the evaluation year here)
    dashboard = office.client.get("/").content.decode()
    assert "2024年重点项目" in dashboard and "1,154.00 亿元" in dashboard
    assert f"{summary['year_plan'] / 10000:,.2f} 亿元" in dashboard and f"{summary['completed'] / 10000:,.2f} 亿元" in dashboard
    # the plan's portfolio targets, from the ledger
    assert summary["portfolio"] == ["三年计划重点项目总投资：台账合计 1,154.00亿元，目标 1154亿元，已达到",
                                    "三年计划重点项目：台账合计 112个，目标 112个，已达到"]  # fmt: skip
    Project.objects.filter(plan=plan, code="SZ2023-112").delete()
    after = office.client.get("/api/v1/projects/summary?plan=shizhong-2023&year=2024").json()["portfolio"]
    assert after[1] == "三年计划重点项目：台账合计 111个，目标 112个，未达到"
    # 逾期未开工 turns by itself the day after the planned start
    late = next(p for p in items if p["not_started_late"])
    start = date.fromisoformat(late["start_on"])
    clock["today"] = start
    on_the_day = office.client.get(f"/api/v1/projects/{late['id']}?year={start.year}").json()
    clock["today"] = start + timedelta(days=1)
    next_day = office.client.get(f"/api/v1/projects/{late['id']}?year={start.year}").json()
    assert not on_the_day["not_started_late"] and next_day["not_started_late"]
    assert next_day["light"] == "red" and next_day["stage"] == "preparing"
