"""Ledger-wide services: the export, and the plan's portfolio targets (number of projects,
total investment) rolled up from the ledger — the parent figure from its children, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planwatch.indicators.models import Basis, Target

from .export import ledger_xlsx
from .models import Project, YearPlan
from .queries import ledger

_COUNT_UNITS = ("个", "项")
_MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1)}


def plan_years(plan) -> list[int]:
    """The years the ledger's 年度计划投资 columns cover: the plan's period and any year planned."""
    years = set(YearPlan.objects.filter(project__plan=plan).values_list("year", flat=True).distinct())
    if plan.period_start and plan.period_end:
        years |= set(range(plan.period_start, plan.period_end + 1))
    return sorted(years)


def export_ledger(*, plan, year: int, today: date, projects=None) -> tuple[bytes, int]:
    queryset = projects if projects is not None else Project.objects.filter(plan=plan)
    queryset = queryset.prefetch_related("articles", "targets__indicator")
    rows = ledger(queryset, plan=plan, year=year, today=today)
    title = f"{plan.display_title}重点项目台账（{year}年）"
    return ledger_xlsx(rows, title=title, year=year, years=plan_years(plan)), len(rows)


@dataclass(frozen=True)
class Portfolio:
    target: Target
    value: Decimal  # in the target's unit
    unit: str
    met: bool

    @property
    def text(self) -> str:
        shown = f"{self.value:,.0f}" if self.unit in _COUNT_UNITS else f"{self.value:,.2f}"
        verdict = "已达到" if self.met else "未达到"
        return f"{self.target.indicator.name}：台账合计 {shown}{self.unit}，目标 {self.target.value:g}{self.unit}，{verdict}"


def portfolio_targets(plan) -> list[Portfolio]:
    """The plan's 项目盘子 targets measured on the ledger: a count (个/项) is the number of
    projects, an amount (亿元/万元) their total investment."""
    projects = Project.objects.filter(plan=plan)
    count = projects.count()
    total = sum(projects.values_list("total_investment", flat=True), Decimal(0))
    out = []
    for target in Target.objects.filter(indicator__plan=plan, basis=Basis.PORTFOLIO).select_related("indicator"):
        unit = target.unit or target.indicator.measure_unit
        if unit in _COUNT_UNITS:
            value = Decimal(count)
        elif unit in _MONEY_UNITS:
            value = total / _MONEY_UNITS[unit]
        else:
            continue
        out.append(Portfolio(target, value, unit, value >= Decimal(str(target.value))))
    return out
