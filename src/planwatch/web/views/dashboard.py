"""总览: where the plan stands — statuses, chapters, units, the targets most behind, deadlines
and this week's changes. The figures come from the evaluation service (the same objects as
/api/v1/plans/{id}/rollup, which the charts read)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from planwatch.accounts.permissions import Action, Role, allowed, require, role_of, unit_of
from planwatch.index.results import dashboard_line
from planwatch.indicators.evaluation import today as evaluation_date
from planwatch.problems.metrics import open_now
from planwatch.problems.queries import visible_problems
from planwatch.projects.panel import dashboard_panel as project_panel
from planwatch.reporting import clock
from planwatch.responsibilities.rows import unassigned_targets
from planwatch.tasks import overview as task_overview

from .. import overview, results
from .common import choose_plan, page


@login_required
def dashboard(request):
    require(request.user, Action.VIEW)
    plan, plans = choose_plan(request)
    # the date the statuses are computed as of (PLANWATCH_EVALUATION_DATE), not the wall clock
    context = {"plan": plan, "plans": plans, "today": evaluation_date(), "statuses": ()}
    if plan is not None:
        context.update(_figures(request, plan, context["today"]))
        context["tasks"] = task_overview.plan_overview(plan=plan, user=request.user, today=clock.today())
        context["problems"] = open_now(visible_problems(request.user, plan))
        context["panel"] = project_panel(request.user, plan)
        if role_of(request.user) is not Role.REPORTER:  # the office and the leaders answer for it
            context["unassigned_targets"] = unassigned_targets(plan)
        if allowed(request.user, Action.VIEW_INDEX, plan):
            context["index_line"] = dashboard_line(plan=plan)
    return page(request, "web/dashboard.html", context, nav="dashboard")


def _figures(request, plan, today) -> dict:
    rows = results.plan_results(plan=plan, user=request.user)
    rollup = results.rollup(rows)
    standings = results.shown_standings(rows)
    unit_ids = {u["name"]: u["id"] for r in rows for u in r.get("units") or []}
    if role_of(request.user) is Role.REPORTER:  # link only the pages the reporter may open
        unit_ids = {name: pk for name, pk in unit_ids.items() if pk == unit_of(request.user)}
    chapters = overview.chapter_rows(plan, rollup, standings)
    return {
        "results": rows,
        "statuses": standings,
        "total": len(rows),
        "counts": results.status_counts(rows),
        "behind": results.most_behind(rows),
        "no_data": sum(1 for r in rows if r["standing"] == "no_data"),
        "pending": sum(1 for r in rows if r["standing"] == "pending"),
        "chapters": chapters,
        "chapter_labels": {str(c["chapter"]): c["heading"] for c in chapters},
        "units": overview.unit_rows(rollup, unit_ids, standings),
        "years": results.by_target_year(rows),
        "milestones": overview.milestones(plan=plan, user=request.user, today=today),
        "changes": overview.recent_changes(plan=plan, user=request.user),
        "is_demo": results.any_demo(rows),
    }
