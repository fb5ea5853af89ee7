"""The ledger as the pages, the API and the export read it: each project with its year's plan,
what approved reports say it completed (this year and since it began) and its computed standing
(pace.py) — in one query for any number of projects (sums as subqueries), so a 2,000-project
ledger costs what a 10-project one does. Filters and sorting then work on the computed rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from planwatch.accounts.permissions import visible_reporting
from planwatch.reporting import clock
from planwatch.reporting.models import Status

from .models import COMPLETED_STAGES, STARTED_STAGES, Project, ProjectReport, ProjectSettings, YearPlan
from .pace import Facts, Standing, Thresholds, standing

ZERO = Decimal(0)
_MONEY = DecimalField(max_digits=16, decimal_places=2)


@dataclass
class LedgerRow:
    project: Project
    year_plan: Decimal | None
    completed: Decimal  # approved, in the year
    cumulative: Decimal  # approved, all months
    standing: Standing


def as_of() -> date:
    """The day the ledger is judged on: the site's evaluation date (PLANWATCH_EVALUATION_DATE,
    which `planwatch demo` sets for a plan already over) like every status, else the reporting
    clock's today."""
    return getattr(settings, "EVALUATION_DATE", None) or clock.today()


def thresholds_for(plan) -> Thresholds:
    """The office's thresholds and curve for the plan, read once per plan object (a request)."""
    cached = getattr(plan, "_project_thresholds", None)
    if cached is None:
        found = ProjectSettings.objects.filter(plan=plan).first()
        cached = Thresholds() if found is None else Thresholds(found.behind_below, found.far_behind_below,
                                                               tuple(found.curve or ()))  # fmt: skip
        plan._project_thresholds = cached
    return cached


def visible_projects(user, plan) -> QuerySet[Project]:
    """The plan's projects the user may see: a unit's own (责任单位), everyone else's all."""
    return visible_reporting(user, Project.objects.filter(plan=plan))


def _approved_sum(**lookup) -> Coalesce:
    reports = (ProjectReport.objects.filter(project=OuterRef("pk"), status=Status.APPROVED, **lookup)
               .order_by().values("project").annotate(s=Sum("amount")).values("s"))  # fmt: skip
    return Coalesce(Subquery(reports, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def ledger(projects: QuerySet[Project], *, plan, year: int, today: date, limits: Thresholds | None = None) -> list[LedgerRow]:
    """Every project of the queryset with its figures and standing for `year` on `today` (the
    office's thresholds read only when there are projects, unless given)."""
    plans = YearPlan.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
    rows = list(projects.select_related("unit", "category").annotate(
        year_amount=Subquery(plans, output_field=_MONEY),
        done_year=_approved_sum(period__startswith=f"{year}-"),
        done_all=_approved_sum(),
    ))  # fmt: skip
    if not rows:
        return []
    limits = limits or thresholds_for(plan)
    out = []
    for p in rows:
        facts = Facts(p.year_amount, p.done_year, p.start_on, p.finish_on, p.stage in STARTED_STAGES,
                      p.stage in COMPLETED_STAGES)  # fmt: skip
        out.append(LedgerRow(p, p.year_amount, p.done_year, p.done_all, standing(facts, today, year, limits)))
    return out


def totals(rows: list[LedgerRow]) -> dict:
    """The totals row and the summary: parent totals from the rows, nothing typed."""
    by_stage: dict[str, int] = {}
    by_light: dict[str, int] = {}
    for r in rows:
        by_stage[r.project.stage] = by_stage.get(r.project.stage, 0) + 1
        by_light[r.standing.light] = by_light.get(r.standing.light, 0) + 1
    cent = Decimal("0.01")
    year_plan = sum((r.year_plan or ZERO for r in rows), ZERO).quantize(cent)
    completed = sum((r.completed for r in rows), ZERO).quantize(cent)
    return {
        "count": len(rows),
        "total_investment": sum((r.project.total_investment for r in rows), ZERO).quantize(cent),
        "year_plan": year_plan,
        "completed": completed,
        "completion_rate": float(completed / year_plan) if year_plan else None,
        "by_stage": by_stage,
        "by_light": by_light,
    }
