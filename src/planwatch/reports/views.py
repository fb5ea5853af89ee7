"""The 报告 page: generate a report or ledger, download it, and the list of generated files.

Everyone who may view may generate; what is asked is checked as an object: `allowed(user,
"view", GeneratedReport(plan, unit))` — a reporter only for its own unit (a plan-wide report or
another unit's is refused with 403). Generation runs inside the request: bounded work (one
cached evaluation, a fixed number of queries), well under the few seconds the page may take.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.accounts.permissions import Action, Role, require, role_of, visible_reporting, visible_units
from planwatch.web.views.common import page

from .errors import ReportError
from .forms import ReportForm
from .models import GeneratedReport, Kind
from .services import generate

LIST_LIMIT = 50


def listed(user):
    """The generated reports the user may see, newest first, without their files."""
    rows = GeneratedReport.objects.select_related("plan", "unit").defer("content")
    return visible_reporting(user, rows)[:LIST_LIMIT]


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    require(request.user, Action.VIEW)
    units = visible_units(request.user) if role_of(request.user) is Role.REPORTER else None
    form = ReportForm(request.POST or None, units=units, initial={"kind": Kind.UNIT if units else Kind.PROGRESS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, Action.VIEW, GeneratedReport(plan=data["plan"], unit=data["unit"]))
        try:
            with transaction.atomic():
                report = generate(
                    actor=request.user, plan=data["plan"], kind=data["kind"], period=data["period"].strip(),
                    unit=data["unit"], issuer=data["issuer"].strip() or None,
                )  # fmt: skip
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已生成《{report.file_name}》，用时 {report.seconds:.1f} 秒。")
            return redirect("reports:index")
    return page(request, "reports/index.html", {"form": form, "reports": listed(request.user)}, nav="reports")


@login_required
@require_GET
def download(request, pk: int):
    report = get_object_or_404(GeneratedReport, pk=pk)
    require(request.user, Action.VIEW, report)
    return file_response(report)


def file_response(report: GeneratedReport) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(bytes(report.content), content_type=report.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.file_name)}"
    return response
