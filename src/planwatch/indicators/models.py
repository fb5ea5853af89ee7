"""Indicators of a plan, their quantitative targets, and the data reported against them.

An indicator is what gets measured (地区生产总值); a target is what the plan asks of it
(≥ 1400 亿元 in 2025). Import creates one indicator per distinct indicator name in an article,
so later data (observations, status) attach to the indicator and survive a revision that only
changes the target.

An observation is an indicator's value for one period (2023, 2023H1, 2023Q2, 2023-06); every
change to it is an `ObservationRevision` row (old value, new value, who, when, why). Values are
Decimals: a figure is kept exactly as the office typed it, unit conversions (powers of ten) stay
exact, and "has this value changed?" is an exact comparison, so loading a file twice writes
nothing. The evaluation core works in floats and gets them at its boundary.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from planwatch.progress import period_label

# Up to 18 digits before the point and 10 after: 元 amounts of a whole province, and 0.0000000001
# 亿元 (one hundredth of a 元) both fit.
VALUE_DIGITS, VALUE_PLACES = 28, 10


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


class Rate(models.TextChoices):
    """A rate kept over the period (docs/methodology.md, "Rates kept over the period")."""

    GROWTH = "growth", "年均增长"
    DECLINE = "decline", "年均下降"
    LEVEL = "level", "每年保持"


class Attribute(models.TextChoices):
    """An indicator table's 属性 column: a target the plan expects, or one it binds."""

    EXPECTED = "预期性", "预期性"
    BINDING = "约束性", "约束性"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


def direction_for(comparator: str) -> str:
    """A ceiling (≤, 控制在…以内) means lower is better; every other target asks for more."""
    return Direction.LOWER if comparator == Comparator.AT_MOST else Direction.HIGHER


class Kind(models.TextChoices):
    FLOW = "flow", "流量（每期新增，年内相加）"
    STOCK = "stock", "存量（期末水平）"


class Frequency(models.TextChoices):
    YEAR = "year", "年"
    HALF = "half", "半年"
    QUARTER = "quarter", "季"
    MONTH = "month", "月"


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
    kind = models.CharField(
        "数据类型",
        max_length=10,
        choices=Kind.choices,
        default=Kind.STOCK,
        help_text="流量：每期新增的量，年内各期相加；存量：期末水平，取最新值",
    )
    frequency = models.CharField("报送频率", max_length=10, choices=Frequency.choices, default=Frequency.YEAR)
    formula = models.CharField(
        "计算公式",
        max_length=500,
        blank=True,
        help_text="计算指标填写，如 energy_use / gdp * 100（用指标编码、#编号或名称，只允许 + - * / 和括号）",
    )
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

    @property
    def is_derived(self) -> bool:
        return bool(self.formula.strip())


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
    rate = models.CharField(
        "比率类型",
        max_length=10,
        choices=Rate.choices,
        blank=True,
        default="",
        help_text="每年的比率目标：年均增长、年均下降或每年保持；逐年判断并按计划期平均判断，不累加、不按序时",
    )
    base_year = models.PositiveSmallIntegerField("基期年份", null=True, blank=True)
    base_value = models.FloatField(
        "基期值（计划所列）", null=True, blank=True, help_text="计划指标表中列出的基期值；空表示计划未列出"
    )
    attribute = models.CharField(
        "属性", max_length=10, choices=Attribute.choices, blank=True, default="", help_text="计划指标表中的属性"
    )
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


def _value_field(label: str, **kw) -> models.DecimalField:
    return models.DecimalField(label, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kw)


class ObservationStatus(models.TextChoices):
    """Where a figure stands in the reporting cycle; figures loaded by the office are approved."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核"


DEMO_SOURCE = "演示数据"


class Observation(models.Model):
    """An indicator's value for one period, in the indicator's unit (`value`), with the figure
    as entered (`entered_value` in `entered_unit`) beside it."""

    # No index of its own: the unique (indicator, period) and series (indicator, period_key)
    # indexes both lead with it and serve every lookup by indicator; a third index only slowed
    # every insert (issue 20).
    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    period = models.CharField("期间", max_length=10, help_text="2023、2023H1、2023Q2 或 2023-06")
    period_end = models.DateField("期末日期")
    period_key = models.PositiveIntegerField("排序键", help_text="年×10000 + 末月×100 + 月数：按期末排序")
    value = _value_field("数值（指标单位）")
    entered_value = _value_field("填报数值")
    entered_unit = models.CharField("填报单位", max_length=50, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ObservationStatus.choices, default=ObservationStatus.APPROVED
    )
    is_demo = models.BooleanField("演示数据", default=False)
    derived = models.BooleanField("计算得出", default=False)
    inputs = models.JSONField(
        "计算输入", default=list, blank=True, help_text="计算指标的输入：指标、期间、数值"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("填报时间")

    class Meta:
        verbose_name = "指标数据"
        verbose_name_plural = "指标数据"
        ordering = ["indicator", "period_key"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_observation_per_period")
        ]
        indexes = [models.Index(fields=["indicator", "period_key"], name="observation_series")]

    def __str__(self) -> str:
        demo = "（演示）" if self.is_demo else ""
        value = f"{self.value.normalize():f}" if self.value is not None else ""
        return f"{self.indicator.name} {period_label(self.period)}：{value}{self.indicator.measure_unit}{demo}"


class ObservationRevision(models.Model):
    """One change of an observation: created, value changed, source or status changed."""

    observation = models.ForeignKey(
        Observation, verbose_name="指标数据", on_delete=models.CASCADE, related_name="revisions"
    )
    old_value = _value_field("原数值", null=True, blank=True)
    new_value = _value_field("新数值")
    old_status = models.CharField("原状态", max_length=10, blank=True)
    new_status = models.CharField("新状态", max_length=10)
    changes = models.JSONField("其他变化", default=dict, blank=True, help_text="字段 → [原值, 新值]")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    reason = models.CharField("原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "指标数据修订"
        verbose_name_plural = "指标数据修订"
        ordering = ["observation", "at", "pk"]
        # the dashboard's 近7天变化 reads the last week's revisions: a range on `at`, not a scan
        indexes = [models.Index(fields=["at"], name="revision_at")]

    def __str__(self) -> str:
        return f"{self.observation_id}：{self.old_value} → {self.new_value}"


class BaseValue(models.Model):
    """A base-year value set by hand; without one, the base comes from the year's observations."""

    class Source(models.TextChoices):
        MANUAL = "manual", "手工设定"

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="base_values"
    )
    year = models.PositiveSmallIntegerField("基期年份")
    value = _value_field("基期值（指标单位）")
    entered_value = _value_field("填报数值")
    entered_unit = models.CharField("填报单位", max_length=50, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.TextField("说明", blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField("设定时间")

    class Meta:
        verbose_name = "基期值"
        verbose_name_plural = "基期值"
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_base_value_per_year")
        ]

    def __str__(self) -> str:
        value = f"{self.value.normalize():f}" if self.value is not None else ""
        return f"{self.indicator.name} {self.year}年基期值 {value}"


class BaseValueRevision(models.Model):
    """One change of a hand-set base value (set, changed, cleared); kept when the value is cleared."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="base_value_revisions"
    )
    year = models.PositiveSmallIntegerField("基期年份")
    old_value = _value_field("原基期值", null=True, blank=True)
    new_value = _value_field("新基期值", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    reason = models.CharField("原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "基期值修订"
        verbose_name_plural = "基期值修订"
        ordering = ["indicator", "year", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}：{self.old_value} → {self.new_value}"


class ComparisonFigure(models.Model):
    """A figure of another district or unit (对比单位, e.g. 历下区) for one of the plan's
    indicators: context data for comparison (统计评价 ranks the same index over every unit).

    Kept apart from `Observation` on purpose: the plan's own figures (the default unit) are what
    reporting, review and evaluation work on; these are loaded by the office from published
    statistics (`planwatch load-data FILE --entity 历下区`) and only the index reads them.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="comparison_figures"
    )
    entity = models.CharField("对比单位", max_length=50)
    period = models.CharField("期间", max_length=10)
    period_end = models.DateField("期末日期")
    period_key = models.PositiveIntegerField("排序键")
    value = _value_field("数值（指标单位）")
    entered_value = _value_field("填报数值")
    entered_unit = models.CharField("填报单位", max_length=50, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("导入时间")

    class Meta:
        verbose_name = "对比单位数据"
        verbose_name_plural = "对比单位数据"
        ordering = ["indicator", "entity", "period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "entity", "period"], name="unique_comparison_figure_per_period"
            )
        ]

    def __str__(self) -> str:
        value = f"{self.value.normalize():f}" if self.value is not None else ""
        return f"{self.entity} {self.indicator.name} {period_label(self.period)}：{value}{self.indicator.measure_unit}"
