"""The 报告 page: generate a report or ledger, download it, and the list of generated files.

Everyone who may view may generate; what is asked is checked as an object: `allowed(user,
"view", GeneratedReport(plan, unit))` — a reporter only for its own unit (a plan-wide report or
another unit's is refused with 403). Generation runs inside the request: bounded work (one
cached evaluation, a fixed number of queries), well under the few seconds the page may take.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.accounts.people import actor_text
from planwatch.accounts.permissions import Action, Role, require, role_of, visible_reporting, visible_units
from planwatch.indicators.evaluation import today as evaluation_date
from planwatch.progress.periods import parse_period
from planwatch.web.views.common import page

from .errors import ReportError
from .forms import ReportForm
from .models import GeneratedReport, Kind, PdfStatus
from .pdf import offer_pdf
from .services import generate

LIST_LIMIT = 50


def listed(user) -> list[GeneratedReport]:
    """The generated reports the user may see, newest first, without their files; `who` names
    the person who made each as every page does (name and unit, never the login)."""
    rows = GeneratedReport.objects.select_related("plan", "unit", "created_by__profile__unit").defer("content", "pdf")
    reports = list(visible_reporting(user, rows)[:LIST_LIMIT])
    for report in reports:
        report.who = actor_text(report.created_by, report.created_by_name)
    return reports


def last_quarter(day: date) -> str:
    """The latest quarter ended by `day` (2024-09-30 → 2024Q3, 2024-10-15 → 2024Q3): the
    period a report is usually asked for."""
    quarter = (day.month - 1) // 3 + 1
    if parse_period(f"{day.year}Q{quarter}").end == day:
        return f"{day.year}Q{quarter}"
    return f"{day.year}Q{quarter - 1}" if quarter > 1 else f"{day.year - 1}Q4"


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    require(request.user, Action.VIEW)
    units = visible_units(request.user) if role_of(request.user) is Role.REPORTER else None
    initial = {"kind": Kind.UNIT if units else Kind.PROGRESS, "period": last_quarter(evaluation_date())}
    form = ReportForm(request.POST or None, units=units, initial=initial, year=evaluation_date().year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, Action.VIEW, GeneratedReport(plan=data["plan"], unit=data["unit"]))
        try:
            with transaction.atomic():
                report = generate(
                    actor=request.user, plan=data["plan"], kind=data["kind"], period=data["period"].strip(),
                    unit=data["unit"], issuer=data["issuer"].strip() or None,
                )  # fmt: skip
                offer_pdf(report)
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


@login_required
@require_GET
def pdf(request, pk: int):
    """The PDF LibreOffice made of a Word report (pdf.py); 404 while there is none."""
    report = get_object_or_404(GeneratedReport, pk=pk)
    require(request.user, Action.VIEW, report)
    if report.pdf_status != PdfStatus.READY:
        raise Http404("该报告没有 PDF 版本")
    return pdf_response(report)


def pdf_response(report: GeneratedReport) -> HttpResponse:
    return _attachment(bytes(report.pdf), "application/pdf", report.file_name.rsplit(".", 1)[0] + ".pdf")


def file_response(report: GeneratedReport) -> HttpResponse:
    return _attachment(bytes(report.content), report.content_type, report.file_name)


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
