"""Pages: the tasks list, the office's review of proposals, the policies register.

Thin: permissions through `allowed`/`require`, writes through services.py, one transaction per
POST; a refused step (Conflict) becomes a message and nothing of the request is kept.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.accounts.permissions import Action, require
from planwatch.params import parse_id
from planwatch.plans.errors import StoreError
from planwatch.plans.models import Plan
from planwatch.reporting.conf import MB, workbook_max_bytes
from planwatch.units.models import Unit
from planwatch.web.views.common import choose_plan, page

from . import export, services
from .filters import Filters
from .importing import TableError, import_task_table
from .models import PolicyMeasure, PolicyState, Task, TaskKind, TaskState
from .status import STATUS_LABELS, STATUSES


def _plan(request, plan_id: int) -> tuple[Plan, list[Plan]]:
    plan, plans = choose_plan(request, plan_id)
    if plan is None or plan.pk != plan_id:
        plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.VIEW, plan)
    return plan, plans


def _common(plan, filters) -> dict:
    return {
        "filters": filters, "units": Unit.objects.order_by("name"),
        "chapters": [(c.number, str(c)) for c in plan.chapters.order_by("number")],
        "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
    }  # fmt: skip


@login_required
def index(request):
    require(request.user, Action.VIEW)
    plan, _ = choose_plan(request)
    if plan is None:
        return page(request, "tasks/tasks.html", {"plan": None}, nav="tasks")
    return redirect("tasks:list", plan_id=plan.pk)


@login_required
@require_GET
def task_list(request, plan_id: int):
    plan, plans = _plan(request, plan_id)
    filters = Filters.from_query(request.GET)
    rows = [t for t in services.task_rows(tasks=filters.tasks(request.user, plan)) if filters.keep(t)]
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(export.tasks_xlsx(rows), content_type=export.XLSX)
        response["Content-Disposition"] = export.disposition(f"{plan}具体任务")
        return response
    context = {"plan": plan, "plans": plans, "tasks": rows, "query": request.GET.urlencode(), **_common(plan, filters)}
    return page(request, "tasks/tasks.html", context, nav="tasks")


@login_required
@require_http_methods(["GET", "POST"])
def review(request, plan_id: int):
    plan, plans = _plan(request, plan_id)
    require(request.user, Action.CHANGE, plan)
    article_no = parse_id(request.GET.get("article") or request.POST.get("article") or "")
    if request.method == "POST":
        _review_post(request, plan, article_no)
        suffix = f"?article={article_no}" if article_no else ""
        return redirect(f"{request.path}{suffix}")
    proposed = Task.objects.filter(plan=plan, state=TaskState.PROPOSED).select_related("article", "lead_unit")
    proposed = proposed.prefetch_related(services.live_milestones())
    if article_no:
        proposed = proposed.filter(article__number=article_no)
    context = {
        "plan": plan, "plans": plans, "proposed": list(proposed.prefetch_related("co_units")),
        "article_no": article_no, "articles": plan.articles.order_by("position"),
        "units": Unit.objects.order_by("name"), "kinds": TaskKind.choices,
    }  # fmt: skip
    return page(request, "tasks/review.html", context, nav="tasks")


def _review_post(request, plan, article_no) -> None:
    action = request.POST.get("action", "")
    try:
        with transaction.atomic():
            done = _review_action(request, plan, article_no, action)
    except StoreError as exc:  # a refused step (Conflict) or bad input
        messages.error(request, str(exc))
        return
    messages.success(request, done)


def _review_action(request, plan, article_no, action: str) -> str:
    actor = request.user
    if action == "propose":
        article = plan.articles.filter(number=article_no).first() if article_no else None
        created = services.store_task_proposals(actor=actor, plan=plan, article=article)
        return f"已从计划原文提出 {len(created)} 条任务建议"
    chosen = [t for t in _chosen(request, plan)]
    if not chosen:
        raise services.TaskError("请先勾选任务建议")
    if action == "accept":
        for task in chosen:
            services.accept_task(actor=actor, task=task, edit=_edit(request, task))
        return f"已确认 {len(chosen)} 项任务"
    if action == "drop":
        for task in chosen:
            services.drop_task(actor=actor, task=task, reason=request.POST.get("reason", "")[:500])
        return f"已舍弃 {len(chosen)} 条建议"
    if action == "merge":
        kept = services.merge_tasks(actor=actor, tasks=chosen)
        return f"已将 {len(chosen)} 条建议合并为任务 #{kept.pk}"
    raise services.TaskError("未知操作")


def _chosen(request, plan) -> list[Task]:
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("tasks")) if i is not None]
    return list(Task.objects.filter(plan=plan, pk__in=ids).order_by("article__position", "position", "pk"))


def _edit(request, task: Task) -> services.TaskEdit:
    """The row's edited fields (text, lead and co-operating units, start and due dates, kind,
    deliverable); a row posted without its unit list (an old page) keeps the proposed units."""
    p, key = request.POST, str(task.pk)
    unit_id = parse_id(p.get(f"lead-{key}", ""))
    lead = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    co = None
    if p.get(f"co-shown-{key}"):
        ids = {i for i in (parse_id(v) for v in p.getlist(f"co-{key}")) if i is not None and i != unit_id}
        co = list(Unit.objects.filter(pk__in=ids))
    kind = p.get(f"kind-{key}", TaskKind.ROUTINE)
    return services.TaskEdit(text=p.get(f"text-{key}", task.text), lead_unit=lead,
                             due_on=_row_date(p, f"due-{key}", key, "完成时限"),
                             kind=kind if kind in TaskKind.values else TaskKind.ROUTINE,
                             deliverable=p.get(f"deliverable-{key}", "")[:200],
                             starts_on=_row_date(p, f"start-{key}", key, "开始日期"), co_units=co)  # fmt: skip


def _row_date(post, field: str, key: str, what: str) -> date | None:
    text = post.get(field, "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise services.TaskError(f"任务 #{key} 的{what}“{text}”不是日期") from None


@login_required
@require_http_methods(["GET", "POST"])
def policies(request, plan_id: int):
    plan, plans = _plan(request, plan_id)
    if request.method == "POST":
        require(request.user, Action.CHANGE, plan)
        _policy_post(request, plan)
        return redirect(request.get_full_path())
    filters = Filters.from_query(request.GET)
    rows = list(filters.policies(request.user, plan))
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(export.policies_xlsx(rows), content_type=export.XLSX)
        response["Content-Disposition"] = export.disposition(f"{plan}政策措施")
        return response
    context = {"plan": plan, "plans": plans, "policies": rows, "states": PolicyState.choices,
               "query": request.GET.urlencode(), **_common(plan, filters)}  # fmt: skip
    return page(request, "tasks/policies.html", context, nav="tasks")


def _policy_post(request, plan) -> None:
    p, actor = request.POST, request.user
    try:
        with transaction.atomic():
            if p.get("action") == "propose":
                created = services.store_policy_proposals(actor=actor, plan=plan)
                messages.success(request, f"已从计划原文提出 {len(created)} 项候选政策")
                return
            policy = get_object_or_404(PolicyMeasure, plan=plan, pk=parse_id(p.get("policy", "")) or 0)
            issued = p.get("issued_on", "")
            services.policy_step(
                actor=actor, policy=policy, action=p.get("action", ""), reason=p.get("reason", "")[:500],
                doc_number=p.get("doc_number", ""), issued_on=_iso(issued),
            )  # fmt: skip
            messages.success(request, f"已更新政策“{policy.name[:30]}”")
    except StoreError as exc:  # a refused step (Conflict) or bad input
        messages.error(request, str(exc))


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise services.TaskError(f"出台日期“{text}”不是日期") from None


@login_required
@require_POST
def import_table(request, plan_id: int):
    """The office uploads a 任务分解表: every row stored, or none and each bad cell listed."""
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.CHANGE, plan)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择任务分解表文件（.xlsx 或 .docx）")
    elif upload.size > workbook_max_bytes():
        messages.error(request, f"文件过大，上限为 {workbook_max_bytes() // MB} MB")
    else:
        try:
            with transaction.atomic():
                created = import_task_table(actor=request.user, plan=plan, name=upload.name, data=upload.read())
        except TableError as exc:
            messages.error(request, "任务分解表未导入，请改正后重新上传：" + "；".join(exc.errors[:30]))
        else:
            messages.success(request, f"已导入 {len(created)} 项任务")
    return redirect("tasks:list", plan_id=plan.pk)
