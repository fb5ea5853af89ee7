"""The report's section on key projects (重点项目) — the ledger as it stood on the period's last day.

Registered from the reports app (apps.py), so the projects app knows nothing of reports. Each
project is judged by the projects app's own rule (`projects.pace.standing`: completion of the
year's planned investment against 序时进度, the office's thresholds, 逾期未开工 / 逾期未竣工) on
the facts of the report's day D: the investment of the approved monthly reports of D's year up
to D's month, started or completed when its actual date (or, without one, its stage) says so by
D. A month reported after D, or a start after D, does not reach a report about D.

The 重点项目台账 here is the ledger as of D, one row per project with the same facts (`planwatch
ledger PLAN --kind projects`); the ledger as it is now, in the layout that imports back, is
`planwatch export-projects` (docs/projects.md).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from openpyxl import Workbook

from planwatch.projects.models import COMPLETED_STAGES, STARTED_STAGES, Project, ProjectReport, YearPlan
from planwatch.projects.pace import LIGHT_LABELS, RED, Facts, Standing, standing
from planwatch.projects.queries import thresholds_for
from planwatch.reporting.models import Status
from planwatch.reporting.services.reminders import cn_date

from . import ledgers, sections
from .facts import Facts as ReportFacts
from .facts import Scope

BEHIND_HEADER = ("重点项目", "责任单位", "完成年度计划", "原因")
BEHIND_WIDTHS = (50, 30, 24, 52)  # mm, inside the 156 mm text block
BEHIND_LIMIT = 10
_MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal(0)


def _yi(amount: Decimal) -> str:
    """万元 → 亿元 with two decimals, as a district writes its project totals."""
    return f"{amount / 10000:,.2f}亿元"


class Row(NamedTuple):
    """A project on the report's day: its year plan and approved investment up to then (万元),
    its standing, and 未开工 / 在建 / 已竣工 by then."""

    project: Project
    year_plan: Decimal | None
    done: Decimal
    standing: Standing
    stage: str


def _stage_on(started: bool, completed: bool) -> str:
    return "已竣工" if completed else "在建" if started else "未开工"


def _by(on, flag: bool, actual) -> bool:
    """Reached by day `on`: by its actual date, or by its stage when no date was recorded."""
    return flag and (actual is None or actual <= on)


def standings(scope: Scope) -> list[Row]:
    """The scope's projects as they stood on the report's day."""
    on, year = scope.as_of, scope.as_of.year
    done = (ProjectReport.objects.filter(project=OuterRef("pk"), status=Status.APPROVED,
                                         period__gte=f"{year}-01", period__lte=f"{year}-{on.month:02d}")
            .order_by().values("project").annotate(s=Sum("amount")).values("s"))  # fmt: skip
    plans = YearPlan.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
    rows = Project.objects.filter(plan=scope.plan)
    if scope.unit is not None:
        rows = rows.filter(unit=scope.unit)
    rows = rows.select_related("unit").annotate(
        year_amount=Subquery(plans, output_field=_MONEY),
        done=Coalesce(Subquery(done, output_field=_MONEY), Value(ZERO), output_field=_MONEY),
    )
    limits = thresholds_for(scope.plan)
    out = []
    for p in rows.order_by("position", "code"):
        facts = Facts(p.year_amount, p.done, p.start_on, p.finish_on,
                      _by(on, p.stage in STARTED_STAGES, p.started_on), _by(on, p.stage in COMPLETED_STAGES, p.completed_on))  # fmt: skip
        out.append(Row(p, p.year_amount, p.done, standing(facts, on, year, limits),
                       _stage_on(facts.started, facts.completed_stage)))
    return out


def projects_section(facts: ReportFacts, w: sections.Writer) -> bool:
    """The portfolio's totals, the year's completion against 序时进度, the projects by light and
    the furthest behind in a table."""
    scope = facts.scope
    rows = standings(scope)
    if not rows:
        return False
    on, year = scope.as_of, scope.as_of.year
    total = sum((r.project.total_investment for r in rows), ZERO)
    planned = sum((r.year_plan or ZERO for r in rows), ZERO)
    done = sum((r.done for r in rows), ZERO)
    pace = rows[0].standing.pace
    text = f"共有重点项目{len(rows)}个，总投资{_yi(total)}。"
    if planned:
        text += (f"{year}年计划投资{_yi(planned)}，截至{cn_date(on)}已完成{_yi(done)}，"
                 f"完成年度计划的{done / planned:.1%}，序时进度{pace:.1%}。")  # fmt: skip
    else:
        text += f"{year}年没有登记年度计划投资，无法计算完成进度。"
    w.para(text)
    lights = Counter(r.standing.light for r in rows)
    parts = [f"{LIGHT_LABELS[k]}{lights[k]}个" for k in ("green", "yellow", "red", "") if lights[k]]
    late_start = sum(1 for r in rows if r.standing.not_started_late)
    late_finish = sum(1 for r in rows if r.standing.not_completed_late)
    overdue = "、".join(p for p in (f"逾期未开工{late_start}个" if late_start else "",
                                    f"逾期未竣工{late_finish}个" if late_finish else "") if p)  # fmt: skip
    w.para("按进度：" + "、".join(parts) + "。" + (f"其中{overdue}。" if overdue else ""))
    behind = sorted((r for r in rows if r.standing.light == RED),
                    key=lambda r: (r.standing.rate is None, r.standing.rate or 0, r.project.code))
    if behind:
        shown = behind[:BEHIND_LIMIT]
        more = f"（列出进度最慢的{len(shown)}个）" if len(behind) > len(shown) else ""
        w.para(f"严重滞后的项目{len(behind)}个{more}：")
        table = [(p.name, p.unit.name, f"{s.rate:.1%}" if s.rate is not None else "无年度计划", "；".join(s.reasons))
                 for p, _, _, s, _ in shown]  # fmt: skip
        w.document.table(BEHIND_HEADER, table, BEHIND_WIDTHS)
    return True


# ---------------------------------------------------------------- the ledger
LEDGER_COLUMNS = [ledgers.Column("序号", 6, "0"), ledgers.Column("项目编号", 14), ledgers.Column("项目名称", 36),
                  ledgers.Column("责任单位", 18), ledgers.Column("总投资", 14, ledgers.unit_format("万元", 0)),
                  ledgers.Column("年度计划投资", 16, ledgers.unit_format("万元", 0)),
                  ledgers.Column("累计完成投资", 16, ledgers.unit_format("万元", 0)),
                  ledgers.Column("完成年度计划", 12, "0.0%"), ledgers.Column("序时进度", 10, "0.0%"),
                  ledgers.Column("项目状态", 10), ledgers.Column("预警原因", 40), ledgers.Column("进度", 10)]  # fmt: skip
LEDGER_FILLS = {"green": "green", "yellow": "yellow", "red": "red", "": "grey"}


def projects_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """重点项目台账 as of the period's last day: the year's plan and the approved months up to then
    (万元), completion against 序时进度, started or completed by then, the light (the 进度 column
    coloured by it)."""
    wb = Workbook()
    sheet = ledgers.Sheet(wb.active, f"重点项目台账（截至{cn_date(scope.as_of)}）", LEDGER_COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "重点项目"
    for n, (p, plan, done, s, stage) in enumerate(standings(scope), start=1):
        sheet.add([n, p.code, p.name, p.unit.name, float(p.total_investment), float(plan) if plan is not None else None,
                   float(done), s.rate, s.pace, stage, "；".join(s.reasons), s.light_label],
                  fill=LEDGER_FILLS[s.light])  # fmt: skip
    sheet.finish()
    return ledgers.to_bytes(wb)


sections.register(sections.Section("projects", "重点项目推进情况", 70, projects_section))
ledgers.register(ledgers.Ledger("projects", "重点项目台账", projects_ledger))
