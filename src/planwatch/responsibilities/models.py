"""Lead units (牵头单位) the office has decided, and the history of every such decision.

A plan states some leads itself (牵头单位：X, X牵头 — units.ArticleUnit with role lead); for the
rest, the office decides one per article and, where a target's lead differs from its article's,
per target. A target's lead is kept on its indicator: figures are reported per indicator, so two
targets of one indicator (a yearly and a final one) share their lead. Every decision is a
`LeadChange` row (old unit, new unit, who, why, when) and an audit event (DESIGN §5).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Lead(models.Model):
    """The office's lead for an article (indicator empty) or for one indicator of it."""

    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="leads")
    article = models.ForeignKey(
        "plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="office_leads"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name="指标", null=True, blank=True,
        on_delete=models.CASCADE, related_name="office_leads",
    )  # fmt: skip
    unit = models.ForeignKey("units.Unit", verbose_name="牵头单位", on_delete=models.PROTECT, related_name="leads")
    reason = models.TextField("依据", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField("确认时间", auto_now=True)

    class Meta:
        verbose_name = "牵头单位"
        verbose_name_plural = "牵头单位"
        ordering = ["article__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator"], name="unique_lead_per_indicator"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(indicator__isnull=True), name="unique_lead_per_article"
            ),
        ]

    def __str__(self) -> str:
        item = self.indicator.name if self.indicator_id else f"{self.article.label}{self.article.title}"
        return f"{item} → {self.unit.name}"


class LeadChange(models.Model):
    """One decision: the lead before and after (names, so the row outlives a unit merge)."""

    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name="指标", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    old_unit = models.CharField("原牵头单位", max_length=200, blank=True)
    new_unit = models.CharField("新牵头单位", max_length=200, blank=True)
    reason = models.TextField("依据", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "牵头单位变更"
        verbose_name_plural = "牵头单位变更"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.old_unit or '未确定'} → {self.new_unit or '未确定'}"
