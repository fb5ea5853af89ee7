"""One task's page: its computed status and the unit's own view, its history, its progress
reports with evidence; the lead unit reports here, the office approves (销号) or returns.

Thin: `allowed` decides who may do what, reports.py writes, one transaction per POST.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from planwatch.accounts.permissions import Action, allowed, require
from planwatch.params import parse_id
from planwatch.plans.errors import StoreError
from planwatch.reporting import clock
from planwatch.reporting.services.evidence import ALLOWED_TEXT
from planwatch.reporting.views.units import evidence_download
from planwatch.web.views.common import page

from . import reports, services
from .models import Task, TaskClaim, TaskEvent, TaskEvidence, TaskReport, TaskReportEvent, TaskState


def _task(pk: int) -> Task:
    people = "actor__profile__unit"  # the history shows people by name and unit
    report_events = Prefetch("events", queryset=TaskReportEvent.objects.select_related(people))
    reports_qs = TaskReport.objects.order_by("-period_key").prefetch_related("evidence", report_events, "milestones")
    tasks = Task.objects.select_related("plan", "article", "lead_unit").prefetch_related(
        "co_units", Prefetch("events", queryset=TaskEvent.objects.select_related(people)),
        Prefetch("reports", queryset=reports_qs, to_attr="all_reports"),
        services.sent_reports(), services.live_milestones(),
    )  # fmt: skip
    return get_object_or_404(tasks, pk=pk)


@login_required
@require_GET
def task_detail(request, pk: int):
    task = _task(pk)
    require(request.user, Action.VIEW, task)
    services.annotate(task, clock.today())
    period = reports.current_period()
    current = next((r for r in task.all_reports if r.period == period), None)
    may_report = (allowed(request.user, Action.REPORT, task) and task.state == TaskState.ACTIVE
                  and (current is None or current.status in ("draft", "returned")))  # fmt: skip
    today, plan = clock.today(), task.plan
    years = list(range(plan.period_start, plan.period_end + 1)) if plan.period_start and plan.period_end else []
    yearly = {m.year: m for m in task.live_milestones if m.year and m.state == "open"}
    context = {
        "plan": plan, "task": task, "period": period, "current": current, "may_report": may_report,
        "may_review": allowed(request.user, Action.REVIEW, task), "claims": TaskClaim.choices,
        "allowed_files": ALLOWED_TEXT, "today": today,
        "open_milestones": [m for m in task.live_milestones if m.state == "open"],
        "year_rows": [(y, yearly.get(y)) for y in years],
        "dated_rows": [m for m in task.live_milestones if not m.year and m.state == "open"] + [None] * 3,
    }  # fmt: skip
    return page(request, "tasks/task.html", context, nav="tasks")


@login_required
@require_POST
def report(request, pk: int):
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    require(request.user, Action.REPORT, task)
    p = request.POST
    percent = p.get("percent", "").strip()
    try:
        with transaction.atomic():
            reports.submit_report(
                actor=request.user, task=task, progress=p.get("progress", ""), claim=p.get("claim", ""),
                percent=int(percent) if percent.isdigit() else None, uploads=request.FILES.getlist("evidence"),
                milestones=[i for i in (parse_id(v) for v in p.getlist("milestones")) if i is not None],
            )  # fmt: skip
    except StoreError as exc:  # a refused step (Conflict) or bad input
        messages.error(request, str(exc))
    else:
        messages.success(request, "已报送任务进展，等待领导小组办公室审核")
    return redirect("tasks:task", pk=task.pk)


@login_required
@require_POST
def milestones(request, pk: int):
    """The office sets the task's 年度任务 (one per plan year) and dated 阶段节点."""
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    require(request.user, Action.CHANGE, task)
    p, rows = request.POST, []
    try:
        for year in p.getlist("year"):
            if parse_id(year):
                rows.append(services.MilestoneRow(p.get(f"year-text-{year}", "")[:500], year=int(year)))
        for text, due in zip(p.getlist("step-text"), p.getlist("step-due"), strict=False):
            if text.strip():
                rows.append(services.MilestoneRow(text[:500], due_on=_day(due, text)))
        with transaction.atomic():
            services.set_milestones(actor=request.user, task=task, rows=rows)
    except StoreError as exc:  # bad input or a refused step
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存年度任务和阶段节点")
    return redirect("tasks:task", pk=task.pk)


def _day(text: str, what: str):
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise services.TaskError(f"阶段节点“{what[:20]}”的时限“{text}”不是日期") from None


@login_required
@require_POST
def review_report(request, pk: int, action: str):
    item = get_object_or_404(TaskReport.objects.select_related("task__plan"), pk=pk)
    require(request.user, Action.REVIEW, item)
    try:
        with transaction.atomic():
            reports.review_report(actor=request.user, report=item, action=action, reason=request.POST.get("reason", ""))
    except StoreError as exc:  # a refused step (Conflict) or bad input
        messages.error(request, str(exc))
    else:
        messages.success(request, "已确认完成（销号）" if action == "approve" and item.claim == "done" else "已处理")
    return redirect("tasks:task", pk=item.task_id)


@login_required
@require_GET
def evidence_file(request, pk):
    """A task report's evidence file, to those who may view its report; always a download."""
    evidence = get_object_or_404(TaskEvidence.objects.select_related("report"), pk=pk)
    require(request.user, Action.VIEW, evidence.report)
    return evidence_download(evidence)
