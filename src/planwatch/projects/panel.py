"""What the ledger page's panel and the dashboard show about the portfolio for a year: plan
against actual by month (cumulative, in 万元), counts by stage and light, and the ten projects
furthest behind, each with one sentence a district leader can read. From the ledger rows and one
query for the month sums — never typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from planwatch.reporting.models import Status

from .models import ProjectReport, Stage
from .pace import LIGHT_LABELS, RANK
from .queries import ZERO, LedgerRow, totals


def monthly(rows: list[LedgerRow], year: int, today: date, curve=()) -> list[dict]:
    """12 rows: month, cumulative plan (the year's plan by the curve, or evenly), cumulative actual
    (None for the months after `today`'s: nothing can have been completed there yet)."""
    year_plan = sum((r.year_plan or ZERO for r in rows), ZERO)
    done = dict(
        ProjectReport.objects.filter(project__in=[r.project.pk for r in rows], status=Status.APPROVED,
                                     period__startswith=f"{year}-")
        .values_list("period").annotate(s=Sum("amount")).order_by()
    )  # fmt: skip
    out, running = [], ZERO
    for month in range(1, 13):
        running += done.get(f"{year}-{month:02d}", ZERO)
        share = Decimal(str(curve[month - 1] / 100)) if curve else Decimal(month) / 12
        future = (year, month) > (today.year, today.month)
        out.append({"month": month, "plan": (year_plan * share).quantize(Decimal("0.01")),
                    "actual": None if future else running})  # fmt: skip
    return out


def sentence(r: LedgerRow) -> str:
    """One sentence on a project behind: what it completed against what it planned, and why red."""
    s, p = r.standing, r.project
    parts = [f"{p.name}（{p.unit.name}）"]
    if s.rate is not None:
        parts.append(f"本年计划投资{r.year_plan:,.0f}万元，完成{r.completed:,.0f}万元（{s.rate:.0%}），序时进度{s.pace:.0%}")
    parts += [reason for reason in s.reasons if reason.startswith("逾期")]
    return "，".join(parts) + "。"


def furthest_behind(rows: list[LedgerRow], n: int = 10) -> list[tuple[LedgerRow, str]]:
    behind = [r for r in rows if RANK[r.standing.light] >= RANK["yellow"]]
    behind.sort(key=lambda r: (-RANK[r.standing.light], (r.standing.rate or 0) - r.standing.pace, r.project.code))
    return [(r, sentence(r)) for r in behind[:n]]


def panel(rows: list[LedgerRow], year: int, today: date, curve=()) -> dict:
    t = totals(rows)
    return {
        "totals": t, "year": year, "months": monthly(rows, year, today, curve),
        "stages": [(label, t["by_stage"].get(value, 0)) for value, label in Stage.choices],
        "lights": [(light, LIGHT_LABELS[light], t["by_light"].get(light, 0)) for light in ("green", "yellow", "red", "")],
        "behind": furthest_behind(rows), "is_demo": any(r.project.is_demo for r in rows),
    }  # fmt: skip


def dashboard_panel(user, plan) -> dict | None:
    """The 总览's project panel for the plan's projects the user may see (None without any)."""
    from .queries import as_of, ledger, thresholds_for, visible_projects

    today = as_of()
    rows = ledger(visible_projects(user, plan), plan=plan, year=today.year, today=today)
    return panel(rows, today.year, today, thresholds_for(plan).curve) if rows else None  # 3 queries in all (thresholds read once)
