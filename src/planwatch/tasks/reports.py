"""Task progress reports (任务进展) on the reporting cycle's states, and the office's 销号.

    (new) ─submit─▶ submitted ─approve─▶ approved (locked)
       returned ◀─return─┘   ▲
           └──── submit ─────┘

The task's lead unit reports each period (the quarter in progress): progress text, its own
view (完成 / 推进中 / 未启动), a percentage where it makes sense, evidence files. A report that
says 完成 needs at least one file; the unit may tick the milestones (阶段节点, 年度任务) it
reached. The office approves or returns it; approving a 完成 report is the confirmation (销号)
— the task becomes done in the same transaction, so 已完成 never appears on the unit's word
alone — and approving a report meets the milestones it ticked (no longer 滞后).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user
from planwatch.reporting import clock
from planwatch.reporting.errors import ReportingError
from planwatch.reporting.models import Status
from planwatch.reporting.services.evidence import _write, check_file
from planwatch.workflow import NEW, Transition, Workflow

from .lifecycle import MILESTONE_FLOW, TASK_FLOW, _recorder, _refusal
from .models import MilestoneState, TaskClaim, TaskEvidence, TaskReport, TaskReportEvent, TaskState
from .services import TaskError

_OPEN = frozenset({NEW, Status.DRAFT, Status.RETURNED})
_UNLOCKED = Q(locked=False)
REPORT_FLOW = Workflow(
    transitions=(
        Transition("submit", _OPEN, Status.SUBMITTED, "报送", _UNLOCKED),
        Transition("approve", frozenset({Status.SUBMITTED}), Status.APPROVED, "审核通过", _UNLOCKED),
        Transition("return", frozenset({Status.SUBMITTED}), Status.RETURNED, "退回", _UNLOCKED),
    ),
    record=_recorder(TaskReportEvent, "report", "status"), refuse=_refusal("任务进展", Status, "status"),
)  # fmt: skip


def current_period(today=None) -> str:
    """The quarter in progress: a task is reported on as it goes, not after the quarter ends."""
    today = today or clock.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def _period_key(code: str) -> int:
    return int(code[:4]) * 10 + int(code[-1])


def submit_report(*, actor, task, progress: str, claim: str, percent: int | None = None,
                  uploads=(), milestones=()) -> TaskReport:  # fmt: skip
    """The lead unit's report on its task for the current period (a returned one is resent)."""
    task.refresh_from_db(fields=["state", "lead_unit"])  # decide on the task as it is now
    if task.state != TaskState.ACTIVE:
        raise TaskError(f"任务“{str(task)[:30]}”{'已销号' if task.state == TaskState.DONE else '尚未确认'}，不能报送进展")
    if task.lead_unit_id is None:
        raise TaskError("任务尚未确定牵头单位，请联系领导小组办公室")
    progress = (progress or "").strip()
    if not progress:
        raise TaskError("请填写进展情况")
    if claim not in TaskClaim.values:
        raise TaskError("请选择完成情况：完成、推进中或未启动")
    if percent is not None and not 0 <= percent <= 100:
        raise TaskError("完成比例应在 0 到 100 之间")
    try:  # refuse a bad file before anything is written
        checked = [(upload, *check_file(upload)) for upload in uploads]
    except ReportingError as exc:
        raise TaskError(str(exc)) from exc
    period = current_period()
    report = TaskReport.objects.filter(task=task, period=period).first() or TaskReport(
        task=task, unit_id=task.lead_unit_id, period=period, period_key=_period_key(period))
    if claim == TaskClaim.DONE and not checked and not (report.pk and report.evidence.exists()):
        raise TaskError("报告“完成”须上传佐证材料（如验收文件、照片、文件批复）")

    def apply(row):
        row.progress, row.claim, row.percent = progress, claim, percent
        row.submitted_at, row.submitted_by = timezone.now(), actor_user(actor)
        row.first_submitted_at = row.first_submitted_at or row.submitted_at
        return {"claim": claim, "percent": percent, "files": [name for _, name, _ in checked]}

    reached = list(task.milestones.filter(pk__in=list(milestones), state=MilestoneState.OPEN))
    if len(reached) != len(set(milestones)):
        raise TaskError("所选阶段节点不属于该任务或已达成，请刷新页面")
    row = REPORT_FLOW.run("submit", actor=actor, obj=report, apply=apply)
    row.milestones.set(reached)
    for upload, name, content_type in checked:
        _attach(actor=actor, report=row, upload=upload, name=name, content_type=content_type)
    return row


def _attach(*, actor, report, upload, name: str, content_type: str) -> TaskEvidence:
    evidence = TaskEvidence(report=report, unit_id=report.unit_id, name=name, content_type=content_type,
                            size=upload.size, uploaded_by=actor_user(actor))  # fmt: skip
    evidence.sha256 = _write(evidence, upload)
    evidence.save()
    record(actor=actor, action="create", obj=evidence, reason="上传任务佐证材料",
           after={"name": name, "size": upload.size, "sha256": evidence.sha256, "report": str(report)})  # fmt: skip
    return evidence


def review_report(*, actor, report: TaskReport, action: str, reason: str = "") -> TaskReport:
    """Approve (a 完成 report: the task is confirmed done) or return with a reason."""
    if action == "return":
        if not reason.strip():
            raise TaskError("退回须写明原因")
        return REPORT_FLOW.run("return", actor=actor, obj=report, reason=reason.strip(),
                               apply=lambda row: _reviewed(row, actor, locked=False))  # fmt: skip
    if action != "approve":
        raise TaskError(f"未知操作：{action}")
    row = REPORT_FLOW.run("approve", actor=actor, obj=report, apply=lambda row: _reviewed(row, actor, locked=True))
    if row.claim == TaskClaim.DONE:
        if not row.evidence.exists():
            raise TaskError("该报告没有佐证材料，不能确认完成")
        TASK_FLOW.run("confirm", actor=actor, obj=row.task, reason=f"审核通过{row.period}进展报告",
                      apply=lambda task: _done(task))  # fmt: skip
    for milestone in row.milestones.filter(state=MilestoneState.OPEN):
        MILESTONE_FLOW.run("meet", actor=actor, obj=milestone, reason=f"审核通过{row.period}进展报告",
                           apply=_met)  # fmt: skip
    return row


def _met(milestone) -> dict:
    milestone.met_on = clock.today()
    return {"text": milestone.text, "met_on": milestone.met_on}


def _reviewed(row, actor, *, locked: bool) -> dict:
    row.reviewed_at, row.reviewed_by, row.locked = timezone.now(), actor_user(actor), locked
    return {}


def _done(task) -> dict:
    task.done_on = clock.today()
    return {"done_on": task.done_on}
