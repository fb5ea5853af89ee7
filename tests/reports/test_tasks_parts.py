"""Tasks and policy measures in the report (their section, the overdue tasks in a table) and in
their two ledgers — statuses as of the period's end, as the tasks pages compute them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx, open_xlsx

pytestmark = pytest.mark.django_db
RED, GREEN, GREY = "00FFC7CE", "00C6EFCE", "00E7E6E6"


@pytest.fixture
def tasked(small_plan, reporter_unit, other_unit):
    """small_plan with, as of 2024-06-30:
    own article — 建成智慧停车平台 (reporter's unit, due 2024-03-31: overdue), 完成老旧小区改造
    (done, confirmed 2024-01-10), a proposal not yet accepted (never shown);
    other article — 建设科技孵化器 (the other unit, due 2025-06-30, no report: not started);
    policies — 楼宇经济若干措施 (reporter's unit, planned for 2024-03-01, still 起草中: late),
    人才新政 (other unit, issued 2024-02-01 as 市中政办发〔2024〕3号; delivered 80 万元 in 2023Q4 and
    120.5 in 2024Q1, approved, 3 firms each — a 2024Q2 figure still awaiting review and a 2024Q3 one
    do not count for 2024Q2), a candidate (not on the register)."""
    from planwatch.tasks.models import PolicyDelivery, PolicyKind, PolicyMeasure, Task

    plan, own, other = small_plan.plan, small_plan.own.article, small_plan.other.article
    Task.objects.create(plan=plan, article=own, text="建成智慧停车平台", lead_unit=reporter_unit,
                        due_on=date(2024, 3, 31), state="active", position=1)  # fmt: skip
    Task.objects.create(plan=plan, article=own, text="完成老旧小区改造", lead_unit=reporter_unit,
                        due_on=date(2024, 12, 31), state="done", done_on=date(2024, 1, 10), position=2)  # fmt: skip
    Task.objects.create(plan=plan, article=own, text="尚未审核的建议", state="proposed", position=3)
    farm = Task.objects.create(plan=plan, article=other, text="建设科技孵化器", lead_unit=other_unit,
                               due_on=date(2025, 6, 30), state="active", deliverable="孵化器1个")  # fmt: skip
    farm.co_units.add(reporter_unit)
    PolicyMeasure.objects.create(plan=plan, article=own, name="楼宇经济若干措施", kind=PolicyKind.NEW,
                                 issuing_unit=reporter_unit, planned_on=date(2024, 3, 1), state="drafting")  # fmt: skip
    talent = PolicyMeasure.objects.create(plan=plan, article=other, name="人才新政", kind=PolicyKind.NEW, issuing_unit=other_unit,
                                          state="issued", doc_number="市中政办发〔2024〕3号", issued_on=date(2024, 2, 1))  # fmt: skip
    for period, key, status, funds in (("2023Q4", 20234, "approved", "80"), ("2024Q1", 20241, "approved", "120.50"),
                                       ("2024Q2", 20242, "submitted", "999"), ("2024Q3", 20243, "approved", "50")):
        PolicyDelivery.objects.create(policy=talent, unit=other_unit, period=period, period_key=key, status=status,
                                      funds=Decimal(funds), enterprises=3, people=None)  # fmt: skip
    PolicyMeasure.objects.create(plan=plan, article=other, name="候选政策", kind=PolicyKind.NEW, state="candidate")
    return small_plan


def test_the_report_has_the_section_with_the_overdue_tasks(tasked):
    doc = open_docx(make_bytes(plan=tasked.plan, kind="progress", period="2024Q2")[0])
    level_one = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert level_one == ["一、总体情况", "二、各章进展情况", "三、进展滞后的目标及原因", "四、具体任务和政策措施落实情况",
                         "五、存在的问题", "六、下一步工作"]  # fmt: skip
    text = body_text(doc)
    assert "截至2024年6月30日，共有具体任务3项，其中逾期1项、未启动1项、已完成1项。" in text
    assert "已过完成时限、尚未经办公室确认完成（销号）的任务1项：" in text
    overdue = next(t for t in doc.tables if t.rows[0].cells[0].text == "具体任务")
    assert [[c.text for c in r.cells] for r in overdue.rows] == [
        ["具体任务", "条目", "牵头单位", "完成时限"], ["建成智慧停车平台", "条目1", "区发展改革局", "2024年3月31日"]]  # fmt: skip
    assert ("列入台账的政策措施2项，其中起草中1项、已出台1项。已过计划出台日期尚未出台的1项：楼宇经济若干措施。") in text


def test_a_units_report_has_only_its_tasks(tasked, other_unit):
    doc = open_docx(make_bytes(plan=tasked.plan, kind="unit", period="2024Q2", unit=other_unit)[0])
    text = body_text(doc)
    assert "截至2024年6月30日，共有具体任务1项，其中未启动1项。" in text
    assert "没有逾期的具体任务。" in text
    assert "列入台账的政策措施1项，其中已出台1项。" in text


def test_a_plan_without_tasks_or_policies_has_no_such_section(small_plan):
    doc = open_docx(make_bytes(plan=small_plan.plan, kind="progress", period="2024Q2")[0])
    assert not any("具体任务" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_tasks_ledger_layout_statuses_and_fills(tasked):
    data, name, _ = make_bytes(plan=tasked.plan, kind="ledger-tasks", period="2024Q2")
    assert name == "small-plan-2024Q2-具体任务台账.xlsx"
    ws = open_xlsx(data)["具体任务"]
    assert ws["A1"].value == "具体任务台账" and ws["A2"].value.startswith("填报单位：领导小组办公室")
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_area == "'具体任务'!$A$1:$I$6"
    assert [c.value for c in ws[3]] == ["序号", "条目", "具体任务", "牵头单位", "配合单位", "完成时限", "成果形式", "单位自评", "状态"]
    rows = {r[2].value: r for r in ws.iter_rows(min_row=4)}
    assert set(rows) == {"建成智慧停车平台", "建设科技孵化器", "完成老旧小区改造"}  # the proposal is not on it
    parking = rows["建成智慧停车平台"]
    assert parking[5].value.date() == date(2024, 3, 31) and parking[5].number_format == 'yyyy"年"m"月"d"日"'
    assert (parking[8].value, parking[8].fill.start_color.rgb) == ("逾期", RED)
    assert (rows["完成老旧小区改造"][8].value, rows["完成老旧小区改造"][8].fill.start_color.rgb) == ("已完成", GREEN)
    farm = rows["建设科技孵化器"]
    assert (farm[3].value, farm[4].value, farm[6].value) == ("区科技局", "区发展改革局", "孵化器1个")
    assert (farm[8].value, farm[8].fill.start_color.rgb) == ("未启动", GREY)
    assert ws.column_dimensions["C"].width == 44


def test_policies_ledger_is_the_register_with_lights(tasked):
    ws = open_xlsx(make_bytes(plan=tasked.plan, kind="ledger-policies", period="2024Q2")[0])["政策措施"]
    assert ws["A1"].value == "政策措施台账" and ws.freeze_panes == "A4"
    rows = {r[2].value: r for r in ws.iter_rows(min_row=4)}
    assert set(rows) == {"人才新政", "楼宇经济若干措施"}  # the candidate is not on the register
    assert [c.value for c in ws[3]][8:] == ["资金兑现", "惠及企业", "惠及人数", "状态"]
    issued = rows["人才新政"]
    assert (issued[6].value, issued[7].value.date(), issued[11].value) == ("市中政办发〔2024〕3号", date(2024, 2, 1), "已出台")
    assert issued[7].number_format == 'yyyy"年"m"月"d"日"' and issued[11].fill.start_color.rgb == GREEN
    assert (issued[8].value, issued[8].number_format) == (200.5, '#,##0.00"万元"')  # 80 + 120.5
    assert (issued[9].value, issued[9].number_format) == (6, '#,##0"家"')
    assert issued[10].value is None  # nobody reported people reached
    late = rows["楼宇经济若干措施"]
    assert (late[11].value, late[11].fill.start_color.rgb) == ("起草中", RED)  # its planned date has passed
    assert late[8].value is None


def test_a_units_tasks_ledger(tasked, reporter_unit):
    data, name, _ = make_bytes(plan=tasked.plan, kind="ledger-tasks", period="2024Q2", unit=reporter_unit)
    ws = open_xlsx(data)["具体任务"]
    assert ws["A2"].value.startswith("填报单位：区发展改革局")
    # its two tasks as lead and the other unit's on which it co-operates
    assert {r[2].value for r in ws.iter_rows(min_row=4)} == {"建成智慧停车平台", "建设科技孵化器", "完成老旧小区改造"}
