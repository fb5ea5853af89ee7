"""Problems in the report (the period's figures, the problems still open on its last day) and in
their ledger — each problem in the stage its steps up to the period's end left it in. The loop
is run through the problems app's own services, each step on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx, open_xlsx

pytestmark = pytest.mark.django_db
GREEN, GREY, YELLOW = "00C6EFCE", "00E7E6E6", "00FFEB9C"


@pytest.fixture
def looped(small_plan, office, reporter, other_reporter, reporter_unit, other_unit):
    """Three problems (the stage limits left at their defaults):
    P3 审批手续 by the reporter's unit: raised 2024-01-15, accepted 01-16, assigned to the other
       unit 01-17 (due 02-29), answered 01-20, solved 02-01, confirmed 02-02, 销号 02-05;
    P1 用地 by the reporter's unit: raised 2024-04-08, accepted 04-09, assigned to the other unit
       04-10 (due 05-31), answered 04-20, solved 05-10, confirmed 05-15, 销号 07-03 (late);
    P2 资金 by the other unit on its own article: raised 2024-05-06, declined 05-07."""
    from planwatch.problems.services import NewProblem, StepIn, raise_problem, step

    plan = small_plan.plan

    def loop(raiser, title, category, article, days, close_on):
        p = raise_problem(actor=raiser.user, plan=plan, today=date(2024, *days[0]),
                          new=NewProblem(title=title, description=title, category=category,
                                         about=[("article", article.pk)]))  # fmt: skip
        p = step(actor=office.user, problem=p, action="accept", today=date(2024, *days[1]))
        p = step(actor=office.user, problem=p, action="assign", today=date(2024, *days[2]),
                 given=StepIn(units=[other_unit], deadline=date(2024, *days[3])))  # fmt: skip
        p = step(actor=other_reporter.user, problem=p, action="answer", today=date(2024, *days[4]),
                 given=StepIn(text="已协调", unit=other_unit))  # fmt: skip
        p = step(actor=other_reporter.user, problem=p, action="resolve", today=date(2024, *days[5]),
                 given=StepIn(text="已解决"))  # fmt: skip
        p = step(actor=raiser.user, problem=p, action="confirm", today=date(2024, *days[6]))
        return step(actor=office.user, problem=p, action="close", today=close_on)

    own, other = small_plan.own.article, small_plan.other.article
    loop(reporter, "审批手续办理慢", "审批手续", own, ((1, 15), (1, 16), (1, 17), (2, 29), (1, 20), (2, 1), (2, 2)),
         date(2024, 2, 5))  # fmt: skip
    loop(reporter, "停车用地未落实", "用地", own, ((4, 8), (4, 9), (4, 10), (5, 31), (4, 20), (5, 10), (5, 15)),
         date(2024, 7, 3))  # fmt: skip
    money = raise_problem(actor=other_reporter.user, plan=plan, today=date(2024, 5, 6),
                          new=NewProblem(title="孵化器资金缺口", description="缺口", category="资金",
                                         about=[("article", other.pk)]))  # fmt: skip
    step(actor=office.user, problem=money, action="decline", today=date(2024, 5, 7), given=StepIn(text="由单位自行解决"))
    return small_plan


def test_the_quarter_with_a_problem_still_waiting_for_its_closing(looped):
    doc = open_docx(make_bytes(plan=looped.plan, kind="progress", period="2024Q2")[0])
    level_one = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "四、问题协调解决情况" in level_one and level_one[-1] == "六、下一步工作"
    text = body_text(doc)
    assert "本期提出问题2个，销号0个。" in text
    # 停车用地 was closed on 3 July: on 30 June it was solved and confirmed, waiting for its 销号
    assert "截至2024年6月30日，尚未销号的问题1个，其中已解决待销号1个；按类别：用地1个。" in text
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "问题")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["问题", "提出单位", "类别", "所处环节"], ["停车用地未落实", "区发展改革局", "用地", "已解决待销号"]]  # fmt: skip


def test_a_quarter_whose_problems_all_ended(looped):
    text = body_text(open_docx(make_bytes(plan=looped.plan, kind="progress", period="2024Q1")[0]))
    # 15 January → 5 February: 21 days, every stage within its limit
    assert "本期提出问题1个，销号1个（在时限内解决1个，从提出到销号用时中位数21天）。" in text
    assert "截至2024年3月31日，提出的问题均已销号或结束处理。" in text


def test_a_late_closing_is_not_within_the_limit(looped):
    text = body_text(open_docx(make_bytes(plan=looped.plan, kind="progress", period="2024Q3")[0]))
    # 8 April → 3 July: 86 days; the 销号 came weeks after its three working days
    assert "本期提出问题0个，销号1个（在时限内解决0个，从提出到销号用时中位数86天）。" in text


def test_a_units_report_has_the_problems_it_raised(looped, reporter_unit):
    text = body_text(open_docx(make_bytes(plan=looped.plan, kind="unit", period="2024Q2", unit=reporter_unit)[0]))
    assert "本期提出问题1个，销号0个。" in text  # the other unit's 孵化器资金缺口 is not its own


def test_a_plan_without_problems_has_no_such_section(small_plan):
    doc = open_docx(make_bytes(plan=small_plan.plan, kind="progress", period="2024Q2")[0])
    assert not any("问题协调" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_problems_ledger(looped):
    data, name, _ = make_bytes(plan=looped.plan, kind="ledger-problems", period="2024Q2")
    assert name == "small-plan-2024Q2-问题台账.xlsx"
    ws = open_xlsx(data)["问题"]
    assert ws["A1"].value == "问题台账" and ws.freeze_panes == "A4"
    assert [c.value for c in ws[3]] == ["序号", "编号", "问题", "类别", "严重程度", "提出单位", "提出日期",
                                        "需要协调解决的事项", "销号日期", "所处环节"]  # fmt: skip
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [(r[2], r[5], r[6].date(), r[9]) for r in rows] == [
        ("审批手续办理慢", "区发展改革局", date(2024, 1, 15), "已销号"),
        ("停车用地未落实", "区发展改革局", date(2024, 4, 8), "已解决待销号"),
        ("孵化器资金缺口", "区科技局", date(2024, 5, 6), "不予受理")]  # fmt: skip
    assert rows[0][8].date() == date(2024, 2, 5) and rows[1][8] is None
    assert [ws.cell(row=r, column=10).fill.start_color.rgb for r in (4, 5, 6)] == [GREEN, YELLOW, GREY]
