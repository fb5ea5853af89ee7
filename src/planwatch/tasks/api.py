"""Tasks and policies in the JSON API: lists with the pages' filters, and the office's steps.

Same permission question as the pages (a reporter sees the tasks of its own articles; only the
office reviews); a step that is not possible now answers 409 with the pages' message.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.db import transaction
from ninja import Field, File, Form, Path, Query, Router, Schema, UploadedFile

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action
from planwatch.api.common import check, find_plan, find_unit, get_or_404, not_found, user_of
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.params import MAX_ID
from planwatch.reporting import clock

from . import policies, reports, services
from .filters import Filters
from .models import PolicyDelivery, PolicyMeasure, PolicyState, Task, TaskClaim, TaskReport
from .status import STATUS_LABELS

router = Router(tags=["具体任务与政策措施"], auth=API_AUTH)
ID = Annotated[int, Path(description="编号", ge=1, le=MAX_ID)]
StatusCode = Literal["not_started", "in_progress", "behind", "overdue", "done"]


class MilestoneOut(Schema):
    id: int
    text: str
    due: date
    year: int | None = Field(description="年度任务的年份；空为阶段节点")
    state: str = Field(description="open 未达成 / met 已达成")
    met_on: date | None


class TaskQuery(Schema):
    plan: str = Field(description="计划代号或编号")
    unit: str | None = Field(None, description="单位名称或编号：其牵头或配合的任务")
    status: StatusCode | None = Field(None, description="not_started / in_progress / behind / overdue / done")


class TaskOut(Schema):
    id: int
    article: int = Field(description="条目序号")
    text: str
    lead_unit: str | None
    co_units: list[str]
    due: date | None = Field(description="完成时限；未写时限为计划截止年底")
    status: str
    status_label: str
    claim: str = Field(description="单位自评（最近一次报送）：done 完成 / in_progress 推进中 / not_started 未启动；空为未报送")
    state: str = Field(description="proposed 待审核 / active 已确认 / done 已销号 / dropped 已舍弃")
    starts_on: date | None = None
    milestones: list[MilestoneOut] = Field(description="年度任务（year 不为空）和阶段节点；未达成的时限已过即为滞后")


def _task_out(t: Task) -> dict:
    return {
        "id": t.pk, "article": t.article.number, "text": t.text,
        "lead_unit": t.lead_unit.name if t.lead_unit else None, "co_units": [u.name for u in t.co_units.all()],
        "due": t.due, "status": t.status, "status_label": STATUS_LABELS[t.status], "claim": t.claim, "state": t.state,
        "starts_on": t.starts_on,
        "milestones": [{"id": m.pk, "text": m.text, "due": m.due_on, "year": m.year, "state": m.state,
                        "met_on": m.met_on} for m in services.milestones_of(t)],
    }  # fmt: skip


def _one_task(pk: int) -> dict:
    row = Task.objects.select_related("plan", "article", "lead_unit").prefetch_related(
        "co_units", services.sent_reports(), services.live_milestones()).get(pk=pk)  # fmt: skip
    return _task_out(services.annotate(row, clock.today()))


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary="具体任务（状态由系统计算）")
def list_tasks(request, query: Query[TaskQuery]):
    check(request, Action.VIEW)
    plan = find_plan(query.plan)
    filters = Filters(unit=find_unit(query.unit).pk if query.unit else None, status=query.status or "")
    rows = services.task_rows(tasks=filters.tasks(user_of(request), plan))
    return [_task_out(t) for t in rows if filters.keep(t)]


class ReviewIn(Schema):
    action: Literal["accept", "drop"]
    reason: str = Field("", max_length=500)
    text: str | None = Field(None, max_length=5000, description="修改后的任务内容（确认时可填；不填则按建议）")
    lead_unit: str | None = Field(None, max_length=100, description="牵头单位名称或编号")
    co_units: list[str] | None = Field(None, max_length=100, description="配合单位名称或编号")
    starts_on: date | None = None
    due: date | None = Field(None, description="完成时限；不填为计划截止年底")
    kind: Literal["key", "routine"] | None = Field(None, description="key 年度重点 / routine 常规")
    deliverable: str | None = Field(None, max_length=200, description="成果形式")


def _edit(task: Task, body: ReviewIn) -> services.TaskEdit | None:
    """The office's changes to a proposal, or None to accept it as proposed."""
    fields = ("text", "lead_unit", "co_units", "starts_on", "due", "kind", "deliverable")
    if all(getattr(body, f) is None for f in fields):
        return None
    lead = find_unit(body.lead_unit) if body.lead_unit else task.lead_unit
    return services.TaskEdit(
        text=body.text if body.text is not None else task.text, lead_unit=lead,
        due_on=body.due if body.due is not None else task.due_on, kind=body.kind or task.kind,
        deliverable=body.deliverable if body.deliverable is not None else task.deliverable,
        starts_on=body.starts_on if body.starts_on is not None else task.starts_on,
        co_units=None if body.co_units is None else [find_unit(u) for u in body.co_units],
    )  # fmt: skip


@router.post("/tasks/{task_id}/review", response={200: TaskOut, **WRITE_ERRORS}, summary="办公室确认（可修改）或舍弃任务建议")
def review_task(request, task_id: ID, body: ReviewIn):
    task = get_or_404(Task.objects.select_related("plan", "lead_unit"), "未找到该任务", pk=task_id)
    check(request, Action.CHANGE, task)
    with transaction.atomic():
        if body.action == "accept":
            row = services.accept_task(actor=user_of(request), task=task, edit=_edit(task, body))
        else:
            row = services.drop_task(actor=user_of(request), task=task, reason=body.reason)
    return _one_task(row.pk)


class MergeIn(Schema):
    tasks: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=2, max_length=50,
                                                              description="要合并的任务建议编号，第一条保留")  # fmt: skip


@router.post("/tasks/merge", response={200: TaskOut, **WRITE_ERRORS}, summary="办公室将几条任务建议合并为一条")
def merge_tasks(request, body: MergeIn):
    found = {t.pk: t for t in Task.objects.select_related("plan").filter(pk__in=body.tasks)}
    missing = [i for i in body.tasks if i not in found]
    if missing:
        raise not_found(f"未找到任务 #{missing[0]}")
    tasks = [found[i] for i in dict.fromkeys(body.tasks)]
    for task in tasks:
        check(request, Action.CHANGE, task)
    if len({t.plan_id for t in tasks}) > 1:
        raise services.TaskError("只能合并同一计划的任务建议")
    with transaction.atomic():
        kept = services.merge_tasks(actor=user_of(request), tasks=tasks)
    return _one_task(kept.pk)


class MilestoneIn(Schema):
    text: str = Field(min_length=1, max_length=500)
    due: date | None = Field(None, description="阶段节点的时限（年度任务不填）")
    year: int | None = Field(None, ge=2000, le=2100, description="年度任务的年份（到该年12月31日）")


class MilestonesIn(Schema):
    milestones: list[MilestoneIn] = Field(max_length=50)


@router.put("/tasks/{task_id}/milestones", response={200: TaskOut, **WRITE_ERRORS}, summary="办公室设置年度任务和阶段节点")
def set_milestones(request, task_id: ID, body: MilestonesIn):
    task = get_or_404(Task.objects.select_related("plan"), "未找到该任务", pk=task_id)
    check(request, Action.CHANGE, task)
    rows = [services.MilestoneRow(m.text, due_on=m.due, year=m.year) for m in body.milestones]
    with transaction.atomic():
        services.set_milestones(actor=user_of(request), task=task, rows=rows)
    return _one_task(task.pk)


class TaskReportIn(Schema):
    progress: str = Field(min_length=1, max_length=5000, description="进展情况")
    claim: Literal[tuple(TaskClaim.values)] = Field(description="done 完成 / in_progress 推进中 / not_started 未启动")  # type: ignore[valid-type]
    percent: int | None = Field(None, ge=0, le=100, description="完成比例（%）")
    milestones: list[int] = Field([], max_length=50, description="本期达成的年度任务、阶段节点编号")


class TaskReportOut(Schema):
    id: int
    task: int
    period: str
    status: str = Field(description="submitted 已报送 / returned 已退回 / approved 审核通过")
    claim: str
    percent: int | None
    progress: str
    evidence: list[str]


def _report_out(r: TaskReport) -> dict:
    return {"id": r.pk, "task": r.task_id, "period": r.period, "status": r.status, "claim": r.claim,
            "percent": r.percent, "progress": r.progress, "evidence": [e.name for e in r.evidence.all()]}  # fmt: skip


@router.post("/tasks/{task_id}/reports", response={200: TaskReportOut, **WRITE_ERRORS},
             summary="牵头单位报送本季度任务进展（multipart 表单，files 为佐证材料）")  # fmt: skip
def report_task(request, task_id: ID, body: Form[TaskReportIn], files: File[list[UploadedFile]] = None):
    task = get_or_404(Task.objects.select_related("plan"), "未找到该任务", pk=task_id)
    check(request, Action.REPORT, task)
    with transaction.atomic():
        row = reports.submit_report(actor=user_of(request), task=task, progress=body.progress, claim=body.claim,
                                    percent=body.percent, uploads=files or [], milestones=body.milestones)  # fmt: skip
    return _report_out(row)


class DecisionIn(Schema):
    action: Literal["approve", "return"]
    reason: str = Field("", max_length=2000, description="退回原因（退回时必填）")


@router.post("/task-reports/{report_id}/review", response={200: TaskReportOut, **WRITE_ERRORS},
             summary="办公室审核任务进展：审核通过“完成”的报告即确认完成（销号）")  # fmt: skip
def review_task_report(request, report_id: ID, body: DecisionIn):
    item = get_or_404(TaskReport.objects.select_related("task__plan"), "未找到该任务进展", pk=report_id)
    check(request, Action.REVIEW, item)
    with transaction.atomic():
        row = reports.review_report(actor=user_of(request), report=item, action=body.action, reason=body.reason)
    return _report_out(row)


class DeliveredOut(Schema):
    funds: float = Field(description="资金兑现（万元）")
    enterprises: int = Field(description="惠及企业（家）")
    people: int = Field(description="惠及人数（人）")


class PolicyOut(Schema):
    id: int
    article: int
    name: str
    kind: str
    issuing_unit: str | None
    state: str
    state_label: str
    doc_number: str
    issued_on: date | None
    documents: list[str] = Field(description="政策文件名")
    delivered: DeliveredOut = Field(description="审核通过的各期兑现合计")


def _policy_out(p: PolicyMeasure) -> dict:
    return {
        "id": p.pk, "article": p.article.number, "name": p.name, "kind": p.kind,
        "issuing_unit": p.issuing_unit.name if p.issuing_unit else None, "state": p.state,
        "state_label": p.get_state_display(), "doc_number": p.doc_number, "issued_on": p.issued_on,
        "documents": [d.name for d in p.documents.all()], "delivered": policies.delivered(p),
    }  # fmt: skip


def _one_policy(pk: int) -> dict:
    return _policy_out(PolicyMeasure.objects.select_related("article", "issuing_unit")
                       .prefetch_related("documents", "deliveries").get(pk=pk))  # fmt: skip


class PolicyQuery(Schema):
    plan: str = Field(description="计划代号或编号")
    state: Literal[tuple(PolicyState.values)] | None = Field(None, description="状态")  # type: ignore[valid-type]


@router.get("/policies", response={200: list[PolicyOut], **ERRORS}, summary="政策措施")
def list_policies(request, query: Query[PolicyQuery]):
    check(request, Action.VIEW)
    plan = find_plan(query.plan)
    rows = Filters(state=query.state or "").policies(user_of(request), plan).prefetch_related("documents", "deliveries")
    return [_policy_out(p) for p in rows]


class PolicyStepIn(Schema):
    action: Literal["accept", "drop", "draft", "issue", "enforce", "evaluate", "repeal"]
    reason: str = Field("", max_length=500)
    doc_number: str = Field("", max_length=60, description="文号（出台时必填），如 市中政办发〔2023〕5号")
    issued_on: date | None = Field(None, description="出台日期（出台时必填）")


@router.post("/policies/{policy_id}/steps", response={200: PolicyOut, **WRITE_ERRORS}, summary="政策措施状态变更")
def policy_step(request, policy_id: ID, body: PolicyStepIn):
    policy = get_or_404(PolicyMeasure.objects.all(), "未找到该政策措施", pk=policy_id)
    check(request, Action.CHANGE, policy)
    with transaction.atomic():
        row = services.policy_step(actor=user_of(request), policy=policy, action=body.action,
                                   reason=body.reason, doc_number=body.doc_number, issued_on=body.issued_on)  # fmt: skip
    return _one_policy(row.pk)


@router.post("/policies/{policy_id}/documents", response={200: PolicyOut, **WRITE_ERRORS},
             summary="办公室上传已出台政策的文件（multipart 表单，file）")  # fmt: skip
def upload_policy_document(request, policy_id: ID, file: File[UploadedFile]):
    policy = get_or_404(PolicyMeasure.objects.all(), "未找到该政策措施", pk=policy_id)
    check(request, Action.CHANGE, policy)
    with transaction.atomic():
        policies.attach_document(actor=user_of(request), policy=policy, upload=file)
    return _one_policy(policy.pk)


class DeliveryIn(Schema):
    funds: str = Field("", max_length=20, description="资金兑现（万元），可带两位小数")
    enterprises: str = Field("", max_length=12, description="惠及企业（家）")
    people: str = Field("", max_length=12, description="惠及人数（人）")
    note: str = Field("", max_length=5000, description="兑现情况说明")


class DeliveryOut(Schema):
    id: int
    policy: int
    period: str
    status: str
    funds: float | None
    enterprises: int | None
    people: int | None
    note: str


def _delivery_out(d: PolicyDelivery) -> dict:
    return {"id": d.pk, "policy": d.policy_id, "period": d.period, "status": d.status, "funds": d.funds,
            "enterprises": d.enterprises, "people": d.people, "note": d.note}  # fmt: skip


@router.post("/policies/{policy_id}/deliveries", response={200: DeliveryOut, **WRITE_ERRORS},
             summary="制定单位报送本季度政策兑现情况")  # fmt: skip
def report_delivery(request, policy_id: ID, body: DeliveryIn):
    policy = get_or_404(PolicyMeasure.objects.all(), "未找到该政策措施", pk=policy_id)
    check(request, Action.REPORT, policy)
    with transaction.atomic():
        row = policies.submit_delivery(actor=user_of(request), policy=policy, funds=body.funds,
                                       enterprises=body.enterprises, people=body.people, note=body.note)  # fmt: skip
    return _delivery_out(row)


@router.post("/policy-deliveries/{delivery_id}/review", response={200: DeliveryOut, **WRITE_ERRORS},
             summary="办公室审核政策兑现情况")  # fmt: skip
def review_delivery(request, delivery_id: ID, body: DecisionIn):
    item = get_or_404(PolicyDelivery.objects.all(), "未找到该政策兑现报送", pk=delivery_id)
    check(request, Action.REVIEW, item)
    with transaction.atomic():
        row = policies.review_delivery(actor=user_of(request), delivery=item, action=body.action, reason=body.reason)
    return _delivery_out(row)
