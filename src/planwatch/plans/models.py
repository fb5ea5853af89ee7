"""A plan as stored: the spine every later feature hangs off (articles, units, targets).

Rows mirror the extraction format (shared/spec/extract-format.md) closely enough that a stored
plan exports back to the very document it was imported from; `position` fields keep the
document's order where numbers alone would not.
"""

from __future__ import annotations

from django.db import models

from planwatch.extract.numerals import int_to_cn


def heading(label: str, title: str) -> str:
    """A heading as the plan prints it: 一、总体要求, （一）指导思想, 第一章 总体要求 (a space
    after a marker that does not end in punctuation)."""
    gap = "" if not label or label[-1] in "、．.）)" else " "
    return f"{label}{gap}{title}"


def _numeral(number: int) -> str:
    """一 for 1: how a plan without a stored label numbers its headings."""
    return int_to_cn(number) if 0 < number < 10000 else str(number)


class Plan(models.Model):
    name = models.SlugField(
        "代号", max_length=100, unique=True, allow_unicode=True, help_text="如 shizhong-2023"
    )
    title = models.CharField("标题", max_length=500, null=True, blank=True)
    period_start = models.PositiveSmallIntegerField("起始年份", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("截止年份", null=True, blank=True)
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_sha256 = models.CharField(
        "来源文件校验值", max_length=64, blank=True, help_text="来源文件的 SHA-256 摘要，用于核对是哪一份文件"
    )
    content_sha256 = models.CharField(
        "抽取内容校验值",
        max_length=64,
        blank=True,
        help_text="最近一次导入的抽取结果的摘要，用于判断重新导入是否有变化",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "行动计划"
        verbose_name_plural = "行动计划"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The plan's own title; a document printed without one (a title page lost in the copy)
        is named by its years — never by its code, which only URLs and commands use."""
        if self.title:
            return self.title
        if self.period_start and self.period_end:
            return f"行动计划（{self.period_start}—{self.period_end}年）"
        return "行动计划"


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField("章序号")
    label = models.CharField("编号", max_length=30, blank=True, help_text="原文编号，如 一、 或 第一章")
    title = models.CharField("标题", max_length=500, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "章"
        verbose_name_plural = "章"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_chapter_number")]

    def __str__(self) -> str:
        return heading(self.label or f"{_numeral(self.number)}、", self.title)


class Section(models.Model):
    """The middle level of a three-level plan (一、/（一）/1.); absent in two-level plans."""

    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="sections")
    chapter = models.ForeignKey(
        Chapter, verbose_name="章", null=True, blank=True, on_delete=models.SET_NULL, related_name="sections"
    )
    number = models.PositiveSmallIntegerField("节序号")
    label = models.CharField("编号", max_length=30, blank=True, help_text="原文编号，如（一）或 第一节")
    title = models.CharField("标题", max_length=500, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节"
        verbose_name_plural = "节"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return heading(self.label or f"（{_numeral(self.number)}）", self.title)


class Article(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="articles")
    chapter = models.ForeignKey(
        Chapter, verbose_name="章", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    section = models.ForeignKey(
        Section, verbose_name="节", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    number = models.PositiveIntegerField("条序号")
    label = models.CharField("编号", max_length=30, blank=True, help_text="原文编号，如（六）")
    title = models.CharField("标题", max_length=500, blank=True)
    text = models.TextField("正文", blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    units = models.ManyToManyField(
        "units.Unit", through="units.ArticleUnit", verbose_name="责任单位", related_name="articles"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "条目"
        verbose_name_plural = "条目"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class Milestone(models.Model):
    """A dated qualitative commitment (到2025年，基本完成入河排污口整治)."""

    article = models.ForeignKey(
        Article, verbose_name="条目", on_delete=models.CASCADE, related_name="milestones"
    )
    text = models.TextField("内容")
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "里程碑"
        verbose_name_plural = "里程碑"
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return f"{self.year or ''}年 {self.text}" if self.year else self.text


class DataVersion(models.Model):
    """A stamp that changes in the same transaction as anything an evaluation of the plan reads
    (figures, targets, indicators, base values, articles, chapters, the plan, unit links and
    unit names). Database triggers set it (`plans/versions.py`), so every write path — the ORM,
    bulk SQL, the admin, another app server — moves it without anyone remembering to. No
    foreign key: the triggers may touch it while the plan itself is being deleted."""

    plan_id = models.BigIntegerField("计划", primary_key=True)
    version = models.BigIntegerField("数据版本")

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"
