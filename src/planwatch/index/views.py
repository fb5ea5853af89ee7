"""统计评价 pages, mounted at /index/ (namespace "devindex"): the index page (charts from the JSON
twin, the table behind them, earlier versions), the office's build page, and the XLSX export.

Viewing needs `allowed(user, "view_index", plan)` (office, leaders, auditors); building needs
`change` (the office). Views are thin: forms.py reads the post, services.py decides and writes
inside the view's one transaction, results.py computes (cached per data version).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.accounts.permissions import Action, allowed, require
from planwatch.indicators.models import Indicator
from planwatch.plans.models import Plan
from planwatch.web.views.common import choose_plan, page

from . import export, forms
from .core import METHOD_LABELS, WEIGHTING_LABELS
from .models import IndexDefinition
from .results import index_result
from .services import (
    DefinitionError,
    configuration,
    definition_for,
    latest_definition,
    plan_targets,
    save_definition,
)
from .table import indicator_rows, last_change, quarter_rows, year_rows


@login_required
def home(request):
    require(request.user, Action.VIEW_INDEX)
    plan, _ = choose_plan(request)
    if plan is None:
        return page(request, "index/index.html", {"plan": None}, nav="index")
    return redirect("devindex:view", plan_id=plan.pk)


def _plan(request, plan_id: int, action: Action):
    plan, plans = choose_plan(request, plan_id)
    if plan is None or plan.pk != plan_id:
        plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, action, plan)
    return plan, plans


def _version(request) -> int | None:
    text = request.GET.get("version", "")
    return int(text) if text.isdigit() and len(text) < 10 else None


@login_required
@require_GET
def view(request, plan_id: int):
    plan, plans = _plan(request, plan_id, Action.VIEW_INDEX)
    definition = definition_for(plan, _version(request))
    context = {
        "plan": plan,
        "plans": plans,
        "definition": definition,
        "may_build": allowed(request.user, Action.CHANGE, plan),
    }
    if definition is None:
        if request.GET.get("version"):
            raise Http404("没有这个版本的指数")
        return page(request, "index/index.html", context, nav="index")
    result = index_result(definition=definition)
    context.update(
        result=result,
        years=year_rows(result),
        quarters=quarter_rows(result),
        indicators=indicator_rows(result),
        last=last_change(result),
        versions=IndexDefinition.objects.filter(plan=plan).order_by("-version").select_related("created_by__profile__unit"),
        is_latest=definition.version == latest_definition(plan).version,
    )
    return page(request, "index/index.html", context, nav="index")


@login_required
@require_http_methods(["GET", "POST"])
def build(request, plan_id: int):
    plan, plans = _plan(request, plan_id, Action.CHANGE)
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("article")
        .order_by("article__position", "position", "pk")
    )
    latest = latest_definition(plan)
    config = configuration(latest) if latest else None
    if request.method == "POST":
        try:
            with transaction.atomic():
                wanted = forms.read_post(request.POST, indicators)
                definition, new = save_definition(actor=request.user, plan=plan, **wanted)
        except DefinitionError as exc:
            messages.error(request, str(exc))
        else:
            text = (
                f"已保存为第{definition.version}版" if new else f"设定没有变化，仍为第{definition.version}版"
            )
            messages.success(request, text)
            return redirect("devindex:view", plan_id=plan.pk)
    form = forms.initial(config, indicators, plan_targets([i.pk for i in indicators]))
    if request.method == "POST":
        form = _posted_back(request.POST, form)
    context = {
        "plan": plan, "plans": plans, "latest": latest, "form": form,
        "methods": list(METHOD_LABELS.items()), "weightings": list(WEIGHTING_LABELS.items()),
    }  # fmt: skip
    return page(request, "index/build.html", context, nav="index")


def _posted_back(post, form: dict) -> dict:
    """A refused form shows what was typed, not the stored version."""
    form["name"], form["method"], form["weighting"] = (
        post.get("name", ""),
        post.get("method", ""),
        post.get("weighting", ""),
    )
    for s in form["slots"]:
        s["name"], s["weight"] = post.get(f"dim_name_{s['k']}", ""), post.get(f"dim_weight_{s['k']}", "")
    for r in form["rows"]:
        key = r["indicator"].pk
        slot = post.get(f"dim_{key}", "")
        r["slot"] = int(slot) if slot.isdigit() else None
        for field, name in (
            ("direction", "dir"),
            ("weight", "weight"),
            ("method", "method"),
            ("target", "target"),
            ("worst", "worst"),
            ("best", "best"),
        ):
            r[field] = post.get(f"{name}_{key}", "")
    return form


@login_required
@require_GET
def download(request, plan_id: int):
    plan, _ = _plan(request, plan_id, Action.VIEW_INDEX)
    definition = definition_for(plan, _version(request))
    if definition is None:
        raise Http404("该计划还没有设定统计评价指数")
    result = index_result(definition=definition)
    response = HttpResponse(export.write_xlsx(result), content_type=export.CONTENT_TYPE)
    response["Content-Disposition"] = export.disposition(result)
    return response
