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

from .. import overview, page_parts, results
from ..activity import activity_version
from .common import choose_plan, page

_PARTS = ("tiles", "charts", "behind", "years", "units")  # web/_dashboard_<part>.html


@login_required
def dashboard(request):
    require(request.user, Action.VIEW)
    plan, plans = choose_plan(request)
    # the date the statuses are computed as of (PLANWATCH_EVALUATION_DATE), not the wall clock
    context = {"plan": plan, "plans": plans, "today": evaluation_date()}
    if plan is not None:
        context["parts"] = page_parts.parts(
            request, page="dashboard", plan=plan, build=lambda: _parts(request, plan, context["today"])
        )
        stamp = page_parts.activity_of(request, plan.pk)
        context["activity"] = _activity_parts(request, plan, context["today"], stamp)
        context["changes"] = _changes(request, plan)
        context["plan_events"] = overview.plan_events(plan=plan, since=context["changes"]["since"])
        if role_of(request.user) is not Role.REPORTER:  # the office and the leaders answer for it
            context["unassigned_panel"] = _unassigned_panel(request, plan, stamp)
        if allowed(request.user, Action.VIEW_INDEX, plan):
            context["index_line"] = dashboard_line(plan=plan)
    return page(request, "web/dashboard.html", context, nav="dashboard")


def _activity_parts(request, plan, today, stamp: str | None) -> dict:
    """里程碑 and the panels of the other loops (tasks and policies, problems, key projects):
    they read tables the data version does not watch, so they are kept under the plan's
    activity version as well (web/activity.py: triggers move it with every change to those
    tables), besides the data version (articles, unit links: what a reporter may see), the
    dates and the viewer (page_parts). A new task, problem step or project report therefore
    shows on the next request, and each viewer gets only what was built for its role and unit."""
    if stamp is None:  # a plan without its row: built every time
        return _build_activity(request, plan, today)
    return page_parts.parts(
        request, page="activity", plan=plan, build=lambda: _build_activity(request, plan, today),
        also=stamp, still=lambda: activity_version(plan.pk) == stamp,
    )  # fmt: skip


def _build_activity(request, plan, today) -> dict:
    user = request.user
    loops = {
        "plan": plan,
        "tasks": task_overview.plan_overview(plan=plan, user=user, today=clock.today()),
        "problems": open_now(visible_problems(user, plan)),
        "panel": project_panel(user, plan),
    }
    milestones = {"milestones": overview.milestones(plan=plan, user=user, today=today)}
    return {
        "milestones": page_parts.render(request, "web/_dashboard_milestones.html", milestones),
        "loops": page_parts.render(request, "web/_dashboard_loops.html", loops),
    }


def _changes(request, plan) -> dict:
    """近7天变化's figures, kept rendered like the data parts (page_parts) and also keyed on the
    hour the week starts from: a kept part is a string, where the figures' revisions were model
    instances that every request unpickled again (an eighth of the warm dashboard in cProfile)."""
    since = overview.recent_since()

    def build() -> dict:
        version = page_parts.version_of(request, plan.pk)
        figures = overview.recent_figures(plan=plan, user=request.user, since=since, version=version)
        latest = page_parts.render(request, "web/_dashboard_changes.html", {"latest": figures["latest"]})
        return {"counts": figures["counts"], "latest": latest}

    kept = page_parts.parts(request, page="changes", plan=plan, build=build, also=f"{since:%Y%m%d%H}")
    return {"since": since, **kept}


def _unassigned_panel(request, plan, stamp: str | None) -> str:
    """未确定牵头单位的目标, with proposals: matching every target against the department table
    is the costliest thing on the page, so it is kept like the data parts, also keyed on what
    else it reads — the office's leads, the units, the office's department rows — which the
    activity version watches (it replaced a digest of those three tables, read every time)."""

    def build() -> dict:
        rows = unassigned_targets(plan)
        context = {"plan": plan, "unassigned_targets": rows}
        return {"html": page_parts.render(request, "responsibilities/_dashboard_panel.html", context) if rows else ""}

    if stamp is None:  # a plan without its row: built every time
        return build()["html"]
    return page_parts.parts(
        request, page="unassigned", plan=plan, build=build, also=stamp,
        still=lambda: activity_version(plan.pk) == stamp,
    )["html"]  # fmt: skip


def _parts(request, plan, today) -> dict:
    """The dashboard's parts that depend only on the plan's data and the viewer (page_parts)."""
    figures = {"plan": plan, "today": today, **_figures(request, plan)}
    parts = {name: page_parts.render(request, f"web/_dashboard_{name}.html", figures) for name in _PARTS}
    return {**parts, "is_demo": figures["is_demo"]}


def _figures(request, plan) -> dict:
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
        "is_demo": results.any_demo(rows),
    }
