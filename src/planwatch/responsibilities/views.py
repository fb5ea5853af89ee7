"""责任分解: the office's screen — every article and target of a plan with its current lead and
the proposed one, filters, bulk confirm and bulk set — and the 责任分解表 downloads.

Office only: `allowed(user, "change", plan)` (a reporter, a leader or an auditor gets 403).
The views are thin: the services decide and write, one transaction per POST.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.accounts.permissions import Action, require
from planwatch.plans.models import Plan
from planwatch.reporting.errors import ReportingError
from planwatch.reporting.services.calendar import register_unit
from planwatch.units.models import Unit
from planwatch.web.views.common import choose_plan, page

from . import export
from .rows import Filters, plan_rows
from .services import ResponsibilityError, assign_leads, confirm_proposals


@login_required
def index(request):
    require(request.user, Action.CHANGE)
    plan, _ = choose_plan(request)
    if plan is None:
        return page(request, "responsibilities/screen.html", {"plan": None}, nav="responsibilities")
    return redirect("responsibilities:screen", plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def screen(request, plan_id: int):
    plan, plans = choose_plan(request, plan_id)
    if plan is None or plan.pk != plan_id:
        plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.CHANGE, plan)
    if request.method == "POST":
        _post(request, plan)
        query = request.POST.get("query", "")
        url = reverse("responsibilities:screen", args=[plan.pk])
        return redirect(f"{url}?{query}" if query else url)
    rows = plan_rows(plan)
    filters = Filters.from_query(request.GET)
    shown = [r for r in rows if filters.keep(r)]
    context = {
        "plan": plan, "plans": plans, "rows": shown, "filters": filters,
        "query": urlencode({k: v for k, v in request.GET.items() if k in ("chapter", "unit", "unassigned", "differs")}),
        "chapters": [(c.number, str(c)) for c in plan.chapters.order_by("number")], "units": Unit.objects.order_by("name"),
        "total": len(rows), "unassigned": sum(1 for r in rows if r.current.unit is None),
        "differs": sum(1 for r in rows if r.differs),
    }  # fmt: skip
    return page(request, "responsibilities/screen.html", context, nav="responsibilities")


def _post(request, plan) -> None:
    action = request.POST.get("action", "")
    keys = request.POST.getlist("rows") if action != "confirm_all" else request.POST.getlist("shown")
    try:
        with transaction.atomic():
            if action in ("confirm", "confirm_all"):
                if not keys:
                    raise ResponsibilityError("请先勾选条目或目标")
                messages.success(request, confirm_proposals(actor=request.user, plan=plan, keys=keys).text)
            elif action in ("assign", "withdraw"):
                unit = _unit(request.POST.get("unit", "")) if action == "assign" else None
                reason = request.POST.get("reason", "").strip()[:500]
                done = assign_leads(actor=request.user, plan=plan, keys=keys, unit=unit, reason=reason)
                messages.success(request, done.text if unit else f"已撤销办公室确认 {done.changed} 项")
            elif action == "register":
                name = request.POST.get("name", "").strip()[:200]
                if not name:
                    raise ResponsibilityError("请填写单位名称")
                unit, new = register_unit(actor=request.user, name=name)
                messages.success(request, f"已登记单位：{unit.name}" if new else f"单位“{unit.name}”已登记")
            else:
                raise ResponsibilityError("未知的操作，请刷新页面后重试")
    except (ResponsibilityError, ReportingError) as exc:
        messages.error(request, str(exc))


def _unit(value: str) -> Unit:
    unit = Unit.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if unit is None:
        raise ResponsibilityError("请选择牵头单位")
    return unit


@login_required
@require_GET
def download(request, plan_id: int, fmt: str):
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.CHANGE, plan)
    writer = export.WRITERS.get(fmt)
    if writer is None:
        return HttpResponse("不支持的格式", status=404, content_type="text/plain; charset=utf-8")
    data = writer.write(plan)
    response = HttpResponse(data, content_type=writer.content_type)
    response["Content-Disposition"] = export.disposition(plan, fmt)
    return response
