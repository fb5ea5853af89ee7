"""Key projects in the report: totals, the year's completion against 序时进度 and the projects
furthest behind — as the ledger stood on the period's last day (a month reported for a later
month, or a start after that day, does not count)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx, open_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledgered(small_plan, reporter_unit, other_unit):
    """Three projects (default thresholds: yellow below 90% of pace, red below 70%), 2024 plans:
    XM1 园区厂房 (reporter's unit), 总投资 5亿元, plans 20,000万元 in 2024; approved months
        2024-01..06 of 2,000 each (12,000) and 2024-07 of 5,000 (after the half-year);
    XM2 道路改造 (other unit), 3亿元, plans 10,000万元; approved 2024-03 of 1,000 and 2024-05 of
        500; a submitted (not approved) 2024-06 of 8,000;
    XM3 学校新建 (reporter's unit), 2亿元, plans 6,000万元, planned start 2024-03-01, nothing
        reported, still 前期 — started only on 2024-08-10."""
    from planwatch.projects.models import Project, ProjectReport, YearPlan

    plan = small_plan.plan

    def project(code, name, unit, total, year_plan, **fields):
        p = Project.objects.create(plan=plan, code=code, name=name, unit=unit, total_investment=Decimal(total), **fields)
        YearPlan.objects.create(project=p, year=2024, amount=Decimal(year_plan))
        return p

    def month(p, period, amount, status="approved"):
        ProjectReport.objects.create(project=p, unit=p.unit, period=period, period_key=int(period.replace("-", "")),
                                     status=status, amount=Decimal(amount), progress="按计划推进")  # fmt: skip

    plant = project("XM1", "园区厂房", reporter_unit, 50000, 20000, stage="building")
    for m in range(1, 7):
        month(plant, f"2024-{m:02d}", 2000)
    month(plant, "2024-07", 5000)
    road = project("XM2", "道路改造", other_unit, 30000, 10000, stage="building")
    month(road, "2024-03", 1000)
    month(road, "2024-05", 500)
    month(road, "2024-06", 8000, status="submitted")
    project("XM3", "学校新建", reporter_unit, 20000, 6000, stage="started", start_on=date(2024, 3, 1),
            started_on=date(2024, 8, 10))  # fmt: skip
    return small_plan


def test_the_half_year_as_the_ledger_stood_on_30_june(ledgered):
    doc = open_docx(make_bytes(plan=ledgered.plan, kind="progress", period="2024H1")[0])
    assert "四、重点项目推进情况" in [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    text = body_text(doc)
    # planned 36,000; done 12,000 + 1,500 = 13,500 (July and the unapproved June do not count);
    # 30 June is day 182 of 366: pace 49.7%
    assert ("共有重点项目3个，总投资10.00亿元。2024年计划投资3.60亿元，截至2024年6月30日已完成1.35亿元，"
            "完成年度计划的37.5%，序时进度49.7%。") in text  # fmt: skip
    # XM1 60.0% ≥ 90% of 49.7% → 正常; XM2 15.0% and XM3 0% (planned start passed, not started by then) → 严重滞后
    assert "按进度：正常1个、严重滞后2个。其中逾期未开工1个。" in text
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "重点项目")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["重点项目", "责任单位", "完成年度计划", "原因"],
        ["学校新建", "区发展改革局", "0.0%", "完成年度计划 0.0%，序时进度 49.7%；逾期未开工（计划 2024年3月1日开工）"],
        ["道路改造", "区科技局", "15.0%", "完成年度计划 15.0%，序时进度 49.7%"]]  # fmt: skip


def test_a_units_report_has_its_own_projects(ledgered, reporter_unit):
    text = body_text(open_docx(make_bytes(plan=ledgered.plan, kind="unit", period="2024Q3", unit=reporter_unit)[0]))
    # XM1 and XM3: planned 26,000; done 12,000 + 5,000 = 17,000 by 30 September; XM3 started in August
    assert ("共有重点项目2个，总投资7.00亿元。2024年计划投资2.60亿元，截至2024年9月30日已完成1.70亿元，"
            "完成年度计划的65.4%，序时进度74.9%。") in text  # fmt: skip
    assert "按进度：正常1个、严重滞后1个。" in text  # XM1 85.0% of its plan; XM3 still 0%


def test_a_plan_without_projects_has_no_such_section(small_plan):
    doc = open_docx(make_bytes(plan=small_plan.plan, kind="progress", period="2024H1")[0])
    assert not any("重点项目" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_projects_ledger_as_of_the_half_year(ledgered):
    data, name, _ = make_bytes(plan=ledgered.plan, kind="ledger-projects", period="2024H1")
    assert name == "small-plan-2024H1-重点项目台账.xlsx"
    ws = open_xlsx(data)["重点项目"]
    assert ws["A1"].value == "重点项目台账（截至2024年6月30日）" and ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    assert [c.value for c in ws[3]] == ["序号", "项目编号", "项目名称", "责任单位", "总投资", "年度计划投资",
                                        "累计完成投资", "完成年度计划", "序时进度", "项目状态", "预警原因", "进度"]  # fmt: skip
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    # the same facts as the section above: XM1 12,000 of 20,000; XM2 1,500 of 10,000 (the unapproved
    # June does not count); XM3 nothing and not yet started on 30 June (it started on 10 August)
    assert [(r[1], r[4], r[5], r[6], r[9], r[11]) for r in rows] == [
        ("XM1", 50000, 20000, 12000, "在建", "正常"),
        ("XM2", 30000, 10000, 1500, "在建", "严重滞后"),
        ("XM3", 20000, 6000, 0, "未开工", "严重滞后")]  # fmt: skip
    assert [round(r[7], 3) for r in rows] == [0.6, 0.15, 0.0] and round(rows[0][8], 3) == 0.497
    assert ws["E4"].number_format == '#,##0"万元"' and ws["H4"].number_format == "0.0%"
    assert [ws.cell(row=r, column=12).fill.start_color.rgb for r in (4, 5, 6)] == ["00C6EFCE", "00FFC7CE", "00FFC7CE"]


def test_a_units_projects_ledger_and_a_later_quarter(ledgered, reporter_unit):
    data, _, _ = make_bytes(plan=ledgered.plan, kind="ledger-projects", period="2024Q3", unit=reporter_unit)
    rows = [[c.value for c in r] for r in open_xlsx(data)["重点项目"].iter_rows(min_row=4)]
    # the reporter's unit's projects only; by 30 September XM1 has July's 5,000 and XM3 has started
    assert [(r[1], r[6], r[9]) for r in rows] == [("XM1", 17000, "在建"), ("XM3", 0, "在建")]
