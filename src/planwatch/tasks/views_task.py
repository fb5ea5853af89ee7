"""One task's page: its computed status and the unit's own view, its history, its progress
reports with evidence; the lead unit reports here, the office approves (销号) or returns.

Thin: `allowed` decides who may do what, reports.py writes, one transaction per POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from planwatch.accounts.permissions import Action, allowed, require
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
    reports_qs = TaskReport.objects.order_by("-period_key").prefetch_related("evidence", report_events)
    tasks = Task.objects.select_related("plan", "article", "lead_unit").prefetch_related(
        "co_units", Prefetch("events", queryset=TaskEvent.objects.select_related(people)),
        Prefetch("reports", queryset=reports_qs, to_attr="all_reports"),
        services.sent_reports(),
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
    context = {
        "plan": task.plan, "task": task, "period": period, "current": current, "may_report": may_report,
        "may_review": allowed(request.user, Action.REVIEW, task), "claims": TaskClaim.choices,
        "allowed_files": ALLOWED_TEXT,
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
            )  # fmt: skip
    except StoreError as exc:  # a refused step (Conflict) or bad input
        messages.error(request, str(exc))
    else:
        messages.success(request, "已报送任务进展，等待领导小组办公室审核")
    return redirect("tasks:task", pk=task.pk)


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
