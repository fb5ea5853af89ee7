"""重点项目 pages, mounted at /projects/ (namespace "projects"): the ledger with its panel, filters,
sorting, totals and paging (a leader's projects are the ledger filtered by 包挂领导), the XLSX
export, a project's page (plan against actual by month, stage timeline, reports, photos), the
unit's monthly report and the office's review.

Thin: `allowed` decides, services write, one transaction per POST; a refused step or bad input
comes back as a message above the page. The ledger costs the same few queries for 10 or 2,000
projects (queries.py), and a page shows 50 rows.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.accounts.permissions import Action, allowed, require, visible_units
from planwatch.plans.errors import StoreError
from planwatch.plans.models import Plan
from planwatch.problems.services import categories as problem_categories
from planwatch.progress import period_label
from planwatch.reporting import clock
from planwatch.reporting.views.units import evidence_download
from planwatch.tasks.export import XLSX, disposition
from planwatch.web.dates import form_date
from planwatch.web.views.common import choose_plan, page

from . import reports, upload
from .filters import LedgerFilters
from .importing import TableError, import_ledger
from .models import Category, Kind, Project, ProjectPhoto, ProjectReport, Stage
from .pace import LIGHT_LABELS, RANK
from .panel import monthly, panel
from .queries import as_of, ledger, thresholds_for, totals, visible_projects
from .reports import ProjectError
from .services import export_ledger, plan_years

NAV = "projects"
PER_PAGE = 50
SORTS = {
    "code": lambda r: r.project.position,
    "total": lambda r: -r.project.total_investment,
    "rate": lambda r: (r.standing.rate is None, r.standing.rate or 0),
    "light": lambda r: (-RANK[r.standing.light], (r.standing.rate or 0) - r.standing.pace),
}


def _plan(request, plan_id: int) -> tuple[Plan, list[Plan]]:
    plan, plans = choose_plan(request, plan_id)
    if plan is None or plan.pk != plan_id:
        plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.VIEW, plan)
    return plan, plans


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2099 else as_of().year


def _filters(request) -> LedgerFilters:
    get = request.GET
    light = get.get("light", "")
    return LedgerFilters(unit=get.get("unit", "")[:200] or None, category=get.get("category", "")[:50] or None,
                         kind=get.get("kind") if get.get("kind") in Kind.values else None,
                         stage=get.get("stage") if get.get("stage") in Stage.values else None,
                         street=get.get("street", "")[:50] or None, leader=get.get("leader", "")[:50] or None,
                         light=light if light in ("green", "yellow", "red", "none") else None)  # fmt: skip


@login_required
@require_GET
def index(request):
    require(request.user, Action.VIEW)
    plan, _ = choose_plan(request)
    if plan is None:
        return page(request, "projects/ledger.html", {"plan": None}, nav=NAV)
    return redirect("projects:ledger", plan_id=plan.pk)


@login_required
@require_GET
def ledger_page(request, plan_id: int):
    plan, plans = _plan(request, plan_id)
    year, today, filters = _year(request), as_of(), _filters(request)
    mine = visible_projects(request.user, plan)
    if request.GET.get("format") == "xlsx":
        data, _ = export_ledger(plan=plan, year=year, today=today, projects=filters.narrow(mine))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = disposition(f"重点项目台账-{year}")
        return response
    limits = thresholds_for(plan)
    everything = ledger(mine, plan=plan, year=year, today=today, limits=limits)
    rows = filters.keep(everything)
    sort = request.GET.get("sort", "code") if request.GET.get("sort") in SORTS else "code"
    rows.sort(key=SORTS[sort])
    paged = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k not in ("page", "format") and v}
    context = {
        "plan": plan, "plans": plans, "year": year, "rows": paged, "filters": filters, "sort": sort,
        "totals": totals(rows), "panel": panel(rows, year, today, limits.curve), "limits": limits,
        "panel_query": urlencode({k: v for k, v in asdict(filters).items() if v}),  # the chart's API filters
        "query": urlencode(query), "sort_query": urlencode({k: v for k, v in query.items() if k != "sort"}),
        "categories": Category.objects.all(), "years": plan_years(plan), "kinds": Kind.choices, "stages": Stage.choices,
        "units": visible_units(request.user).filter(projects__plan=plan).distinct().order_by("name"),
        "streets": sorted({r.project.street for r in everything if r.project.street}),
        "leaders": sorted({r.project.leader for r in everything if r.project.leader}),
        "lights": [(v, LIGHT_LABELS[v]) for v in ("green", "yellow", "red")] + [("none", "无年度计划")],
    }  # fmt: skip
    return page(request, "projects/ledger.html", context, nav=NAV)


@login_required
@require_GET
def project_page(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("plan", "unit", "category"), pk=pk)
    require(request.user, Action.VIEW, project)
    year, today = _year(request), as_of()
    row = ledger(Project.objects.filter(pk=pk), plan=project.plan, year=year, today=today)[0]
    history = list(project.reports.prefetch_related("photos").select_related("submitted_by", "reviewed_by")
                   .order_by("-period_key"))  # fmt: skip
    context = {
        "plan": project.plan, "project": project, "row": row, "year": year,
        "months": monthly([row], year, today, thresholds_for(project.plan).curve), "reports": history,
        "events": project.events.all(), "year_plans": project.year_plans.all(),
        "articles": project.articles.all(), "targets": project.targets.select_related("indicator"),
        "may_report": allowed(request.user, Action.REPORT, project),
        "may_review": allowed(request.user, Action.REVIEW, project), "stages": Stage.choices,
        "this_month": reports.month_of(clock.today()), "today": clock.today(),
        "may_raise": allowed(request.user, Action.RAISE),
        "problem_categories": problem_categories() if any(r.problems for r in history) else [],
    }  # fmt: skip
    return page(request, "projects/project.html", context, nav=NAV)


@login_required
@require_POST
def report(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    require(request.user, Action.REPORT, project)
    post = request.POST
    try:
        with transaction.atomic():
            reports.submit_report(actor=request.user, project=project, period=post.get("period", ""),
                                  amount=post.get("amount", ""), progress=post.get("progress", ""),
                                  new_stage=post.get("new_stage", ""), stage_on=form_date(post.get("stage_on", "")),
                                  problems=post.get("problems", ""), photos=request.FILES.getlist("photos"))  # fmt: skip
    except StoreError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{period_label(post.get('period', ''))}月报已报送，等待领导小组办公室审核。")
    return redirect("projects:project", pk=pk)


@login_required
@require_POST
def review(request, pk: int):
    item = get_object_or_404(ProjectReport.objects.select_related("project"), pk=pk)
    require(request.user, Action.REVIEW, item)
    try:
        with transaction.atomic():
            row = reports.review_report(actor=request.user, report=item, action=request.POST.get("action", ""),
                                        reason=request.POST.get("reason", ""))  # fmt: skip
    except StoreError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{period_label(row.period)}月报已{row.get_status_display()}。")
    return redirect("projects:project", pk=item.project_id)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request, plan_id: int):
    """The office uploads a ledger: a first one is stored at once; a re-import shows the differences
    by 项目编号 and is stored only when confirmed (the file kept meanwhile, upload.py)."""
    plan, plans = _plan(request, plan_id)
    require(request.user, Action.CHANGE, plan)
    context = {"plan": plan, "plans": plans, "result": None, "token": ""}
    if request.method == "POST":
        try:
            token = request.POST.get("token", "")
            if not token:
                if not request.FILES.get("file"):
                    raise ProjectError("请选择台账文件（Excel 文件）")
                token = upload.keep(request.FILES["file"])
            apply = request.POST.get("apply") == "1"
            with transaction.atomic():
                result = import_ledger(actor=request.user, plan=plan, name="重点项目台账.xlsx", data=upload.read(token),
                                       apply=apply)  # fmt: skip
        except TableError as exc:
            context["errors"] = exc.errors
        except StoreError as exc:
            messages.error(request, str(exc))
        else:
            if result.applied:
                upload.drop(token)
                messages.success(request, f"已导入：新增 {len(result.created)} 个项目，更新 {len(result.changes)} 个项目。")
                return redirect("projects:ledger", plan_id=plan.pk)
            context.update(result=result, token=token)
    return page(request, "projects/import.html", context, nav=NAV)


@login_required
@require_POST
def raise_problem(request, pk: int):
    """提为问题: a report's 存在问题 into the problem loop, about its project."""
    from planwatch.problems.services import problem_link

    from .problems import raise_from_report

    item = get_object_or_404(ProjectReport.objects.select_related("project__plan"), pk=pk)
    require(request.user, Action.VIEW, item)
    require(request.user, Action.RAISE)
    if not item.problems.strip():
        messages.error(request, "该月报没有填写存在问题")
        return redirect("projects:project", pk=item.project_id)
    try:
        with transaction.atomic():
            problem = raise_from_report(actor=request.user, report=item, category=request.POST.get("category", ""))
    except StoreError as exc:
        messages.error(request, str(exc))
        return redirect("projects:project", pk=item.project_id)
    messages.success(request, f"已提出{problem.number}，等待办公室受理")
    return redirect(problem_link(problem))


@login_required
@require_GET
def photo(request, pk):
    stored = get_object_or_404(ProjectPhoto, pk=pk)
    require(request.user, Action.VIEW, stored)
    return evidence_download(stored)
