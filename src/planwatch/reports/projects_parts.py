"""The report's section on key projects (重点项目) — the ledger as it stood on the period's last day.

Registered from the reports app (apps.py), so the projects app knows nothing of reports. Each
project is judged by the projects app's own rule (`projects.pace.standing`: completion of the
year's planned investment against 序时进度, the office's thresholds, 逾期未开工 / 逾期未竣工) on
the facts of the report's day D: the investment of the approved monthly reports of D's year up
to D's month, started or completed when its actual date (or, without one, its stage) says so by
D. A month reported after D, or a start after D, does not reach a report about D. The ledger
itself is `planwatch export-projects` (docs/projects.md).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from planwatch.projects.models import COMPLETED_STAGES, STARTED_STAGES, Project, ProjectReport, YearPlan
from planwatch.projects.pace import LIGHT_LABELS, RED, Facts, standing
from planwatch.projects.queries import thresholds_for
from planwatch.reporting.models import Status
from planwatch.reporting.services.reminders import cn_date

from . import sections
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


def _by(on, flag: bool, actual) -> bool:
    """Reached by day `on`: by its actual date, or by its stage when no date was recorded."""
    return flag and (actual is None or actual <= on)


def standings(scope: Scope) -> list[tuple[Project, Decimal | None, Decimal, object]]:
    """(project, year plan, completed in the year up to the day, standing) for the scope's projects."""
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
        out.append((p, p.year_amount, p.done, standing(facts, on, year, limits)))
    return out


def projects_section(facts: ReportFacts, w: sections.Writer) -> bool:
    """The portfolio's totals, the year's completion against 序时进度, the projects by light and
    the furthest behind in a table."""
    scope = facts.scope
    rows = standings(scope)
    if not rows:
        return False
    on, year = scope.as_of, scope.as_of.year
    total = sum((p.total_investment for p, *_ in rows), ZERO)
    planned = sum((plan or ZERO for _, plan, _, _ in rows), ZERO)
    done = sum((d for _, _, d, _ in rows), ZERO)
    pace = rows[0][3].pace
    text = f"共有重点项目{len(rows)}个，总投资{_yi(total)}。"
    if planned:
        text += (f"{year}年计划投资{_yi(planned)}，截至{cn_date(on)}已完成{_yi(done)}，"
                 f"完成年度计划的{done / planned:.1%}，序时进度{pace:.1%}。")  # fmt: skip
    else:
        text += f"{year}年没有登记年度计划投资，无法计算完成进度。"
    w.para(text)
    lights = Counter(s.light for *_, s in rows)
    parts = [f"{LIGHT_LABELS[k]}{lights[k]}个" for k in ("green", "yellow", "red", "") if lights[k]]
    late_start = sum(1 for *_, s in rows if s.not_started_late)
    late_finish = sum(1 for *_, s in rows if s.not_completed_late)
    overdue = "、".join(p for p in (f"逾期未开工{late_start}个" if late_start else "",
                                    f"逾期未竣工{late_finish}个" if late_finish else "") if p)  # fmt: skip
    w.para("按进度：" + "、".join(parts) + "。" + (f"其中{overdue}。" if overdue else ""))
    behind = sorted((r for r in rows if r[3].light == RED), key=lambda r: (r[3].rate is None, r[3].rate or 0, r[0].code))
    if behind:
        shown = behind[:BEHIND_LIMIT]
        more = f"（列出进度最慢的{len(shown)}个）" if len(behind) > len(shown) else ""
        w.para(f"严重滞后的项目{len(behind)}个{more}：")
        table = [(p.name, p.unit.name, f"{s.rate:.1%}" if s.rate is not None else "无年度计划", "；".join(s.reasons))
                 for p, _, _, s in shown]  # fmt: skip
        w.document.table(BEHIND_HEADER, table, BEHIND_WIDTHS)
    return True


sections.register(sections.Section("projects", "重点项目推进情况", 70, projects_section))
