"""The registry of responsible units (责任单位) and their links to plan articles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .names import canonical_key


class Unit(models.Model):
    """One responsible unit, held once however the plans spell it.

    `key` is the comparison form of `name` (see names.canonical_key); it is unique, so two
    spellings of one bureau cannot become two units.
    """

    name = models.CharField("名称", max_length=200, unique=True)
    key = models.CharField("比对键", max_length=200, unique=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    kind = models.CharField("类型", max_length=50, blank=True, help_text="如：政府部门、事业单位、国有企业")
    level = models.CharField("层级", max_length=20, blank=True, help_text="如：省、市、区")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """Refuse a second unit under another spelling of an existing name (the admin form)."""
        same = Unit.objects.filter(key=canonical_key(self.name)).exclude(pk=self.pk).first()
        if same:
            raise ValidationError({"name": f"已有同一单位“{same.name}”；如需合并请用“合并到…”"})

    def save(self, *args, **kwargs):
        # The key is derived from the name and must follow every rename, including admin edits.
        self.key = canonical_key(self.name)
        super().save(*args, **kwargs)


class UnitAlias(models.Model):
    """Another name of a unit that the rules in names.py do not connect (kept by merges)."""

    alias = models.CharField("别名", max_length=200, unique=True)
    key = models.CharField("比对键", max_length=200, db_index=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit}"

    def save(self, *args, **kwargs):
        self.key = canonical_key(self.alias)
        super().save(*args, **kwargs)


class ArticleUnit(models.Model):
    """A unit named for an article, with its role; `written_as` keeps the plan's own spelling."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        CO = "co", "配合单位"

    article = models.ForeignKey(
        "plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="unit_links"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="article_links"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.CO)
    position = models.PositiveIntegerField("顺序", default=0)
    written_as = models.CharField("原文写法", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "条目责任单位"
        verbose_name_plural = "条目责任单位"
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "unit"], name="unique_article_unit")]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"


class UnitFunction(models.Model):
    """The office's change to the built-in table of department functions (functions.toml): a row
    replaces the built-in department of the same name or adds one; an inactive row removes it."""

    name = models.CharField("部门名称", max_length=50, unique=True, help_text="如：统计部门；与内置表同名则替换内置表中的该部门")
    unit_keywords = models.CharField(
        "单位关键词", max_length=300, help_text="单位名称含其中任一词即属此部门，用顿号分隔，如：统计"
    )
    terms = models.TextField(
        "职责词", help_text="指标名称或条目中出现即属此部门职责的词，用顿号分隔，如：地区生产总值、GDP、增加值"
    )
    active = models.BooleanField("启用", default=True, help_text="不启用则从对照表中去掉该部门（含内置的同名部门）")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "部门职责对照"
        verbose_name_plural = "部门职责对照"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
