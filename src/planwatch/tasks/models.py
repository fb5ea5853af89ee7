"""Tasks (具体任务) and policy measures (政策措施) of a plan, and the history of each.

A Task is a concrete commitment under an article, proposed from the plan's text (proposals.py)
and accepted by the office, or entered by it. Its `state` is its lifecycle as decided by people
(proposed → active → done, or dropped), moved only through planwatch.workflow (lifecycle.py);
its *status* — 未启动 / 推进中 / 逾期 / 已完成 — is never stored: status.py computes it from the
state, the dates and today, so a task turns 逾期 the day after its due date without anyone
acting. A PolicyMeasure is a policy the plan promises, from candidate to issued and evaluated.
Every step of either is a TaskEvent / PolicyEvent row (old state, new state, actor, reason,
time — DESIGN §5) and an audit event in the same transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from planwatch.progress import period_label
from planwatch.reporting.models import Reportable


def _now():
    return timezone.now()


class TaskState(models.TextChoices):
    PROPOSED = "proposed", "待审核"
    ACTIVE = "active", "已确认"
    DONE = "done", "已销号"
    DROPPED = "dropped", "已舍弃"


class TaskKind(models.TextChoices):
    KEY = "key", "年度重点"
    ROUTINE = "routine", "常规"


class TaskOrigin(models.TextChoices):
    PLAN = "plan", "计划原文"
    TABLE = "table", "任务分解表"


class DueKind(models.TextChoices):
    DATE = "", "按日期"
    ONGOING = "ongoing", "长期坚持"
    YEARLY = "yearly", "每年"


class Task(models.Model):
    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="tasks")
    article = models.ForeignKey(
        "plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="tasks"
    )
    text = models.TextField("任务内容")
    deliverable = models.CharField("成果形式", max_length=200, blank=True)
    kind = models.CharField("类型", max_length=10, choices=TaskKind.choices, default=TaskKind.ROUTINE)
    origin = models.CharField("来源", max_length=10, choices=TaskOrigin.choices, default=TaskOrigin.PLAN)
    source = models.TextField("原文", blank=True, help_text="提出该任务的计划原文句子")
    lead_unit = models.ForeignKey(
        "units.Unit", verbose_name="牵头单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="led_tasks",
    )  # fmt: skip
    co_units = models.ManyToManyField(
        "units.Unit", verbose_name="配合单位", blank=True, related_name="co_tasks"
    )
    starts_on = models.DateField("开始日期", null=True, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True, help_text="空为计划截止年底")
    due_kind = models.CharField("时限类型", max_length=10, choices=DueKind.choices, blank=True, default="")
    state = models.CharField("状态", max_length=10, choices=TaskState.choices, default=TaskState.PROPOSED)
    done_on = models.DateField("销号日期", null=True, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    created_at = models.DateTimeField("创建时间", default=_now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "具体任务"
        verbose_name_plural = "具体任务"
        ordering = ["article__position", "position", "pk"]
        indexes = [models.Index(fields=["plan", "state"], name="task_plan_state")]

    def __str__(self) -> str:
        return self.text[:40]


class MilestoneState(models.TextChoices):
    OPEN = "open", "未达成"
    MET = "met", "已达成"
    WITHDRAWN = "withdrawn", "已撤销"


class TaskMilestone(models.Model):
    """A dated step of a task (阶段节点) or its part for one plan year (年度任务, `year` set,
    due on 31 December of that year). Taken from the clause's earlier dates when the task is
    proposed, or entered by the office on the task's page. It is met when the office approves
    a progress report in which the lead unit ticked it; an open one whose date has passed makes
    the task 滞后 (status.py). Withdrawn rows stay for the history."""

    task = models.ForeignKey(Task, verbose_name="具体任务", on_delete=models.CASCADE, related_name="milestones")
    text = models.CharField("节点内容", max_length=500)
    due_on = models.DateField("节点时限")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, help_text="年度任务的年份；空为阶段节点")
    state = models.CharField("状态", max_length=10, choices=MilestoneState.choices, default=MilestoneState.OPEN)
    met_on = models.DateField("达成日期", null=True, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "阶段节点"
        verbose_name_plural = "阶段节点"
        ordering = ["due_on", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.year}年度任务：{self.text[:30]}" if self.year else f"{self.due_on:%Y-%m-%d} {self.text[:30]}"


class StepRecord(models.Model):
    """One step of something with a lifecycle (old state, new state, actor, reason, time — DESIGN
    §5): the history its page shows; the same step is an audit event (lifecycle.py)."""

    action = models.CharField("操作", max_length=20)
    label = models.CharField("操作名称", max_length=30)
    old_state = models.CharField("原状态", max_length=10, blank=True)
    new_state = models.CharField("新状态", max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    reason = models.TextField("原因", blank=True)
    details = models.JSONField("内容", default=dict, blank=True)
    at = models.DateTimeField("时间", default=_now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.label}"


class TaskEvent(StepRecord):
    """One step of a task: accepted, dropped, confirmed done … — its history on the page."""

    task = models.ForeignKey(Task, verbose_name="具体任务", on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = "任务记录"
        verbose_name_plural = "任务记录"
        ordering = ["at", "pk"]


class PolicyKind(models.TextChoices):
    NEW = "new", "制定新政策"
    REVISE = "revise", "修订"
    IMPLEMENT = "implement", "落实已有政策"


class PolicyState(models.TextChoices):
    CANDIDATE = "candidate", "待确认"
    PLANNED = "planned", "拟制定"
    DRAFTING = "drafting", "起草中"
    ISSUED = "issued", "已出台"
    IN_FORCE = "in_force", "实施中"
    EVALUATED = "evaluated", "已评估"
    REPEALED = "repealed", "废止"
    DROPPED = "dropped", "已舍弃"


class PolicyMeasure(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="policy_measures"
    )
    article = models.ForeignKey(
        "plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="policy_measures"
    )
    name = models.CharField("政策名称", max_length=300)
    kind = models.CharField("类型", max_length=10, choices=PolicyKind.choices)
    issuing_unit = models.ForeignKey(
        "units.Unit", verbose_name="制定单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="policy_measures",
    )  # fmt: skip
    planned_on = models.DateField("计划出台日期", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=PolicyState.choices, default=PolicyState.CANDIDATE)
    doc_number = models.CharField("文号", max_length=60, blank=True, help_text="如 市中政办发〔2023〕5号")
    issued_on = models.DateField("出台日期", null=True, blank=True)
    source = models.TextField("原文", blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    created_at = models.DateTimeField("创建时间", default=_now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策措施"
        verbose_name_plural = "政策措施"
        ordering = ["article__position", "position", "pk"]
        indexes = [models.Index(fields=["plan", "state"], name="policy_plan_state")]

    def __str__(self) -> str:
        return self.name[:60]


class PolicyEvent(StepRecord):
    policy = models.ForeignKey(
        PolicyMeasure, verbose_name="政策措施", on_delete=models.CASCADE, related_name="events"
    )

    class Meta:
        verbose_name = "政策措施记录"
        verbose_name_plural = "政策措施记录"
        ordering = ["at", "pk"]


class TaskClaim(models.TextChoices):
    """What the unit says of its task; the computed status wins and both are shown."""

    DONE = "done", "完成"
    IN_PROGRESS = "in_progress", "推进中"
    NOT_STARTED = "not_started", "未启动"


class TaskReport(Reportable):
    """A unit's progress on one task for one period (the reporting cycle's Reportable: period,
    unit, draft → submitted → returned / approved). Approving a report that says 完成, with
    evidence, is the office's confirmation (销号): the task becomes done in the same step."""

    task = models.ForeignKey(Task, verbose_name="具体任务", on_delete=models.CASCADE, related_name="reports")
    progress = models.TextField("进展情况")
    claim = models.CharField("单位自评", max_length=12, choices=TaskClaim.choices)
    percent = models.PositiveSmallIntegerField(
        "完成比例（%）", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    milestones = models.ManyToManyField(
        TaskMilestone, verbose_name="本期达成的阶段节点", blank=True, related_name="reports"
    )

    class Meta:
        verbose_name = "任务进展报送"
        verbose_name_plural = "任务进展报送"
        ordering = ["task", "period_key"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="unique_task_report_per_period")]

    def __str__(self) -> str:
        return f"{self.task} {period_label(self.period)}进展（{self.get_status_display()}）"


class TaskReportEvent(StepRecord):
    """One step of a task report (submitted, returned, approved) — its history."""

    report = models.ForeignKey(TaskReport, verbose_name="任务进展", on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = "任务进展记录"
        verbose_name_plural = "任务进展记录"
        ordering = ["at", "pk"]


class TaskEvidence(models.Model):
    """A file attached to a task report, kept as DATA_DIR/evidence/<id> like the reporting
    cycle's evidence (same checks: reporting/services/evidence.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(TaskReport, verbose_name="任务进展", on_delete=models.CASCADE, related_name="evidence")
    unit = models.ForeignKey("units.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("文件校验值", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField("上传时间", default=_now)

    class Meta:
        verbose_name = "任务佐证材料"
        verbose_name_plural = "任务佐证材料"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class PolicyDocument(models.Model):
    """The issued policy's document file (the 文件 with its 文号), checked and kept like evidence
    (reporting/services/evidence.py: size limit, content judged by planwatch/filetypes.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    policy = models.ForeignKey(PolicyMeasure, verbose_name="政策措施", on_delete=models.CASCADE, related_name="documents")
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("文件校验值", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField("上传时间", default=_now)

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class PolicyDelivery(Reportable):
    """What an issued policy delivered in one period (资金兑现 万元, 惠及企业 家, 惠及人数 人),
    reported by its issuing unit on the reporting cycle's states and approved by the office."""

    policy = models.ForeignKey(
        PolicyMeasure, verbose_name="政策措施", on_delete=models.CASCADE, related_name="deliveries"
    )
    funds = models.DecimalField("资金兑现（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    enterprises = models.PositiveIntegerField("惠及企业（家）", null=True, blank=True)
    people = models.PositiveIntegerField("惠及人数（人）", null=True, blank=True)
    note = models.TextField("兑现情况说明", blank=True)

    class Meta:
        verbose_name = "政策兑现报送"
        verbose_name_plural = "政策兑现报送"
        ordering = ["policy", "period_key"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "period"], name="unique_policy_delivery_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.policy} {period_label(self.period)}兑现情况"


class PolicyDeliveryEvent(StepRecord):
    delivery = models.ForeignKey(
        PolicyDelivery, verbose_name="政策兑现报送", on_delete=models.CASCADE, related_name="events"
    )

    class Meta:
        verbose_name = "政策兑现记录"
        verbose_name_plural = "政策兑现记录"
        ordering = ["at", "pk"]


class TaskReminderLog(models.Model):
    """One reminder of a task's or policy's quarterly report sent: (unit, item, period, kind,
    day) at most once, like the figures' reminders (reporting.ReminderLog)."""

    unit = models.ForeignKey("units.Unit", verbose_name="报送单位", on_delete=models.CASCADE, related_name="+")
    item = models.CharField("事项", max_length=30, help_text="task:编号 或 policy:编号")
    period = models.CharField("期间", max_length=10)
    kind = models.CharField("类型", max_length=10)
    on = models.DateField("日期")
    due_on = models.DateField("截止日期")
    recipients = models.PositiveIntegerField("收件人数", default=0)
    sent_at = models.DateTimeField("发送时间", default=_now)

    class Meta:
        verbose_name = "任务催办记录"
        verbose_name_plural = "任务催办记录"
        ordering = ["-on", "unit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "item", "period", "kind", "on"], name="unique_task_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.item} {self.period}"
