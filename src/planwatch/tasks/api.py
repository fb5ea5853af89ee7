"""Tasks and policies in the JSON API: lists with the pages' filters, and the office's steps.

Same permission question as the pages (a reporter sees the tasks of its own articles; only the
office reviews); a step that is not possible now answers 409 with the pages' message.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.db import transaction
from ninja import Field, Path, Query, Router, Schema

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action
from planwatch.api.common import check, find_plan, find_unit, get_or_404, user_of
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.params import MAX_ID
from planwatch.reporting import clock

from . import services
from .filters import Filters
from .models import PolicyMeasure, PolicyState, Task
from .status import STATUS_LABELS

router = Router(tags=["具体任务与政策措施"], auth=API_AUTH)
ID = Annotated[int, Path(description="编号", ge=1, le=MAX_ID)]
StatusCode = Literal["not_started", "in_progress", "behind", "overdue", "done"]


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


def _task_out(t: Task) -> dict:
    return {
        "id": t.pk, "article": t.article.number, "text": t.text,
        "lead_unit": t.lead_unit.name if t.lead_unit else None, "co_units": [u.name for u in t.co_units.all()],
        "due": t.due, "status": t.status, "status_label": STATUS_LABELS[t.status], "claim": t.claim, "state": t.state,
    }  # fmt: skip


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


@router.post("/tasks/{task_id}/review", response={200: TaskOut, **WRITE_ERRORS}, summary="办公室确认或舍弃任务建议")
def review_task(request, task_id: ID, body: ReviewIn):
    task = get_or_404(Task.objects.select_related("plan"), "未找到该任务", pk=task_id)
    check(request, Action.CHANGE, task)
    with transaction.atomic():
        if body.action == "accept":
            row = services.accept_task(actor=user_of(request), task=task)
        else:
            row = services.drop_task(actor=user_of(request), task=task, reason=body.reason)
    row = Task.objects.select_related("plan", "article", "lead_unit").get(pk=row.pk)
    return _task_out(services.annotate(row, clock.today()))


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


def _policy_out(p: PolicyMeasure) -> dict:
    return {
        "id": p.pk, "article": p.article.number, "name": p.name, "kind": p.kind,
        "issuing_unit": p.issuing_unit.name if p.issuing_unit else None, "state": p.state,
        "state_label": p.get_state_display(), "doc_number": p.doc_number, "issued_on": p.issued_on,
    }  # fmt: skip


class PolicyQuery(Schema):
    plan: str = Field(description="计划代号或编号")
    state: Literal[tuple(PolicyState.values)] | None = Field(None, description="状态")  # type: ignore[valid-type]


@router.get("/policies", response={200: list[PolicyOut], **ERRORS}, summary="政策措施")
def list_policies(request, query: Query[PolicyQuery]):
    check(request, Action.VIEW)
    plan = find_plan(query.plan)
    return [_policy_out(p) for p in Filters(state=query.state or "").policies(user_of(request), plan)]


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
    return _policy_out(PolicyMeasure.objects.select_related("article", "issuing_unit").get(pk=row.pk))
