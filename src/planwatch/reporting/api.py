"""Submissions in the JSON API (mounted at /api/v1/ beside the other routers).

The same services and the same permission question as the pages: a reporter submits only for
the indicators its unit reports (403 otherwise) and sees only its unit's submissions; only the
office approves and returns; a locked or under-review period answers 409 with the message the
pages show. Validation errors are 422 with the field in `loc`, like every other endpoint.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.db import IntegrityError, transaction
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action, Role, require, role_of, unit_of, visible_reporting
from planwatch.api.common import Pagination, find_plan
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.indicators.models import Indicator
from planwatch.indicators.observations import plain
from planwatch.params import MAX_ID
from planwatch.progress.periods import parse_period

from .errors import RACE_MESSAGE, Invalid, Locked, ReportingError, UnderReview
from .models import Status as State
from .models import Submission
from .services.review import approve, return_item
from .services.submissions import rule_for, save_submission
from .services.timeliness import timeliness
from .services.validation import Figure

_BODY = ("body", "data")
SUBMISSION_ID = Annotated[int, Path(description="报送编号", ge=1, le=MAX_ID)]


class SubmissionIn(Schema):
    indicator: int = Field(ge=1, le=MAX_ID, description="指标编号")
    period: str = Field(description="期间：2024、2024H1、2024Q2 或 2024-06（须与报送频率一致且已结束）")
    value: Decimal = Field(description="数值")
    unit: str = Field("", max_length=50, description="数值的单位；空为指标单位；须可换算为指标单位")
    note: str = Field("", max_length=5000, description="备注")
    source: str = Field("", max_length=200, description="数据来源")
    explanation: str = Field(
        "", max_length=5000, description="变动说明：较上期变动超过阈值（默认 50%）时必填"
    )


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000, description="退回原因（必填，报送单位可见）")


class EventOut(Schema):
    action: str
    old_status: str
    new_status: str
    actor: str
    reason: str
    at: datetime


class SubmissionOut(Schema):
    id: int
    indicator: int
    indicator_name: str
    period: str
    value: str = Field(description="填报数值")
    unit: str = Field(description="填报单位")
    value_in_indicator_unit: str
    source: str
    note: str
    explanation: str
    status: str = Field(description="draft 草稿 / submitted 已报送 / returned 已退回 / approved 已审核")
    status_label: str
    locked: bool
    reason: str = Field(description="退回或解锁原因")
    reporting_unit: dict = Field(description="报送单位 {id, name}")
    due_on: str | None
    submitted_at: datetime | None
    reviewed_at: datetime | None
    history: list[EventOut]


class ListQuery(Schema):
    status: State | None = Field(None, description="按状态筛选：draft / submitted / returned / approved")
    indicator: int | None = Field(None, ge=1, le=MAX_ID, description="指标编号")
    period: str | None = Field(None, description="期间")


def _out(sub: Submission) -> dict:
    return {
        "id": sub.pk, "indicator": sub.indicator_id, "indicator_name": sub.indicator.name,
        "period": sub.period, "value": plain(sub.entered_value), "unit": sub.entered_unit,
        "value_in_indicator_unit": plain(sub.value), "source": sub.source, "note": sub.note,
        "explanation": sub.explanation, "status": sub.status, "status_label": sub.get_status_display(),
        "locked": sub.locked, "reason": sub.reason,
        "reporting_unit": {"id": sub.unit_id, "name": sub.unit.name},
        "due_on": sub.due_on.isoformat() if sub.due_on else None, "submitted_at": sub.submitted_at,
        "reviewed_at": sub.reviewed_at,
        "history": [
            {"action": e.action, "old_status": e.old_status, "new_status": e.new_status,
             "actor": e.actor_name, "reason": e.reason, "at": e.at}
            for e in sub.events.all()
        ],
    }  # fmt: skip


def _user(request):
    return getattr(request, "auth", None) or request.user


def _submissions():
    return Submission.objects.select_related("indicator", "unit").prefetch_related("events")


def _get(request, pk: int, action: str) -> Submission:
    sub = _submissions().filter(pk=pk).first()
    if sub is None:
        raise HttpError(404, f"未找到报送：{pk}")
    require(_user(request), action, sub)
    return sub


def _conflict_or_invalid(exc: ReportingError):
    if isinstance(exc, Locked | UnderReview):
        return HttpError(409, str(exc))
    if isinstance(exc, Invalid):
        return ValidationError(
            [{"type": "invalid", "loc": [*_BODY, f], "msg": m} for f, m in exc.errors.items()]
        )
    return ValidationError([{"type": "invalid", "loc": list(_BODY), "msg": str(exc)}])


def create_submission(request, data: SubmissionIn):
    """责任单位报送本单位负责的指标一期数值（状态为“已报送”，等待办公室审核）。
    已审核锁定或正在审核的期间返回 409。"""
    user = _user(request)
    require(user, Action.REPORT)
    indicator = Indicator.objects.filter(pk=data.indicator).first()
    if indicator is None:
        raise ValidationError(
            [{"type": "invalid", "loc": [*_BODY, "indicator"], "msg": f"未找到指标：{data.indicator}"}]
        )
    try:
        rule = rule_for(indicator=indicator)
    except ReportingError as exc:
        raise _conflict_or_invalid(exc) from exc
    require(user, Action.REPORT, rule)
    figure = Figure(data.value, data.unit, data.source, data.note, data.explanation)
    try:
        with transaction.atomic():
            sub = save_submission(actor=user, rule=rule, period=data.period, figure=figure)
    except ReportingError as exc:
        raise _conflict_or_invalid(exc) from exc
    except IntegrityError as exc:  # the same period submitted by someone else at the same moment
        raise HttpError(409, RACE_MESSAGE) from exc
    return Status(201, _out(_submissions().get(pk=sub.pk)))


@paginate(Pagination)
def list_submissions(request, filters: Query[ListQuery]):
    """当前用户可见的报送（填报员只看到本单位的），可按状态、指标、期间筛选。"""
    rows = visible_reporting(_user(request), _submissions()).order_by("-updated_at", "-pk")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.indicator:
        rows = rows.filter(indicator_id=filters.indicator)
    if filters.period:
        rows = rows.filter(period=filters.period.strip().upper())
    return [_out(s) for s in rows]


def get_submission(request, submission_id: SUBMISSION_ID):
    """一条报送及其办理记录（谁、何时、原状态、新状态、原因）。"""
    return _out(_get(request, submission_id, Action.VIEW))


def _review(request, submission_id: int, step, **kwargs) -> dict:
    """One review step; the workflow re-reads the submission under a lock inside the
    transaction, so of concurrent steps one wins and the others answer 409."""
    try:
        with transaction.atomic():
            sub = step(actor=_user(request), item=_get(request, submission_id, Action.REVIEW), **kwargs)
    except Invalid as exc:
        raise _conflict_or_invalid(exc) from exc
    except ReportingError as exc:
        raise HttpError(409, str(exc)) from exc
    return _out(_submissions().get(pk=sub.pk))


def approve_submission(request, submission_id: SUBMISSION_ID):
    """写入指标数据（已审核）并锁定该期；评估、看板和报告随即使用该数值。"""
    return _review(request, submission_id, approve)


def return_submission(request, submission_id: SUBMISSION_ID, data: ReasonIn):
    """退回报送单位修改；原因必填，报送单位在待报送页面看到。"""
    return _review(request, submission_id, return_item, reason=data.reason)


class TimelinessQuery(Schema):
    plan: str = Field(description="计划代号或编号")
    periods: str = Field(description="逗号分隔的期间，如 2025Q3,2025Q4,2025")


def get_timeliness(request, params: Query[TimelinessQuery]):
    """各单位各期报送及时性：按时报送、逾期报送、未报送、已有数据（非单位报送）、未到期的项数，
    及逾期和未报送的事项。填报员只看到本单位。"""
    user = _user(request)
    require(user, Action.VIEW)
    plan = find_plan(params.plan)
    periods = [p.strip().upper() for p in params.periods.split(",") if p.strip()]
    try:
        result = timeliness(plan, [parse_period(p).code for p in periods])
    except ValueError as exc:
        raise ValidationError([{"type": "invalid", "loc": ["query", "periods"], "msg": str(exc)}]) from exc
    if role_of(user) is Role.REPORTER:
        result["units"] = [u for u in result["units"] if u["unit"]["id"] == unit_of(user)]
    return result


def make_router() -> Router:
    """A router with the submission endpoints. A factory, so the site's API and a test API can
    each mount their own instance."""
    router = Router(auth=API_AUTH, tags=["报送 submissions"])
    one = {200: SubmissionOut, **WRITE_ERRORS}
    router.post("/submissions", response={201: SubmissionOut, **WRITE_ERRORS}, summary="报送一期指标数据")(
        create_submission
    )
    router.get("/submissions", response={200: list[SubmissionOut], **ERRORS}, summary="报送列表")(
        list_submissions
    )
    router.get("/submissions/{submission_id}", response={200: SubmissionOut, **ERRORS}, summary="一条报送")(
        get_submission
    )
    router.post("/submissions/{submission_id}/approve", response=one, summary="审核通过（办公室）")(
        approve_submission
    )
    router.post("/submissions/{submission_id}/return", response=one, summary="退回（办公室）")(
        return_submission
    )
    router.get("/timeliness", response={200: dict, **ERRORS}, summary="报送及时性")(get_timeliness)
    return router


router = make_router()
