"""Problems in the JSON API (issue 14's interface): raise, the loop's steps, the list with each
problem's history, and the metrics.

Same permission question as the pages: a unit sees the problems it raised, coordinates, or that
block its articles; the office accepts, assigns and closes; the coordinating units answer, the
handling unit reports it solved, the raising unit confirms or rejects. A step not possible now
answers 409 with the pages' sentence; bad input 422.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from ninja import Field, Path, Query, Router, Schema, Status

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action, unit_of
from planwatch.api.common import check, find_unit, get_or_404, invalid, plan_or_only, user_of
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.params import MAX_ID
from planwatch.reporting.models import ArticleReport

from . import services
from .metrics import metrics, open_now
from .models import Problem, Severity, State
from .queries import Filters, visible_problems, with_rows

router = Router(tags=["问题协调"], auth=API_AUTH)
ID = Annotated[int, Path(description="问题编号（id）", ge=1, le=MAX_ID)]
StepName = Literal["accept", "decline", "merge", "assign", "answer", "resolve", "confirm", "reject", "close", "meeting"]


class About(Schema):
    kind: Literal["article", "target", "task", "project"]
    id: int = Field(ge=1, le=MAX_ID)


class Event(Schema):
    action: str
    label: str
    old_state: str
    new_state: str
    actor: str
    text: str
    on: date
    due: date | None
    late: bool


class ProblemOut(Schema):
    id: int
    number: str
    title: str
    description: str
    category: str
    severity: str
    help_wanted: str
    state: str = Field(description="raised 已提出 / accepted 已受理 / declined 不予受理 / merged 已合并 / coord 协调中 / "
                                   "resolved 待反馈 / confirmed 已解决待销号 / closed 已销号")
    state_label: str
    light: str = Field(description="red / yellow / blue，空为无预警（按本环节时限计算）")
    light_reasons: str
    raised_by: str = Field(description="提出单位（办公室或领导提出时为提出人）")
    raised_on: date
    stage_due: date | None
    handling_unit: str | None
    units: list[dict] = Field(description="协调单位：unit, deadline, answer, answered_on")
    about: list[dict]
    history: list[Event]


def problem_out(p: Problem) -> dict:
    return {
        "id": p.pk, "number": p.number, "title": p.title, "description": p.description, "category": p.category,
        "severity": p.severity, "help_wanted": p.help_wanted, "state": p.state, "state_label": p.get_state_display(),
        "light": p.light, "light_reasons": p.light_reasons, "raised_by": p.raiser_label, "raised_on": p.raised_on,
        "stage_due": p.stage_due, "handling_unit": p.handling_unit.name if p.handling_unit_id else None,
        "units": [{"unit": a.unit.name, "deadline": a.deadline, "answer": a.answer, "answered_on": a.answered_on}
                  for a in p.assignments.all()],
        "about": [{"kind": link.kind, "id": link.object_id, "label": link.label} for link in p.links.all()],
        "history": [{"action": e.action, "label": e.label, "old_state": e.old_state, "new_state": e.new_state,
                     "actor": e.actor_name, "text": e.reason, "on": e.on, "due": e.due, "late": e.late}
                    for e in p.events.all()],
    }  # fmt: skip


def _one(pk: int) -> dict:
    return problem_out(with_rows(Problem.objects.filter(pk=pk), history=True).get())


class ProblemQuery(Schema):
    plan: str | None = Field(None, description="计划代号或编号（只有一个计划时可省略）")
    state: Literal[tuple(["open", *State.values])] | None = Field(None, description="open 为未办结的全部")  # type: ignore[valid-type]
    light: Literal["red", "yellow", "blue", "none"] | None = None
    category: str | None = Field(None, max_length=30)
    unit: str | None = Field(None, description="单位名称或编号：其提出或协调的问题")
    q: str | None = Field(None, max_length=100)


@router.get("/problems", response={200: list[ProblemOut], **ERRORS}, summary="问题（含全过程记录）")
def list_problems(request, query: Query[ProblemQuery]):
    check(request, Action.VIEW)
    filters = Filters(state=query.state or "", light=query.light or "", category=query.category or "", q=query.q or "",
                      unit=find_unit(query.unit).pk if query.unit else None)  # fmt: skip
    rows = with_rows(filters.apply(visible_problems(user_of(request), plan_or_only(query.plan))), history=True)
    return [problem_out(p) for p in rows]


class ProblemIn(Schema):
    plan: str | None = Field(None, description="计划代号或编号（只有一个计划时可省略）")
    title: str = Field(max_length=200)
    description: str = Field(max_length=4000)
    category: str = Field(max_length=30, description="用地 / 资金 / 审批手续 / 人才 / 政策 / 跨部门协调 / 其他（办公室可调整）")
    about: list[About] = Field([], description="问题影响的条目、指标目标、具体任务、重点项目")
    severity: Literal[tuple(Severity.values)] = "normal"  # type: ignore[valid-type]
    help_wanted: str = Field("", max_length=4000, description="需要协调解决的事项")
    report: int | None = Field(None, ge=1, le=MAX_ID, description="由进展报送的“存在问题”提出时，该报送的编号")


@router.post("/problems", response={201: ProblemOut, **WRITE_ERRORS}, summary="提出问题（单位、办公室、区领导）")
def create_problem(request, body: ProblemIn):
    check(request, Action.RAISE)
    plan, user = plan_or_only(body.plan), user_of(request)
    report = None
    if body.report is not None:
        report = get_or_404(ArticleReport.objects.select_related("article"), "未找到该进展报送", pk=body.report)
        check(request, Action.VIEW, report)
        if report.article.plan_id != plan.pk:
            raise invalid("该进展报送不属于本计划", "body", "report")
    new = services.NewProblem(title=body.title, description=body.description, category=body.category,
                              about=[(a.kind, a.id) for a in body.about], severity=body.severity,
                              help_wanted=body.help_wanted, report=report)  # fmt: skip
    with transaction.atomic():
        problem = services.raise_problem(actor=user, plan=plan, new=new)
    return Status(201, _one(problem.pk))


@router.get("/problems/metrics", response={200: dict, **ERRORS},
            summary="问题统计：按季度（或年、半年）提出和销号数、按时解决率、各环节用时中位数，按单位和类别；"
                    "now 为当前未办结问题按类别和单位的数量及销号用时中位数（总览页）")  # fmt: skip
def problem_metrics(request, period: str = Query(..., max_length=10, description="期间，如 2025Q2、2025H1、2025"),
                    plan: str | None = None):  # fmt: skip
    check(request, Action.VIEW)
    problems = visible_problems(user_of(request), plan_or_only(plan))
    try:
        found = metrics(problems, period)
    except ValueError as exc:
        raise invalid(str(exc), "query", "period") from exc
    return found | {"now": open_now(problems)}


@router.get("/problems/{problem_id}", response={200: ProblemOut, **ERRORS}, summary="一个问题")
def get_problem(request, problem_id: ID):
    problem = get_or_404(with_rows(Problem.objects.all(), history=True), "未找到该问题", pk=problem_id)
    check(request, Action.VIEW, problem)
    return problem_out(problem)


class StepIn(Schema):
    text: str = Field("", max_length=4000, description="说明：协调措施、解决情况、不予受理的原因等")
    reason: str = Field("", max_length=4000, description="reject（未解决）和 decline 的原因，同 text")
    units: list[str] = Field([], description="assign：协调单位名称或编号，第一个为主办单位")
    deadline: date | None = Field(None, description="assign：协调时限")
    unit: str | None = Field(None, description="answer：办公室代为录入时，答复的协调单位")
    into: int | None = Field(None, ge=1, le=MAX_ID, description="merge：合并到的问题编号")


@router.post("/problems/{problem_id}/{action}", response={200: ProblemOut, **WRITE_ERRORS},
             summary="问题流程操作：accept 受理 / decline 不予受理 / assign 交办协调 / answer 答复协调措施 / resolve 报告已解决 / "
                     "confirm 确认已解决 / reject 反馈未解决 / close 销号 / merge 合并 / meeting 提请领导小组会议")  # fmt: skip
def problem_step(request, problem_id: ID, action: Annotated[StepName, Path()], body: StepIn):
    rows = Problem.objects.select_related("plan").prefetch_related("assignments")
    problem = get_or_404(rows, "未找到该问题", pk=problem_id)
    check(request, Action.VIEW, problem)
    user = user_of(request)
    if not services.may_step(user, problem, action):
        raise PermissionDenied("无权进行此操作")
    given = services.StepIn(text=body.text or body.reason, units=[find_unit(u) for u in body.units],
                            deadline=body.deadline, unit=_answering_unit(user, body.unit),
                            into=Problem.objects.filter(pk=body.into).first() if body.into else None)  # fmt: skip
    with transaction.atomic():
        if action == "meeting":
            services.mark_for_meeting(actor=user, problem=problem, text=given.text)
        else:
            services.step(actor=user, problem=problem, action=action, given=given)
    return _one(problem_id)


def _answering_unit(user, ref: str | None):
    """A unit answers for itself; the office names the unit it types the answer for."""
    mine = unit_of(user)
    if mine is not None:
        return find_unit(mine)
    return find_unit(ref) if ref else None
