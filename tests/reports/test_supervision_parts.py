"""Supervision items in the report (their section, the red ones in a table, accountability) and
in their ledger — each item as it stood on the period's last day, not as it stands today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx, open_xlsx

pytestmark = pytest.mark.django_db
RED, GREEN, BLUE = "00FFC7CE", "00C6EFCE", "00DDEBF7"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def supervised(small_plan, reporter_unit, other_unit):
    """small_plan with four items, the office's thresholds left at their defaults (blue 7 days
    before the deadline, red past 10 days late):
    1号 停车平台 (reporter's unit): opened 2024-03-05, assigned 03-06 with 签收 due 03-11, never
      acknowledged, closed 2024-05-20 before its deadline 06-01;
    2号 孵化器 (other unit; the reporter's unit co-operates), from a meeting: opened 2024-04-10,
      deadline 05-31, returned once on 06-05; extension to 07-31 asked 07-01 and granted 07-02;
      closed 07-15;
    3号 老旧小区 (reporter's unit): opened 2024-06-20, deadline 06-30, never assigned;
    4号 七月事项: opened 2024-07-02, deadline 08-01, never assigned.
    Accountability: 约谈 of the other unit on 2024-06-20, 提醒谈话 of the reporter's unit on 2024-03-01."""
    from planwatch.supervision.models import (
        AccountabilityKind,
        AccountabilityMeasure,
        ItemEvent,
        SupervisionItem,
    )

    plan = small_plan.plan

    def at(y, m, d):
        return datetime(y, m, d, 9, 0, tzinfo=SHANGHAI)

    def item(seq, subject, unit, opened, deadline, **fields):
        return SupervisionItem.objects.create(
            plan=plan, year=2024, seq=seq, subject=subject, requirements="按时办结", lead_unit=unit,
            deadline=fields.pop("now_deadline", deadline), original_deadline=deadline, created_at=at(*opened), **fields)  # fmt: skip

    def step(row, action, when, **details):
        ItemEvent.objects.create(item=row, action=action, label=action, new_state="x", details=details, at=at(*when))

    parking = item(1, "停车平台", reporter_unit, (2024, 3, 5), date(2024, 6, 1), state="closed",
                   assigned_on=date(2024, 3, 6), closed_on=date(2024, 5, 20))  # fmt: skip
    step(parking, "assign", (2024, 3, 6), ack_due="2024-03-11")
    late = item(2, "孵化器", other_unit, (2024, 4, 10), date(2024, 5, 31), now_deadline=date(2024, 7, 31), state="closed",
                assigned_on=date(2024, 4, 11), closed_on=date(2024, 7, 15), source="meeting", returns=1)  # fmt: skip
    late.co_units.add(reporter_unit)
    step(late, "assign", (2024, 4, 11), ack_due="2024-04-16")
    step(late, "acknowledge", (2024, 4, 12))
    step(late, "return", (2024, 6, 5), returns=1)
    step(late, "extend", (2024, 7, 1), deadline="2024-07-31")
    step(late, "grant", (2024, 7, 2), deadline="2024-07-31")
    item(3, "老旧小区", reporter_unit, (2024, 6, 20), date(2024, 6, 30))
    item(4, "七月事项", reporter_unit, (2024, 7, 2), date(2024, 8, 1))
    # seeded by a migration, unless a transactional test flushed them
    talk, remind = (AccountabilityKind.objects.get_or_create(name=name)[0] for name in ("约谈", "提醒谈话"))
    AccountabilityMeasure.objects.create(plan=plan, unit=other_unit, kind=talk, decided_on=date(2024, 6, 20), reason="逾期")
    AccountabilityMeasure.objects.create(plan=plan, unit=reporter_unit, kind=remind, decided_on=date(2024, 3, 1), reason="逾期")
    return small_plan


def test_the_report_has_the_section_as_of_the_quarters_end(supervised):
    doc = open_docx(make_bytes(plan=supervised.plan, kind="progress", period="2024Q2")[0])
    level_one = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "四、督办事项办理情况" in level_one and level_one[-1] == "六、下一步工作"
    text = body_text(doc)
    # 2号 was closed only in July: on 30 June it was being handled, 30 days late (its extension
    # came in July) and returned once
    assert "截至2024年6月30日，共立项督办事项3项（本期立项2项），其中已办结1项（按期办结1项）、办理中1项、未交办1项。" in text
    assert "未办结的2项中，红灯1项、蓝灯1项。" in text  # 3号 is due that very day
    assert "亮红灯的督办事项1项：" in text
    red = next(t for t in doc.tables if t.rows[0].cells[0].text == "督办事项")
    assert [[c.text for c in r.cells] for r in red.rows] == [
        ["督办事项", "牵头单位", "办理时限", "预警原因"],
        ["督办〔2024〕2号孵化器", "区科技局", "2024年5月31日", "逾期 30 天（超过 10 天）；已退回 1 次"]]  # fmt: skip
    assert "本期记录问责1项：约谈1项（区科技局，约谈，2024年6月20日）。" in text


def test_the_next_quarter_counts_the_extension_granted_before_closing(supervised):
    text = body_text(open_docx(make_bytes(plan=supervised.plan, kind="progress", period="2024Q3")[0]))
    # 2号 closed 15 July within its extended deadline (31 July): on time
    assert "截至2024年9月30日，共立项督办事项4项（本期立项1项），其中已办结2项（按期办结2项）、未交办2项。" in text
    assert "未办结的2项中，红灯2项。" in text  # 92 and 60 days late, never assigned
    assert not any("本期记录问责" in line for line in text)


def test_a_units_report_has_its_items_and_its_accountability_only(supervised, reporter_unit):
    text = body_text(open_docx(make_bytes(plan=supervised.plan, kind="unit", period="2024Q1", unit=reporter_unit)[0]))
    assert "截至2024年3月31日，共立项督办事项1项（本期立项1项），其中办理中1项。" in text
    assert "未办结的1项中，黄灯1项。" in text  # not acknowledged by 11 March
    assert "本期记录问责1项：提醒谈话1项（区发展改革局，提醒谈话，2024年3月1日）。" in text


def test_a_plan_without_items_has_no_such_section(small_plan):
    doc = open_docx(make_bytes(plan=small_plan.plan, kind="progress", period="2024Q2")[0])
    assert not any("督办" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_supervision_ledger_layout_states_and_fills(supervised):
    data, name, _ = make_bytes(plan=supervised.plan, kind="ledger-supervision", period="2024Q2")
    assert name == "small-plan-2024Q2-督办事项台账.xlsx"
    ws = open_xlsx(data)["督办事项"]
    assert ws["A1"].value == "督办事项台账" and ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert [c.value for c in ws[3]] == ["序号", "编号", "督办事项", "来源", "牵头单位", "配合单位", "立项日期",
                                        "办理时限", "办结日期", "预警原因", "预警", "状态"]  # fmt: skip
    rows = {r[2].value: r for r in ws.iter_rows(min_row=4)}
    assert list(rows) == ["停车平台", "孵化器", "老旧小区"]  # the July item is not in 2024Q2
    parking = rows["停车平台"]
    assert (parking[8].value.date(), parking[11].value, parking[11].fill.start_color.rgb) == (date(2024, 5, 20), "已办结", GREEN)
    late = rows["孵化器"]
    assert (late[3].value, late[5].value, late[6].value.date(), late[7].value.date()) == (
        "会议议定事项", "区发展改革局", date(2024, 4, 10), date(2024, 5, 31))  # fmt: skip
    assert late[7].number_format == 'yyyy"年"m"月"d"日"'
    assert late[8].value is None  # closed in July: not yet on 30 June
    assert (late[9].value, late[10].value, late[11].value, late[11].fill.start_color.rgb) == (
        "逾期 30 天（超过 10 天）；已退回 1 次", "红灯", "办理中", RED)  # fmt: skip
    fresh = rows["老旧小区"]
    assert (fresh[9].value, fresh[10].value, fresh[11].value, fresh[11].fill.start_color.rgb) == (
        "今天到期", "蓝灯", "未交办", BLUE)  # fmt: skip


def test_a_units_supervision_ledger(supervised, reporter_unit):
    data = make_bytes(plan=supervised.plan, kind="ledger-supervision", period="2024Q3", unit=reporter_unit)[0]
    ws = open_xlsx(data)["督办事项"]
    # its three items as lead and the other unit's on which it co-operates
    assert [r[2].value for r in ws.iter_rows(min_row=4)] == ["停车平台", "孵化器", "老旧小区", "七月事项"]
    assert (ws["H5"].value.date(), ws["I5"].value.date(), ws["L5"].value) == (date(2024, 7, 31), date(2024, 7, 15), "已办结")
    assert (ws["K7"].value, ws["L7"].value, ws["L7"].fill.start_color.rgb) == ("红灯", "未交办", RED)
