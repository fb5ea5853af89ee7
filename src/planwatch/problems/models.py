"""Problems (问题) and the leading group's meetings (领导小组会议).

A Problem is raised by a unit, the office or a leader (from its own page or from the 存在问题
text of a progress report) and moves only through planwatch.workflow (lifecycle.py):
提出 raised → 受理 accepted (or 不予受理 declined) → 协调 coordinating (units assigned with a
deadline, each answers with its measures) → 解决 resolved → 反馈: 已解决 confirmed, or 未解决
back to coordinating → 销号 closed. Every step is a ProblemEvent (the StepRecord pattern) with
the day it happened (`on`, the clock the tests freeze), the stage's limit and whether it was
late: the metrics are computed from these rows. The light (蓝/黄/红) comes from the current
stage's limit (`stage_due`) by supervision's rules; `light` stores the last computed one.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from planwatch.supervision.models import Light
from planwatch.tasks.models import StepRecord


def _now():
    return timezone.now()


class State(models.TextChoices):
    RAISED = "raised", "已提出"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
    MERGED = "merged", "已合并"
    COORDINATING = "coord", "协调中"
    RESOLVED = "resolved", "待反馈"
    CONFIRMED = "confirmed", "已解决待销号"
    CLOSED = "closed", "已销号"


ENDED = (State.DECLINED, State.MERGED, State.CLOSED)


class Severity(models.TextChoices):
    NORMAL = "normal", "一般"
    MAJOR = "major", "较大"
    CRITICAL = "critical", "重大"


class Origin(models.TextChoices):
    PAGE = "page", "单位或办公室提出"
    REPORT = "report", "进展报送中的存在问题"
    LEADER = "leader", "领导提出"


class Category(models.Model):
    """A kind of problem (用地, 资金 …): the office keeps the list (admin)."""

    name = models.CharField("类别", max_length=30, unique=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ProblemSettings(models.Model):
    """The office's time limit for each stage and the light rules (defaults until it changes them)."""

    plan = models.OneToOneField("plans.Plan", verbose_name="计划", on_delete=models.CASCADE,
                                related_name="problem_settings")  # fmt: skip
    accept_workdays = models.PositiveSmallIntegerField("受理时限（工作日）", default=3)
    assign_workdays = models.PositiveSmallIntegerField("受理后交办协调时限（工作日）", default=3)
    coordinate_workdays = models.PositiveSmallIntegerField("未解决退回后协调时限（工作日）", default=10)
    confirm_workdays = models.PositiveSmallIntegerField("提出单位反馈时限（工作日）", default=5)
    close_workdays = models.PositiveSmallIntegerField("销号时限（工作日）", default=3)
    blue_days = models.PositiveSmallIntegerField("蓝灯：距时限天数", default=2)
    red_after = models.PositiveSmallIntegerField("红灯：超过时限天数", default=5)
    propose_after = models.PositiveSmallIntegerField("红灯持续超过天数时提示督办", default=5)

    class Meta:
        verbose_name = "问题设置"
        verbose_name_plural = "问题设置"

    def __str__(self) -> str:
        return f"{self.plan}的问题设置"


class Problem(models.Model):
    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="problems")
    title = models.CharField("问题", max_length=200)
    description = models.TextField("问题描述")
    category = models.CharField("类别", max_length=30)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    help_wanted = models.TextField("需要协调解决的事项", blank=True)
    raised_by = models.ForeignKey("units.Unit", verbose_name="提出单位", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="raised_problems",
                                  help_text="空：办公室或领导提出，由办公室反馈")  # fmt: skip
    raiser_name = models.CharField("提出人", max_length=150)
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.PAGE)
    report = models.ForeignKey("reporting.ArticleReport", verbose_name="来自进展报送", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    article = models.ForeignKey("plans.Article", verbose_name="涉及条目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="problems")  # fmt: skip
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RAISED)
    handling_unit = models.ForeignKey("units.Unit", verbose_name="主办单位", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="handled_problems")  # fmt: skip
    stage_since = models.DateField("本环节开始日期")
    stage_due = models.DateField("本环节时限", null=True, blank=True)
    rejections = models.PositiveSmallIntegerField("反馈未解决次数", default=0)
    merged_into = models.ForeignKey("self", verbose_name="合并到", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="merged")  # fmt: skip
    for_meeting = models.BooleanField("提请领导小组会议研究", default=False)
    light = models.CharField("预警", max_length=10, choices=Light.choices, blank=True, default="")
    light_reasons = models.TextField("预警原因", blank=True)
    red_since = models.DateField("转红灯日期", null=True, blank=True)
    raised_on = models.DateField("提出日期")
    closed_on = models.DateField("销号日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False, help_text="由 planwatch demo 生成，页面上标明“演示数据”")

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["plan", "state", "light"], name="problem_plan_state_light")]

    def __str__(self) -> str:
        return f"问题{self.pk}：{self.title[:30]}"

    @property
    def number(self) -> str:
        return f"问题{self.pk}号"

    @property
    def raiser_label(self) -> str:
        return self.raised_by.name if self.raised_by_id else self.raiser_name

    def unit_ids(self) -> set[int]:
        """The raising unit and the coordinating units (prefetched assignments read without a query)."""
        return {u for u in (self.raised_by_id, *(a.unit_id for a in self.assignments.all())) if u}


class Link(models.Model):
    """What a problem blocks: an article, a target, a task, a key project (kind, id, name)."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("类型", max_length=12)
    object_id = models.PositiveBigIntegerField("对象编号")
    label = models.CharField("名称", max_length=300)

    class Meta:
        verbose_name = "问题涉及对象"
        verbose_name_plural = "问题涉及对象"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["problem", "kind", "object_id"], name="unique_problem_link")]

    def __str__(self) -> str:
        return self.label


class Assignment(models.Model):
    """A coordinating unit (协调单位) with its deadline and its latest answer (措施)."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("units.Unit", verbose_name="协调单位", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField("协调时限")
    answer = models.TextField("协调措施", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "协调单位"
        verbose_name_plural = "协调单位"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["problem", "unit"], name="unique_problem_unit")]

    def __str__(self) -> str:
        return f"{self.problem} · {self.unit}"


class ProblemEvent(StepRecord):
    """One step of a problem: who, what, the day (`on`), the stage's limit and whether it was late."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="events")
    on = models.DateField("日期")
    due = models.DateField("所结束环节的时限", null=True, blank=True)
    late = models.BooleanField("超过时限", default=False)
    files = models.ManyToManyField("supervision.ItemFile", verbose_name="附件", blank=True, related_name="+")

    class Meta:
        verbose_name = "问题记录"
        verbose_name_plural = "问题记录"
        ordering = ["on", "at", "pk"]


class LightChange(models.Model):
    """One change of a problem's light, on the day the rules say."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="light_changes")
    on = models.DateField("日期")
    old = models.CharField("原预警", max_length=10, choices=Light.choices, blank=True)
    new = models.CharField("新预警", max_length=10, choices=Light.choices, blank=True)
    reasons = models.TextField("原因", blank=True)

    class Meta:
        verbose_name = "问题预警变化"
        verbose_name_plural = "问题预警变化"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.problem} {self.on} {self.old or '无'}→{self.new or '无'}"


class Meeting(models.Model):
    """A leading-group meeting: its agenda (problems), then its record and decisions."""

    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    participants = models.TextField("参会人员", blank=True)
    minutes = models.ForeignKey("supervision.ItemFile", verbose_name="会议纪要", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    agenda = models.ManyToManyField(Problem, verbose_name="会议议题", blank=True, related_name="meetings")
    recorded = models.BooleanField("已记录", default=False)

    class Meta:
        verbose_name = "领导小组会议"
        verbose_name_plural = "领导小组会议"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision (议定事项) of a meeting on one problem; `item` is the 督办 it became."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="decisions")
    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("议定事项")
    lead_unit = models.ForeignKey("units.Unit", verbose_name="牵头单位", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField("办理时限")
    item = models.ForeignKey("supervision.SupervisionItem", verbose_name="督办事项", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:40]
