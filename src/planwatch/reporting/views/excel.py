"""Excel template download and upload for one unit, plan and period — or for the unit's earlier
periods at once (补报历史数据, services/history.py): the same template, checks and all-or-nothing upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from planwatch.accounts.permissions import Action, require
from planwatch.plans.models import Plan
from planwatch.progress.periods import parse_period
from planwatch.units.models import Unit

from .. import clock
from ..errors import ReportingError, WorkbookRejected
from ..forms import WorkbookForm
from ..services.excel import build_template, import_workbook, scope_label
from ..services.history import HISTORY
from .units import render_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(request, plan, unit, period: str):
    try:
        content = build_template(plan=plan, unit=unit, period=period, on=clock.today())
    except ReportingError as exc:
        messages.error(request, str(exc))
        return redirect("reporting:unit", unit_id=unit.pk)
    response = HttpResponse(content, content_type=XLSX)
    name = f"{unit.name}-{scope_label(period)}-{'补报表' if period == HISTORY else '报送表'}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


def _upload(request, plan, unit, period: str):
    form = WorkbookForm(request.POST, request.FILES)
    errors = []
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    else:
        try:
            with transaction.atomic():
                count = import_workbook(actor=request.user, plan=plan, unit=unit, period=period,
                                        upload=form.cleaned_data["file"], on=clock.today())  # fmt: skip
        except WorkbookRejected as exc:
            errors = [str(exc), *exc.errors]
        except ReportingError as exc:
            errors = [str(exc)]
    if errors:
        context = {"unit": unit, "plan": plan, "label": scope_label(period), "errors": errors,
                   "again": _url(unit, plan, period)}  # fmt: skip
        return render_page(request, "reporting/upload_result.html", context, status=400)
    messages.success(request, f"已从 Excel 报送{scope_label(period)} {count} 项，等待领导小组办公室审核")
    return redirect("reporting:unit", unit_id=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def workbook(request, unit_id: int, plan_id: int, period: str):
    """GET: the template of what is still due; POST: the filled template back (all rows or none)."""
    unit = get_object_or_404(Unit, pk=unit_id)
    require(request.user, Action.REPORT, unit)
    plan = get_object_or_404(Plan, pk=plan_id)
    try:
        period = parse_period(period).code
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("reporting:unit", unit_id=unit.pk)
    if request.method == "POST":
        return _upload(request, plan, unit, period)
    return _download(request, plan, unit, period)


def _url(unit, plan, scope: str) -> str:
    if scope == HISTORY:
        return reverse("reporting:history_workbook", args=[unit.pk, plan.pk])
    return reverse("reporting:workbook", args=[unit.pk, plan.pk, scope])


@login_required
@require_http_methods(["GET", "POST"])
def history_workbook(request, unit_id: int, plan_id: int):
    """补报历史数据: GET the template of every earlier figure still missing; POST it back filled."""
    unit = get_object_or_404(Unit, pk=unit_id)
    require(request.user, Action.REPORT, unit)
    plan = get_object_or_404(Plan, pk=plan_id)
    if request.method == "POST":
        return _upload(request, plan, unit, HISTORY)
    return _download(request, plan, unit, HISTORY)
