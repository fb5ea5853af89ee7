"""统计评价体系: a plan's composite index, as the office defines it, one immutable version at a time.

A definition is never edited in place: saving different dimensions, indicators, weights or
methods makes the next version (`services.save_definition`), so the results of an earlier
version can still be looked at with the weights it had. The maths is `planwatch.index.core`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .core import METHOD_LABELS, WEIGHTING_LABELS

METHOD_CHOICES = list(METHOD_LABELS.items())
WEIGHTING_CHOICES = list(WEIGHTING_LABELS.items())


class IndexDefinition(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="index_definitions"
    )
    version = models.PositiveIntegerField("版本")
    name = models.CharField("指数名称", max_length=100)
    method = models.CharField("标准化方法", max_length=10, choices=METHOD_CHOICES)
    weighting = models.CharField("赋权方法", max_length=10, choices=WEIGHTING_CHOICES)
    note = models.CharField("修改说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("设定时间")

    class Meta:
        verbose_name = "评价指数版本"
        verbose_name_plural = "评价指数版本"
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="unique_index_version_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class IndexDimension(models.Model):
    definition = models.ForeignKey(
        IndexDefinition, verbose_name="指数版本", on_delete=models.CASCADE, related_name="dimensions"
    )
    name = models.CharField("维度", max_length=50)
    weight = models.FloatField("维度权重", default=1.0)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评价维度"
        verbose_name_plural = "评价维度"
        ordering = ["definition", "position"]
        constraints = [models.UniqueConstraint(fields=["definition", "name"], name="unique_dimension_name")]

    def __str__(self) -> str:
        return self.name


class IndexIndicator(models.Model):
    """An indicator in a dimension: its direction, weight and (when not the version's) method.
    ``target`` replaces the plan's target for 目标值法; ``worst``/``best`` are set bounds for
    功效系数法 (empty: the observed minimum and maximum)."""

    dimension = models.ForeignKey(
        IndexDimension, verbose_name="维度", on_delete=models.CASCADE, related_name="members"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name="指标", on_delete=models.CASCADE, related_name="+"
    )
    direction = models.CharField(
        "方向", max_length=10, choices=[("higher", "越高越好"), ("lower", "越低越好")]
    )
    weight = models.FloatField("权重", default=1.0)
    method = models.CharField("标准化方法", max_length=10, choices=METHOD_CHOICES, blank=True)
    target = models.FloatField("目标值", null=True, blank=True)
    worst = models.FloatField("不允许值（最差）", null=True, blank=True)
    best = models.FloatField("满意值（最好）", null=True, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评价指标"
        verbose_name_plural = "评价指标"
        ordering = ["dimension", "position"]

    def __str__(self) -> str:
        return f"{self.dimension.name}：{self.indicator_id}"


class IndexSnapshot(models.Model):
    """A version's results as they stood when the next version replaced it: what its page, the
    API and the export show from then on, so later corrections of the data do not rewrite the
    figures a superseded version was read with. ``as_of`` is the evaluation date they were
    computed for, ``computed_at`` when."""

    definition = models.OneToOneField(
        IndexDefinition, verbose_name="指数版本", on_delete=models.CASCADE, related_name="snapshot"
    )
    result = models.JSONField("计算结果")
    as_of = models.DateField("评估日期")
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "评价指数版本结果"
        verbose_name_plural = "评价指数版本结果"

    def __str__(self) -> str:
        return f"{self.definition}的结果（{self.computed_at:%Y-%m-%d}）"
