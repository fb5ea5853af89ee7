"""考核: a scheme per plan and year (its components, grades, bonus cap, deductions and vetoes as
the office configured them), the versions it was computed into (frozen rows: what a unit saw in
征求意见 and what was published never change afterwards), the office's 加分 and 一票否决 entries,
and the units' appeals. Every step of a scheme or an appeal is an AssessmentEvent row and an
audit event (lifecycle.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from planwatch.tasks.models import StepRecord


def _now():
    return timezone.now()


class SchemeState(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONSULTING = "consulting", "征求意见"
    PUBLISHED = "published", "已公布"


class Scheme(models.Model):
    """考核方案. `config` holds what scoring.Scheme needs (config.py reads and checks it)."""

    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("考核年度")
    name = models.CharField("方案名称", max_length=60, default="年度考核")
    state = models.CharField("状态", max_length=12, choices=SchemeState.choices, default=SchemeState.DRAFT)
    as_of = models.DateField("考核基准日", help_text="按该日的记录计分；通常为当年12月31日")
    config = models.JSONField("方案内容", default=dict)
    publish_ranking = models.BooleanField("公布后各单位可看全部排名", default=True)
    appeal_until = models.DateField("申诉截止日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=_now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "name"], name="unique_scheme_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """"2024年度考核" for the default name 年度考核 (not "2024年度年度考核"), else "2024年度" + name."""
        return f"{self.year}{self.name}" if self.name.startswith("年度") else f"{self.year}年度{self.name}"


class VersionKind(models.TextChoices):
    CONSULTATION = "consultation", "征求意见稿"
    REVISION = "revision", "申诉处理后修订稿"
    PUBLISHED = "published", "公布稿"
    RECOMPUTED = "recomputed", "公布后重新计算"


class Version(models.Model):
    """One computed assessment, frozen: the cards as scoring.assess returned them."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    kind = models.CharField("类型", max_length=12, choices=VersionKind.choices)
    as_of = models.DateField("考核基准日")
    config = models.JSONField("所用方案内容")
    cards = models.JSONField("计分结果")
    reason = models.TextField("说明", blank=True)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    created_at = models.DateTimeField("时间", default=_now)

    class Meta:
        verbose_name = "考核结果版本"
        verbose_name_plural = "考核结果版本"
        ordering = ["scheme", "number"]
        constraints = [models.UniqueConstraint(fields=["scheme", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.scheme} 第{self.number}版（{self.get_kind_display()}）"

    @property
    def published(self) -> bool:
        return self.kind in (VersionKind.PUBLISHED, VersionKind.RECOMPUTED)


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", "加分"
    VETO = "veto", "一票否决"


class Adjustment(models.Model):
    """加分 (honours, recognition from above) or a veto condition met, entered by the office with
    its evidence (文件名称和文号)."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey("units.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=6, choices=AdjustmentKind.choices)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, default=0)
    reason = models.CharField("事由", max_length=300)
    evidence = models.CharField("依据", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField("记录时间", default=_now)

    class Meta:
        verbose_name = "加分和一票否决"
        verbose_name_plural = "加分和一票否决"
        ordering = ["scheme", "unit", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.reason}"


class AppealState(models.TextChoices):
    SUBMITTED = "submitted", "待处理"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"


class Appeal(models.Model):
    """A unit's appeal against one line of its card in 征求意见, and the office's decision."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="appeals")
    version = models.ForeignKey(Version, verbose_name="所申诉的版本", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name="申诉单位", on_delete=models.PROTECT, related_name="+")
    component = models.CharField("考核项", max_length=60)
    source_kind = models.CharField("记录类型", max_length=20)
    source_id = models.PositiveBigIntegerField("记录编号")
    line = models.TextField("所申诉的计分")
    points = models.DecimalField("原得分", max_digits=7, decimal_places=2)
    reason = models.TextField("申诉理由")
    evidence = models.CharField("佐证", max_length=300, blank=True)
    state = models.CharField("状态", max_length=10, choices=AppealState.choices, default=AppealState.SUBMITTED)
    new_points = models.DecimalField("改为", max_digits=7, decimal_places=2, null=True, blank=True)
    decision = models.TextField("处理意见", blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("申诉时间", default=_now)

    class Meta:
        verbose_name = "考核申诉"
        verbose_name_plural = "考核申诉"
        ordering = ["scheme", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} 对“{self.component}”的申诉"


class AssessmentEvent(StepRecord):
    """One step of a scheme (征求意见, 公布, 重新计算) or of an appeal (申诉, 处理) — the history."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="events")
    appeal = models.ForeignKey(Appeal, verbose_name="申诉", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="events")  # fmt: skip

    class Meta:
        verbose_name = "考核记录"
        verbose_name_plural = "考核记录"
        ordering = ["at", "pk"]
