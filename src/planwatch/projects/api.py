"""Key projects in the JSON API (issue 15's interface): the ledger with its computed figures, the
summary (with the monthly plan-and-actual curve the panel's chart draws: DESIGN §6), one project with its history and reports, and the monthly reporting steps.

Amounts are numbers in 万元. A unit sees only its own projects (责任单位); leaders and auditors
read all; a step not possible now answers 409 with the pages' sentence.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.db import transaction
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action
from planwatch.api.common import check, get_or_404, plan_or_only, user_of
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.params import MAX_ID

from . import reports
from .filters import LedgerFilters
from .models import Project, ProjectReport
from .queries import LedgerRow, as_of, ledger, totals, visible_projects

router = Router(tags=["重点项目"], auth=API_AUTH)
ID = Annotated[int, Path(description="重点项目编号（id）", ge=1, le=MAX_ID)]
Light = Literal["green", "yellow", "red", "none"]


class LedgerQuery(Schema):
    plan: str | None = Field(None, description="计划代号或编号（只有一个计划时可省略）")
    year: int | None = Field(None, ge=2000, le=2099, description="年度（默认今年）")
    unit: str | None = Field(None, description="责任单位名称")
    category: str | None = Field(None, description="项目类别")
    kind: str | None = Field(None, description="new 新开工 / continuing 续建 / finishing 竣工 / planned 谋划")
    stage: str | None = Field(None, description="planning / preparing / started / building / completed / operating")
    street: str | None = Field(None, description="所在街道")
    leader: str | None = Field(None, description="包挂领导")
    light: Light | None = Field(None, description="green 正常 / yellow 滞后 / red 严重滞后 / none 无年度计划")


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    unit: str = Field(description="责任单位")
    owner: str = Field(description="建设单位")
    leader: str = Field(description="包挂领导")
    category: str
    kind: str
    street: str
    stage: str = Field(description="planning 谋划 / preparing 前期 / started 开工 / building 在建 / completed 竣工 / operating 投产")
    stage_label: str
    total_investment: float = Field(description="总投资（万元）")
    year_plan: float | None = Field(description="本年计划投资（万元）；空为无年度计划")
    completed_this_year: float = Field(description="本年完成投资（万元，已审核的月报之和）")
    cumulative: float = Field(description="累计完成投资（万元，已审核的月报之和）")
    completion_rate: float | None = Field(description="本年完成率（0–1）")
    expected_pace: float = Field(description="序时进度（0–1）")
    light: str = Field(description="green 正常 / yellow 滞后 / red 严重滞后 / 空为无年度计划")
    reasons: list[str]
    not_started_late: bool = Field(description="逾期未开工")
    not_completed_late: bool = Field(description="逾期未竣工")
    start_on: str | None
    finish_on: str | None
    is_demo: bool


def project_out(r: LedgerRow) -> dict:
    p, s = r.project, r.standing
    return {
        "id": p.pk, "code": p.code, "name": p.name, "unit": p.unit.name, "owner": p.owner, "leader": p.leader,
        "category": p.category.name if p.category else "", "kind": p.kind, "street": p.street, "stage": p.stage,
        "stage_label": p.get_stage_display(), "total_investment": float(p.total_investment),
        "year_plan": None if r.year_plan is None else float(r.year_plan), "completed_this_year": float(r.completed),
        "cumulative": float(r.cumulative), "completion_rate": s.rate, "expected_pace": s.pace, "light": s.light,
        "reasons": list(s.reasons), "not_started_late": s.not_started_late, "not_completed_late": s.not_completed_late,
        "start_on": p.start_on.isoformat() if p.start_on else None,
        "finish_on": p.finish_on.isoformat() if p.finish_on else None, "is_demo": p.is_demo,
    }  # fmt: skip


def _rows(request, query: LedgerQuery) -> tuple[list[LedgerRow], int]:
    check(request, Action.VIEW)
    plan = plan_or_only(query.plan)
    today = as_of()
    year = query.year or today.year
    filters = LedgerFilters(**query.dict(exclude={"plan", "year"}))
    rows = ledger(filters.narrow(visible_projects(user_of(request), plan)), plan=plan, year=year, today=today)
    return filters.keep(rows), year


@router.get("/projects", response={200: list[ProjectOut], **ERRORS}, summary="重点项目台账（含计算的完成率和预警）")
def list_projects(request, query: Query[LedgerQuery]):
    rows, _ = _rows(request, query)
    return [project_out(r) for r in rows]


class MonthOut(Schema):
    month: int = Field(description="月份（1–12）")
    plan: float = Field(description="累计计划投资（万元）：本年计划投资按月度计划曲线（未设曲线时按月均匀）分到该月末")
    actual: float | None = Field(description="累计完成投资（万元，已审核的月报之和）；评估日所在月以后为空")


class SummaryOut(Schema):
    plan: str
    year: int
    count: int
    total_investment: float = Field(description="总投资（万元）")
    year_plan: float = Field(description="本年计划投资（万元）")
    completed: float = Field(description="本年完成投资（万元）")
    completion_rate: float | None
    expected_pace: float = Field(description="序时进度（0–1）")
    by_stage: dict[str, int]
    by_light: dict[str, int] = Field(description="green / yellow / red / none")
    portfolio: list[str] = Field(description="计划的项目盘子目标（项目个数、总投资）由台账汇总的情况")
    months: list[MonthOut] = Field(description="按月计划与完成（累计，万元），12项；台账面板的曲线图即画此数据")
    is_demo: bool


@router.get("/projects/summary", response={200: SummaryOut, **ERRORS}, summary="重点项目汇总：个数、投资、按阶段和预警计数、按月计划与完成")
def projects_summary(request, query: Query[LedgerQuery]):
    rows, year = _rows(request, query)
    return summary_out(rows, plan_or_only(query.plan), year)


def summary_out(rows: list[LedgerRow], plan, year: int) -> dict:
    from .pace import expected_pace
    from .panel import monthly
    from .queries import thresholds_for
    from .services import portfolio_targets

    t, today, curve = totals(rows), as_of(), thresholds_for(plan).curve
    months = [{"month": m["month"], "plan": float(m["plan"]), "actual": None if m["actual"] is None else float(m["actual"])}
              for m in monthly(rows, year, today, curve)]  # fmt: skip
    return {
        "plan": plan.name, "year": year, "count": t["count"], "total_investment": float(t["total_investment"]),
        "year_plan": float(t["year_plan"]), "completed": float(t["completed"]), "completion_rate": t["completion_rate"],
        "expected_pace": expected_pace(today, year, curve),
        "by_stage": t["by_stage"], "by_light": {k or "none": v for k, v in t["by_light"].items()},
        "portfolio": [p.text for p in portfolio_targets(plan)], "months": months, "is_demo": any(r.project.is_demo for r in rows),
    }  # fmt: skip


@router.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS}, summary="一个重点项目")
def get_project(request, project_id: ID, year: int | None = None):
    project = get_or_404(Project.objects.all(), "未找到该重点项目", pk=project_id)
    check(request, Action.VIEW, project)
    today = as_of()
    rows = ledger(Project.objects.filter(pk=project.pk), plan=project.plan, year=year or today.year, today=today)
    return project_out(rows[0])


class PhotoOut(Schema):
    id: str
    name: str
    size: int
    url: str


class ReportOut(Schema):
    id: int
    project: int
    period: str = Field(description="报送月份，如 2024-03")
    amount: float = Field(description="本月完成投资（万元）")
    progress: str
    new_stage: str
    stage_on: str | None
    problems: str
    status: str = Field(description="submitted 待审核 / returned 已退回 / approved 已审核")
    reason: str
    photos: list[PhotoOut]


def report_out(r: ProjectReport) -> dict:
    photos = [{"id": str(p.pk), "name": p.name, "size": p.size, "url": f"/projects/photos/{p.pk}/"}
              for p in r.photos.all()]  # fmt: skip
    return {"id": r.pk, "project": r.project_id, "period": r.period, "amount": float(r.amount), "progress": r.progress,
            "new_stage": r.new_stage, "stage_on": r.stage_on.isoformat() if r.stage_on else None,
            "problems": r.problems, "status": r.status, "reason": r.reason, "photos": photos}  # fmt: skip


@router.get("/projects/{project_id}/reports", response={200: list[ReportOut], **ERRORS}, summary="一个项目的月报")
def list_reports(request, project_id: ID):
    project = get_or_404(Project.objects.all(), "未找到该重点项目", pk=project_id)
    check(request, Action.VIEW, project)
    return [report_out(r) for r in project.reports.prefetch_related("photos").order_by("-period_key")]


class ReportIn(Schema):
    period: str = Field(pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="报送月份，如 2024-03")
    amount: str = Field(max_length=20, description="本月完成投资（万元）")
    progress: str = Field(max_length=4000, description="形象进度")
    new_stage: Literal["", "planning", "preparing", "started", "building", "completed", "operating"] = ""
    stage_on: date | None = Field(None, description="进入新阶段的日期")
    problems: str = Field("", max_length=4000, description="存在问题")


@router.post("/projects/{project_id}/reports", response={200: ReportOut, **WRITE_ERRORS},
             summary="责任单位报送项目月报（multipart 表单，photos 为现场照片，EXIF 信息会被去除）")  # fmt: skip
def report_project(request, project_id: ID, body: Form[ReportIn], photos: File[list[UploadedFile]] = None):
    project = get_or_404(Project.objects.all(), "未找到该重点项目", pk=project_id)
    check(request, Action.REPORT, project)
    with transaction.atomic():
        row = reports.submit_report(actor=user_of(request), project=project, period=body.period, amount=body.amount,
                                    progress=body.progress, new_stage=body.new_stage, stage_on=body.stage_on,
                                    problems=body.problems, photos=photos or [])  # fmt: skip
    return report_out(row)


class DecisionIn(Schema):
    action: Literal["approve", "return"]
    reason: str = Field("", max_length=2000, description="退回原因（退回时必填）")


@router.post("/project-reports/{report_id}/review", response={200: ReportOut, **WRITE_ERRORS},
             summary="办公室审核项目月报：审核通过后计入累计完成投资，所报阶段生效")  # fmt: skip
def review_project_report(request, report_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: DecisionIn):
    item = get_or_404(ProjectReport.objects.select_related("project"), "未找到该月报", pk=report_id)
    check(request, Action.REVIEW, item)
    with transaction.atomic():
        row = reports.review_report(actor=user_of(request), report=item, action=body.action, reason=body.reason)
    return report_out(row)
