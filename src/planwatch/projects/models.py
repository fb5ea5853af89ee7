"""The key-project ledger (重点项目台账): projects, their yearly investment plans, the units'
monthly reports (with photos) and the history of each.

A Project's `stage` (谋划 → 前期 → 开工 → 在建 → 竣工 → 投产) is its lifecycle, moved only through
planwatch.workflow (lifecycle.py): by the import, or by an approved monthly report that names a
new stage and its date. Everything else a district watches — the year's completion rate against
序时进度, the light, 逾期未开工 / 逾期未竣工, the cumulative investment — is never stored: pace.py
computes it from the approved reports, the plan and today (DESIGN: parent totals from children).
Amounts are stored in 万元 (an import in 亿元 is converted on the way in).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from planwatch.progress import period_label
from planwatch.reporting.models import Reportable
from planwatch.tasks.models import StepRecord

MONEY = {"max_digits": 14, "decimal_places": 2}


def _now():
    return timezone.now()


class Stage(models.TextChoices):
    PLANNING = "planning", "谋划"
    PREPARING = "preparing", "前期"
    STARTED = "started", "开工"
    BUILDING = "building", "在建"
    COMPLETED = "completed", "竣工"
    OPERATING = "operating", "投产"


STARTED_STAGES = frozenset({Stage.STARTED, Stage.BUILDING, Stage.COMPLETED, Stage.OPERATING})
COMPLETED_STAGES = frozenset({Stage.COMPLETED, Stage.OPERATING})


class Kind(models.TextChoices):
    NEW = "new", "新开工"
    CONTINUING = "continuing", "续建"
    FINISHING = "finishing", "竣工"
    PLANNED = "planned", "谋划"


class Category(models.Model):
    """A project category (产业, 基础设施, 城市更新, 民生, 生态 …): the office's list, in the admin."""

    name = models.CharField("名称", max_length=50, unique=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "项目类别"
        verbose_name_plural = "项目类别"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ProjectSettings(models.Model):
    """The office's thresholds for a plan's project lights, and an optional monthly plan curve
    (the cumulative share of the year's investment due by the end of each month; empty: the
    share of the year elapsed)."""

    plan = models.OneToOneField("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="project_settings")
    behind_below = models.PositiveSmallIntegerField(
        "低于序时进度的百分之多少为滞后", default=90, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="完成率 ÷ 序时进度低于此百分比为“滞后”（黄灯）")  # fmt: skip
    far_behind_below = models.PositiveSmallIntegerField(
        "低于序时进度的百分之多少为严重滞后", default=70, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="低于此百分比为“严重滞后”（红灯）")  # fmt: skip
    curve = models.JSONField("月度计划曲线（%）", default=list, blank=True,
                             help_text="12 个数：每月末累计应完成年度计划的百分比；空为按时间均匀")  # fmt: skip

    class Meta:
        verbose_name = "重点项目设置"
        verbose_name_plural = "重点项目设置"

    def __str__(self) -> str:
        return f"{self.plan} 重点项目设置"


class Project(models.Model):
    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="projects")
    code = models.CharField("项目编号", max_length=40)
    name = models.CharField("项目名称", max_length=300)
    owner = models.CharField("建设单位", max_length=200, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="projects")
    leader = models.CharField("包挂领导", max_length=50, blank=True)
    category = models.ForeignKey(Category, verbose_name="项目类别", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="projects")  # fmt: skip
    kind = models.CharField("项目类型", max_length=12, choices=Kind.choices, default=Kind.CONTINUING)
    street = models.CharField("所在街道", max_length=50, blank=True)
    address = models.CharField("建设地点", max_length=300, blank=True)
    content = models.TextField("建设内容", blank=True)
    total_investment = models.DecimalField("总投资（万元）", **MONEY)
    start_on = models.DateField("计划开工", null=True, blank=True)
    finish_on = models.DateField("计划竣工", null=True, blank=True)
    stage = models.CharField("项目阶段", max_length=12, choices=Stage.choices, default=Stage.PLANNING)
    started_on = models.DateField("实际开工", null=True, blank=True)
    completed_on = models.DateField("实际竣工", null=True, blank=True)
    articles = models.ManyToManyField("plans.Article", verbose_name="对应条目", blank=True, related_name="projects")
    targets = models.ManyToManyField("indicators.Target", verbose_name="对应目标", blank=True, related_name="projects")
    is_demo = models.BooleanField("演示数据", default=False)
    position = models.PositiveIntegerField("顺序", default=0)
    created_at = models.DateTimeField("创建时间", default=_now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重点项目"
        verbose_name_plural = "重点项目"
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_project_code_per_plan")]
        indexes = [models.Index(fields=["plan", "unit"], name="project_plan_unit")]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:40]}"


class YearPlan(models.Model):
    """The investment a project plans for one year (年度计划投资, 万元)."""

    project = models.ForeignKey(Project, verbose_name="重点项目", on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField("年度")
    amount = models.DecimalField("计划投资（万元）", **MONEY)

    class Meta:
        verbose_name = "年度计划投资"
        verbose_name_plural = "年度计划投资"
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="unique_year_plan")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}年 {self.amount}万元"


class ProjectEvent(StepRecord):
    """One step of a project: imported, its stage changed, its ledger row updated."""

    project = models.ForeignKey(Project, verbose_name="重点项目", on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = "重点项目记录"
        verbose_name_plural = "重点项目记录"
        ordering = ["at", "pk"]


class ProjectReport(Reportable):
    """A unit's monthly report on one project (period 2024-03): the investment completed in the
    month (the cumulative is summed from approved reports, never typed), 形象进度, a stage reached
    and its date, problems met. On the reporting cycle's states; approval locks it."""

    project = models.ForeignKey(Project, verbose_name="重点项目", on_delete=models.CASCADE, related_name="reports")
    amount = models.DecimalField("本月完成投资（万元）", **MONEY)
    progress = models.TextField("形象进度")
    new_stage = models.CharField("进入阶段", max_length=12, choices=Stage.choices, blank=True)
    stage_on = models.DateField("阶段日期", null=True, blank=True)
    problems = models.TextField("存在问题", blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "项目月报"
        verbose_name_plural = "项目月报"
        ordering = ["project", "period_key"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="unique_project_report_per_month")]
        indexes = [models.Index(fields=["project", "status", "period_key"], name="project_report_sums")]

    def __str__(self) -> str:
        return f"{self.project.name[:30]} {period_label(self.period)}月报"


class ProjectReportEvent(StepRecord):
    project_report = models.ForeignKey(ProjectReport, verbose_name="项目月报", on_delete=models.CASCADE,
                                       related_name="events")  # fmt: skip

    class Meta:
        verbose_name = "项目月报记录"
        verbose_name_plural = "项目月报记录"
        ordering = ["at", "pk"]


class ProjectPhoto(models.Model):
    """A site photo of a monthly report (JPEG/PNG), stored as DATA_DIR/evidence/<id> with its
    EXIF data removed (photos.py): no GPS position leaves the office with a download."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(ProjectReport, verbose_name="项目月报", on_delete=models.CASCADE, related_name="photos")
    unit = models.ForeignKey("units.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("文件校验值", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField("上传时间", default=_now)

    class Meta:
        verbose_name = "项目照片"
        verbose_name_plural = "项目照片"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name
