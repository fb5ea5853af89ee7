"""Demo problems for `planwatch demo`: eight problems of the plan's units in every stage of the
loop — one closed after a 未解决 round, one red in 协调 (so the dashboard, the board, supervision's
proposals and the meetings page have something to show), one blue, one waiting for 受理, one for
the raiser's 反馈, one declined — each marked 演示数据 (is_demo), dated back from the demo date.

Through the services (the same rows, history and audit as a person's steps), deterministic, and
quick: about sixty steps. Not again once the plan has demo problems.
"""

from __future__ import annotations

from datetime import date, timedelta

from planwatch.units.models import ArticleUnit

from .models import Problem
from .services import NewProblem, StepIn, raise_problem, refresh_lights, step

# (title, category, severity, raiser index, coordinating unit indexes, steps as (days before the
# demo date, action, text)); the first coordinating unit is the 主办单位; an assign's text is its
# deadline in days after the demo date.
SCRIPT = (
    ("产业园二期建设用地指标不足", "用地", "major", 0, (1, 2), (
        (80, "raise", ""), (78, "accept", ""), (75, "assign", "45"), (70, "answer", "协调市级调剂用地指标"),
        (60, "resolve", "已调剂 30 亩"), (57, "reject", "仍缺 20 亩，项目无法开工"), (40, "resolve", "再调剂 20 亩"),
        (38, "confirm", ""), (36, "close", ""))),
    ("污水管网改造资金缺口 800 万元", "资金", "critical", 3, (4,), (
        (45, "raise", ""), (44, "accept", ""), (43, "assign", "-12"), (30, "answer", "拟纳入明年预算"))),
    ("人才公寓房源不足", "人才", "normal", 2, (0, 5), ((20, "raise", ""), (19, "accept", ""), (18, "assign", "20"))),
    ("新建学校环评审批周期长", "审批手续", "normal", 4, (), ((2, "raise", ""),)),
    ("老旧小区改造涉及多部门职责交叉", "跨部门协调", "normal", 5, (3, 1), (
        (30, "raise", ""), (29, "accept", ""), (28, "assign", "30"), (15, "answer", "建立联席会议机制"),
        (3, "resolve", "职责分工已明确"))),
    ("企业贷款贴息政策未出台", "政策", "normal", 1, (0,), (
        (25, "raise", ""), (24, "accept", ""), (23, "assign", "1"))),
    ("停车场项目与规划冲突", "其他", "normal", 0, (), ((12, "raise", ""), (10, "decline", "属规划调整事项，已转区自然资源局按程序办理"))),
    ("数字经济总部基地招商资金拨付慢", "资金", "normal", 2, (4,), (
        (50, "raise", ""), (49, "accept", ""), (47, "assign", "20"), (40, "resolve", "资金已拨付"), (37, "confirm", ""),
        (35, "close", ""))),
)  # fmt: skip


def _units(plan) -> list:
    """Six distinct lead units of the plan (its articles' order)."""
    seen = {}
    for link in ArticleUnit.objects.filter(article__plan=plan).select_related("unit").order_by("article__position", "position"):
        seen.setdefault(link.unit_id, link.unit)
    units = list(seen.values())
    return [units[i % len(units)] for i in range(6)] if units else []


def fill_demo_problems(*, actor, plan, as_of: date) -> str:
    if Problem.objects.filter(plan=plan, is_demo=True).exists():
        return "演示问题已存在"
    units = _units(plan)
    if not units:
        return "计划中没有责任单位，未生成演示问题"
    for title, category, severity, raiser, coordinating, steps in SCRIPT:
        problem = None
        for days, action, text in steps:
            on = as_of - timedelta(days=days)
            if action == "raise":
                new = NewProblem(title=title, description=f"{title}，影响计划推进。（演示数据）", category=category,
                                 severity=severity, help_wanted="请协调有关部门研究解决。")  # fmt: skip
                problem = raise_problem(actor=actor, plan=plan, new=new, today=on, unit=units[raiser], demo=True)
                continue
            given = StepIn(text=text)
            if action == "assign":
                given = StepIn(units=[units[i] for i in coordinating], deadline=as_of + timedelta(days=int(text)))
            if action == "answer":
                given.unit = units[coordinating[0]]
            problem = step(actor=actor, problem=problem, action=action, given=given, today=on)
    for days in range(7, -1, -1):  # the daily run of the last week: the red one has been red for days
        refresh_lights(plan=plan, today=as_of - timedelta(days=days))
    return f"演示问题 {len(SCRIPT)} 个（截至 {as_of.year}年{as_of.month}月{as_of.day}日）"
