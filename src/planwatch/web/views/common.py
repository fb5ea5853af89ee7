"""What every page needs: the plan being looked at, the htmx check, and the page render.

The plan comes from `?plan=` when the user switches, else from the session, else the first plan:
one query lists the plans (for the switcher), whatever their number.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from planwatch.indicators.evaluation import today as evaluation_date
from planwatch.plans.models import Plan

PLAN_SESSION_KEY = "web_plan_id"


def is_htmx(request) -> bool:
    """A partial update asked by htmx (not a boosted page, not a history restore: both want the
    whole page)."""
    headers = request.headers
    whole = headers.get("HX-Boosted") == "true" or headers.get("HX-History-Restore-Request") == "true"
    return headers.get("HX-Request") == "true" and not whole


def choose_plan(request, plan_id: int | None = None) -> tuple[Plan | None, list[Plan]]:
    """(the plan to show, all plans). An explicit id wins and becomes the session's plan."""
    plans = list(Plan.objects.only("pk", "name", "title", "period_start", "period_end").order_by("name"))
    wanted = plan_id or request.GET.get("plan") or request.session.get(PLAN_SESSION_KEY)
    plan = next((p for p in plans if str(p.pk) == str(wanted)), plans[0] if plans else None)
    if plan is not None and request.session.get(PLAN_SESSION_KEY) != plan.pk:
        request.session[PLAN_SESSION_KEY] = plan.pk
    return plan, plans


def page(request, template: str, context: dict, *, nav: str, partial: str | None = None):
    """Render a full page, or only `partial` when htmx asks for it. Responses vary on the
    HX-Request header so a cache never hands a fragment to a full-page load."""
    name = partial if partial and is_htmx(request) else template
    # every status on a page is computed as of this date (PLANWATCH_EVALUATION_DATE or today);
    # the pages that show statuses say so beside them (web/_as_of.html)
    context = {"nav": nav, "evaluation_date": evaluation_date(), **context}
    return vary_on_htmx(render(request, name, context))


def vary_on_htmx(response):
    """A response that differs for htmx's partial requests says so."""
    patch_vary_headers(response, ["HX-Request"])
    return response
