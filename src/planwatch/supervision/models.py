"""Supervision items (督办事项), their history, light changes, proposal decisions, and the
accountability ledger (问责台账).

A SupervisionItem is numbered 督办〔YYYY〕N号 per plan and year. Its `state` moves only through
planwatch.workflow (lifecycle.py): 立项 opened → 交办 assigned → 签收 handling (办理, repeatable)
→ 申请办结 requested → 复核: 办结 closed, or 退回 back to handling. An extension (延期) is a
second state on the same row (`extension`), on the same workflow mechanism. Every step is an
ItemEvent (the StepRecord pattern of tasks: old state, new state, actor, text, time, files).
Its light (蓝/黄/红, lights.py) is computed from dates and rows; `light` stores the last computed
one so the board filters in SQL, and every change is a LightChange row that notified the units.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from planwatch.tasks.models import StepRecord


def _now():
    return timezone.now()


class ItemState(models.TextChoices):
    OPENED = "opened", "已立项"
    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    REQUESTED = "requested", "待复核"
    CLOSED = "closed", "已办结"


class Extension(models.TextChoices):
    NONE = "", "无"
    REQUESTED = "requested", "延期待批"
    GRANTED = "granted", "已准予延期"
    REFUSED = "refused", "延期未获批准"


class Source(models.TextChoices):
    PROPOSAL = "proposal", "系统提示"
    INSTRUCTION = "instruction", "领导批示"
    MEETING = "meeting", "会议议定事项"
    MANUAL = "manual", "办公室交办"


class Priority(models.TextChoices):
    NORMAL = "normal", "一般"
    HIGH = "high", "重要"
    URGENT = "urgent", "紧急"


class Light(models.TextChoices):
    NONE = "", "无"
    BLUE = "blue", "蓝灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


class SupervisionSettings(models.Model):
    """The office's rules for one plan's items (defaults until it changes them)."""

    plan = models.OneToOneField("plans.Plan", verbose_name="计划", on_delete=models.CASCADE,
                                related_name="supervision_settings")  # fmt: skip
    blue_days = models.PositiveSmallIntegerField("蓝灯：距办理时限天数", default=7)
    red_after = models.PositiveSmallIntegerField("红灯：逾期超过天数", default=10)
    ack_workdays = models.PositiveSmallIntegerField("签收时限（工作日）", default=3)
    report_overdue_days = models.PositiveSmallIntegerField("报送逾期超过天数时提示督办", default=15)
    repeated_overdue = models.PositiveSmallIntegerField("单位逾期报送达到次数时建议问责", default=3)
    office_name = models.CharField("办公室名称（通知单落款）", max_length=100,
                                   default="行动计划实施工作领导小组办公室")  # fmt: skip

    class Meta:
        verbose_name = "督办设置"
        verbose_name_plural = "督办设置"

    def __str__(self) -> str:
        return f"{self.plan}的督办设置"


class SupervisionItem(models.Model):
    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE,
                             related_name="supervision_items")  # fmt: skip
    year = models.PositiveSmallIntegerField("年份")
    seq = models.PositiveIntegerField("序号")
    subject = models.CharField("督办事项", max_length=200)
    requirements = models.TextField("督办要求")
    lead_unit = models.ForeignKey("units.Unit", verbose_name="牵头单位", on_delete=models.PROTECT,
                                  related_name="led_supervision_items")  # fmt: skip
    co_units = models.ManyToManyField("units.Unit", verbose_name="配合单位", blank=True,
                                      related_name="co_supervision_items")  # fmt: skip
    deadline = models.DateField("办理时限")
    original_deadline = models.DateField("原定办理时限")
    priority = models.CharField("紧急程度", max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.MANUAL)
    source_detail = models.JSONField("来源详情", default=dict, blank=True,
                                     help_text="领导批示：leader, date, text；会议议定事项：meeting, date, item；系统提示：reason")  # fmt: skip
    state = models.CharField("状态", max_length=10, choices=ItemState.choices, default=ItemState.OPENED)
    extension = models.CharField("延期", max_length=10, choices=Extension.choices, blank=True, default="")
    returns = models.PositiveSmallIntegerField("退回次数", default=0)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    ack_due = models.DateField("签收时限", null=True, blank=True)
    acknowledged_on = models.DateField("签收日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    light = models.CharField("预警", max_length=10, choices=Light.choices, blank=True, default="")
    light_reasons = models.TextField("预警原因", blank=True)
    escalated_on = models.DateField("升级日期", null=True, blank=True, help_text="转红灯之日：列入领导页面和每周清单")
    created_at = models.DateTimeField("创建时间", default=_now)

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["-year", "-seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "seq"], name="unique_item_number")]
        indexes = [models.Index(fields=["plan", "state", "light"], name="item_plan_state_light")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject[:30]}"

    @property
    def number(self) -> str:
        return f"督办〔{self.year}〕{self.seq}号"

    def unit_ids(self) -> set[int]:
        """The lead and co-operating units (prefetched co_units read without a query)."""
        return {self.lead_unit_id, *(u.pk for u in self.co_units.all())}


class ItemEvent(StepRecord):
    """One step of an item (立项, 交办, 签收, 办理 …, 催办): actor, time, text, files."""

    item = models.ForeignKey(SupervisionItem, verbose_name="督办事项", on_delete=models.CASCADE,
                             related_name="events")  # fmt: skip

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["at", "pk"]


class AboutKind(models.TextChoices):
    TARGET = "target", "指标目标"
    TASK = "task", "具体任务"
    POLICY = "policy", "政策措施"
    SUBMISSION = "submission", "报送"
    RULE = "rule", "报送事项"
    PROJECT = "project", "重点项目"
    PROBLEM = "problem", "问题"


class ItemLink(models.Model):
    """What an item is about: a (kind, id) pair — a target, a task, a policy measure, a
    submission, a reporting item; later projects and problems — with its name when linked."""

    item = models.ForeignKey(SupervisionItem, verbose_name="督办事项", on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("类型", max_length=12, choices=AboutKind.choices)
    object_id = models.PositiveBigIntegerField("对象编号")
    label = models.CharField("名称", max_length=300)

    class Meta:
        verbose_name = "督办对象"
        verbose_name_plural = "督办对象"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["item", "kind", "object_id"], name="unique_item_link")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.label}"


class ItemFile(models.Model):
    """A file of an item's step (the 批示 document, evidence of the result), kept as
    DATA_DIR/supervision/<id>, checked like every evidence upload."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(SupervisionItem, verbose_name="督办事项", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="files")  # fmt: skip
    event = models.ForeignKey(ItemEvent, verbose_name="记录", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="files")  # fmt: skip
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("文件校验值", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField("上传时间", default=_now)

    class Meta:
        verbose_name = "督办附件"
        verbose_name_plural = "督办附件"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class LightChange(models.Model):
    """One change of an item's light, on the day the rules say; the units were notified."""

    item = models.ForeignKey(SupervisionItem, verbose_name="督办事项", on_delete=models.CASCADE,
                             related_name="light_changes")  # fmt: skip
    on = models.DateField("日期")
    old = models.CharField("原预警", max_length=10, choices=Light.choices, blank=True)
    new = models.CharField("新预警", max_length=10, choices=Light.choices, blank=True)
    reasons = models.TextField("原因", blank=True)
    notified = models.PositiveIntegerField("通知人数", default=0)
    at = models.DateTimeField("记录时间", default=_now)

    class Meta:
        verbose_name = "预警变化"
        verbose_name_plural = "预警变化"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.item.number} {self.on} {self.get_old_display()}→{self.get_new_display()}"


class ProposalDecision(models.Model):
    """The office's answer to a proposal: 立项 (with the item) or 不予立项 with a reason. A
    dismissed proposal stays away while (kind, object_id, cause) is the same: a new cause (a
    target from 进展滞后 to 倒退, a later due date, a newer figure) brings it back."""

    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=AboutKind.choices)
    object_id = models.PositiveBigIntegerField("对象编号")
    cause = models.CharField("原因标识", max_length=100)
    accepted = models.BooleanField("已立项")
    item = models.ForeignKey(SupervisionItem, verbose_name="督办事项", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    reason = models.TextField("不予立项原因", blank=True)
    actor_name = models.CharField("决定人", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=_now)

    class Meta:
        verbose_name = "督办提示处理"
        verbose_name_plural = "督办提示处理"
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "object_id", "cause"], name="unique_proposal_decision")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} 号的督办提示"


class AccountabilityKind(models.Model):
    """A kind of accountability measure (提醒谈话, 约谈 …): the office keeps the list."""

    name = models.CharField("措施", max_length=50, unique=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = "问责措施类型"
        verbose_name_plural = "问责措施类型"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class AccountabilityMeasure(models.Model):
    """One accountability measure taken on a unit (问责台账): always recorded by the office,
    never by the system — a suggestion is only a suggestion."""

    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name="被问责单位", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(AccountabilityKind, verbose_name="措施", on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("决定日期")
    reason = models.TextField("事由")
    document = models.CharField("决定文件", max_length=200, blank=True, help_text="如 市中督〔2025〕3号")
    items = models.ManyToManyField(SupervisionItem, verbose_name="所涉督办事项", blank=True, related_name="measures")
    files = models.ManyToManyField(ItemFile, verbose_name="依据材料", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField("记录时间", default=_now)

    class Meta:
        verbose_name = "问责记录"
        verbose_name_plural = "问责记录"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.kind} {self.decided_on}"
