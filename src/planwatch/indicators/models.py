"""Indicators of a plan and their quantitative targets.

An indicator is what gets measured (地区生产总值); a target is what the plan asks of it
(≥ 1400 亿元 in 2025). Import creates one indicator per distinct indicator name in an article,
so later data (observations, status) attach to the indicator and survive a revision that only
changes the target.
"""

from __future__ import annotations

from django.db import models


class Comparator(models.TextChoices):
    AT_LEAST = ">=", "不低于（≥）"
    AT_MOST = "<=", "不高于（≤）"
    ABOUT = "≈", "左右（≈）"
    EQUAL = "=", "等于（=）"
    RANGE = "range", "区间"


class Basis(models.TextChoices):
    LEVEL = "level", "水平值"
    ANNUAL = "annual", "每年"
    CUMULATIVE = "cumulative", "累计"
    CHANGE_VS_BASE = "change_vs_base", "较基期变化"
    PORTFOLIO = "portfolio", "项目盘子"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


def direction_for(comparator: str) -> str:
    """A ceiling (≤, 控制在…以内) means lower is better; every other target asks for more."""
    return Direction.LOWER if comparator == Comparator.AT_MOST else Direction.HIGHER


class Indicator(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="indicators"
    )
    article = models.ForeignKey(
        "plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField("指标名称", max_length=300)
    code = models.CharField("指标编码", max_length=50, blank=True)
    measure_unit = models.CharField("计量单位", max_length=50, blank=True)
    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    position = models.PositiveIntegerField("顺序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan", "article__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "name"], name="unique_indicator_per_article")
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets"
    )
    value = models.FloatField("目标值")
    value_max = models.FloatField(
        "目标上限", null=True, blank=True, help_text="区间目标的上限；此时目标值为下限"
    )
    unit = models.CharField("单位", max_length=50, blank=True)
    comparator = models.CharField(
        "比较方式", max_length=10, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    basis = models.CharField("口径", max_length=20, choices=Basis.choices, default=Basis.LEVEL)
    year = models.PositiveSmallIntegerField("目标年份", null=True, blank=True, help_text="空表示每年")
    base_year = models.PositiveSmallIntegerField("基期年份", null=True, blank=True)
    qualifiers = models.JSONField("限定词", default=list, blank=True, help_text="如 力争、左右、累计")
    source = models.TextField("原文", blank=True)
    position = models.PositiveIntegerField("条内顺序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["indicator__article__position", "position"]

    def __str__(self) -> str:
        upper = f"–{self.value_max:g}" if self.value_max is not None else ""
        return f"{self.indicator.name} {self.get_comparator_display()} {self.value:g}{upper}{self.unit}"
