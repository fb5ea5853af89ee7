"""Monthly project reports (项目月报) on the reporting cycle's states, and the office's review.

    (new)/returned ─submit─▶ submitted ─approve─▶ approved (locked)
                                └─return─▶ returned

The project's responsible unit reports a month (this one or an earlier one, never a later one):
the investment completed in that month (万元; the cumulative is the sum of approved months, never
typed), 形象进度, a stage reached with its date, problems met, and site photos (photos.py: EXIF
gone). The office approves or returns with a reason. Approving a report that names a stage moves
the project there in the same transaction (its `to_<stage>` step, with the date as 实际开工 or
实际竣工), so the cumulative, the lights and 逾期未开工 change only on the office's word.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from planwatch.indicators.observations import actor_user
from planwatch.plans.errors import StoreError
from planwatch.progress import period_label
from planwatch.reporting import clock

from .lifecycle import PROJECT_FLOW, REPORT_FLOW
from .models import COMPLETED_STAGES, STARTED_STAGES, ProjectReport, Stage
from .photos import attach_photo, clean_photo

MAX_PHOTOS = 9
_PERIOD = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


class ProjectError(StoreError):
    """A report or review refused before anything is written (one line of Chinese)."""


def month_of(today: date) -> str:
    return f"{today.year}-{today.month:02d}"


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ProjectError(f"本月完成投资“{value}”不是数字（单位：万元）") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e11"):
        raise ProjectError("本月完成投资应为 0 或正数（单位：万元）")
    return amount.quantize(Decimal("0.01"))


def _checked(period: str, new_stage: str, stage_on: date | None, today: date) -> None:
    if not _PERIOD.match(period or ""):
        raise ProjectError("请选择报送月份")
    if period > month_of(today):
        raise ProjectError(f"不能报送以后的月份（{period_label(period)}）")
    if new_stage and new_stage not in Stage.values:
        raise ProjectError("未知的项目阶段")
    if new_stage and (stage_on is None or stage_on > today):
        raise ProjectError("进入新阶段须填写日期，且不能晚于今天")


def submit_report(*, actor, project, period: str, amount, progress: str, new_stage: str = "",
                  stage_on: date | None = None, problems: str = "", photos=()) -> ProjectReport:  # fmt: skip
    """The unit's report of `period` (a returned one is sent again); photos checked before anything is written."""
    today = clock.today()
    _checked(period, new_stage, stage_on, today)
    value = _amount(amount)
    progress = (progress or "").strip()
    if not progress:
        raise ProjectError("请填写形象进度")
    if len(photos) > MAX_PHOTOS:
        raise ProjectError(f"一次最多上传 {MAX_PHOTOS} 张照片")
    if new_stage == project.stage:
        new_stage = ""
    cleaned = [clean_photo(upload) for upload in photos]  # PhotoError is a StoreError
    report = ProjectReport.objects.filter(project=project, period=period).first() or ProjectReport(
        project=project, unit_id=project.unit_id, period=period, period_key=int(period.replace("-", "")))

    def apply(row):
        row.amount, row.progress, row.problems = value, progress, (problems or "").strip()
        row.new_stage, row.stage_on = new_stage, stage_on if new_stage else None
        row.submitted_at, row.submitted_by = timezone.now(), actor_user(actor)
        row.first_submitted_at = row.first_submitted_at or row.submitted_at
        return {"amount": value, "stage": new_stage, "photos": [name for name, _, _ in cleaned]}

    row = REPORT_FLOW.run("submit", actor=actor, obj=report, apply=apply)
    for name, content_type, data in cleaned:
        attach_photo(actor=actor, report=row, name=name, content_type=content_type, data=data)
    return row


def review_report(*, actor, report: ProjectReport, action: str, reason: str = "") -> ProjectReport:
    """Approve (the figure counts from now on; a stage named moves the project) or return with a reason."""
    if action == "return":
        if not (reason or "").strip():
            raise ProjectError("退回须写明原因")
        return REPORT_FLOW.run("return", actor=actor, obj=report, reason=reason.strip(),
                               apply=lambda row: _reviewed(row, actor, locked=False, reason=reason.strip()))  # fmt: skip
    if action != "approve":
        raise ProjectError(f"未知操作：{action}")
    row = REPORT_FLOW.run("approve", actor=actor, obj=report, apply=lambda row: _reviewed(row, actor, locked=True))
    project = row.project
    if row.new_stage and row.new_stage != project.stage:
        PROJECT_FLOW.run(f"to_{row.new_stage}", actor=actor, obj=project, reason=f"审核通过{period_label(row.period)}月报",
                         apply=lambda p: _stage_dates(p, row))  # fmt: skip
    return row


def _reviewed(row, actor, *, locked: bool, reason: str = "") -> dict:
    row.reviewed_at, row.reviewed_by, row.locked, row.reason = timezone.now(), actor_user(actor), locked, reason
    return {}


def _stage_dates(project, report) -> dict:
    if report.new_stage in STARTED_STAGES and project.started_on is None:
        project.started_on = report.stage_on
    if report.new_stage in COMPLETED_STAGES and project.completed_on is None:
        project.completed_on = report.stage_on
    return {"stage_on": report.stage_on, "report": report.period}
