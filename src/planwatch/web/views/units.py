"""单位: every responsible unit with its statuses, and one unit's page — its articles (lead or
co-operating), its targets and statuses, and what it has to report next. Reporters see their
own unit only (accounts.permissions)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from planwatch.accounts.permissions import Action, Role, require, role_of, unit_of, visible_units
from planwatch.reporting import clock
from planwatch.responsibilities.leads import PlanLeads, article_lead_counts
from planwatch.tasks import overview as task_overview
from planwatch.units.models import ArticleUnit, Unit

from .. import next_reports, overview, page_parts, results
from ..activity import activity_version
from .common import choose_plan, page


@login_required
def unit_list(request):
    require(request.user, Action.VIEW)
    if role_of(request.user) is Role.REPORTER:
        return redirect("web:unit", pk=unit_of(request.user))
    plan, plans = choose_plan(request)
    rows = results.plan_results(plan=plan, user=request.user) if plan else []
    standings = results.shown_standings(rows)
    by_name = {r["unit"]: r for r in overview.unit_rows(results.rollup(rows), {}, standings)}
    leads = article_lead_counts(plan) if plan else {}  # the lead the plan states or the office confirmed
    units = (
        visible_units(request.user)
        .annotate(linked=Count("article_links", filter=Q(article_links__article__plan=plan)))
        .filter(Q(linked__gt=0) | Q(pk__in=leads))
        .order_by("name")
    )
    table = [{"unit": u, "lead": leads.get(u.pk, 0), "row": by_name.get(u.name)} for u in units]
    table.sort(key=lambda t: (-(t["row"] or {}).get("behind", 0), -t["unit"].linked, t["unit"].name))
    context = {"plan": plan, "plans": plans, "table": table, "statuses": standings}
    return page(request, "web/units.html", context, nav="units")


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    require(request.user, Action.VIEW, unit)
    plan, plans = choose_plan(request)
    stamp = page_parts.activity_of(request, plan.pk) if plan is not None else None
    if stamp is None:  # no plan, or a plan without its activity row: built every time
        parts = _unit_parts(request, unit, plan)
        tasks = _unit_tasks(request, unit, plan)
    else:
        # the office's leads and the unit's tasks are read besides the plan's data: both are
        # watched by the activity version (web/activity.py), so both parts are kept under it too
        def still() -> bool:
            return activity_version(plan.pk) == stamp

        parts = page_parts.parts(request, page=f"unit{unit.pk}", plan=plan, also=stamp, still=still,
                                 build=lambda: _unit_parts(request, unit, plan))  # fmt: skip
        tasks = page_parts.parts(request, page=f"unit-tasks{unit.pk}", plan=plan, also=stamp, still=still,
                                 build=lambda: _unit_tasks(request, unit, plan))  # fmt: skip
    context = {"plan": plan, "plans": plans, "unit": unit, "parts": parts, "unit_tasks": tasks["html"]}
    return page(request, "web/unit.html", context, nav="units")


def _unit_tasks(request, unit, plan) -> dict:
    """The unit's overdue and next tasks (lead or co-operating), rendered."""
    if plan is None:
        return {"html": ""}
    context = {"plan": plan, "unit": unit, "unit_tasks": task_overview.unit_overview(unit=unit, plan=plan, today=clock.today())}
    return {"html": page_parts.render(request, "tasks/_unit_panel.html", context)}


_PARTS = ("tiles", "behind", "due", "links")  # web/_unit_<part>.html


def _unit_parts(request, unit, plan) -> dict:
    """The unit's articles (lead or co-operating, as the leads stand), targets and statuses, and
    what it has to report next: data, leads and the date only (page_parts)."""
    links = list(
        ArticleUnit.objects.filter(unit=unit, article__plan=plan)
        .select_related("article__chapter")
        .order_by("article__position")
    )
    leads = PlanLeads(plan) if plan else None
    for link in links:  # the lead as it stands (stated by the plan or confirmed by the office)
        lead = leads.article(link.article_id).unit
        link.is_lead, link.article_has_lead = lead == unit, lead is not None
    ids = {link.article_id for link in links}
    rows = [r for r in results.plan_results(plan=plan, user=request.user) if r["article_id"] in ids]
    by_article = results.by_article(rows)
    for link in links:
        link.results = by_article.get(link.article_id, [])
    today = timezone.localdate()
    context = {
        "plan": plan, "unit": unit, "links": links, "rows": rows,
        "counts": results.status_counts(rows), "behind": results.most_behind(rows, limit=5),
        "due": next_reports.due_reports(plan=plan, article_ids=next_reports.answered_articles(links), today=today)
        if plan else None,
    }  # fmt: skip
    parts = {name: page_parts.render(request, f"web/_unit_{name}.html", context) for name in _PARTS}
    return {
        **parts, "links_count": len(links), "targets": len(rows), "is_demo": results.any_demo(rows),
        "lead_count": article_lead_counts(plan, leads).get(unit.pk, 0) if plan else 0,
    }  # fmt: skip
