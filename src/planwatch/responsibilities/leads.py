"""Who leads what in a plan now: the one answer reporting, the units pages and the screen share.

An article's lead, in this order: the office's decision (Lead row); the lead the plan states
(牵头单位：X, X牵头, "排在第一位的为牵头单位" — ArticleUnit role lead, first by position); the only
unit the plan lists for it. A list of several units in protocol order names no lead: the
article stays unassigned until the office decides (the screen proposes one). A target's lead is
its indicator's Lead row, else its article's lead.

Three queries for a whole plan, whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.units.models import ArticleUnit, Unit

from .models import Lead

OFFICE, PLAN, SOLE, ARTICLE = "office", "plan", "sole", "article"
SOURCE_LABELS = {
    OFFICE: "办公室确认",
    PLAN: "计划明确",
    SOLE: "计划仅列此单位",
    ARTICLE: "随条目牵头单位",
    "": "未确定",
}


@dataclass(frozen=True)
class Current:
    """A lead as it stands: the unit (None: unassigned) and where it comes from."""

    unit: Unit | None
    source: str = ""

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


UNASSIGNED = Current(None)


class PlanLeads:
    """The current lead of every article and indicator of one plan."""

    def __init__(self, plan) -> None:
        links = (
            ArticleUnit.objects.filter(article__plan=plan).select_related("unit").order_by("article_id", "position")
        )
        self.listed: dict[int, list[ArticleUnit]] = {}
        for link in links:
            self.listed.setdefault(link.article_id, []).append(link)
        self._articles: dict[int, Lead] = {}
        self._indicators: dict[int, Lead] = {}
        for lead in Lead.objects.filter(plan=plan).select_related("unit"):
            if lead.indicator_id:
                self._indicators[lead.indicator_id] = lead
            else:
                self._articles[lead.article_id] = lead

    def article(self, article_id: int) -> Current:
        decided = self._articles.get(article_id)
        if decided is not None:
            return Current(decided.unit, OFFICE)
        links = self.listed.get(article_id, [])
        stated = next((link for link in links if link.role == ArticleUnit.Role.LEAD), None)
        if stated is not None:
            return Current(stated.unit, PLAN)
        if len(links) == 1:
            return Current(links[0].unit, SOLE)
        return UNASSIGNED

    def indicator(self, indicator) -> Current:
        """`indicator`: an Indicator (its pk and article_id are read)."""
        decided = self._indicators.get(indicator.pk)
        if decided is not None:
            return Current(decided.unit, OFFICE)
        of_article = self.article(indicator.article_id)
        return Current(of_article.unit, ARTICLE) if of_article.unit else UNASSIGNED

    def own_indicator_lead(self, indicator_id: int) -> Lead | None:
        return self._indicators.get(indicator_id)

    def own_article_lead(self, article_id: int) -> Lead | None:
        return self._articles.get(article_id)

    def listed_units(self, article_id: int) -> list[Unit]:
        return [link.unit for link in self.listed.get(article_id, [])]


def article_lead_counts(plan, leads: PlanLeads | None = None) -> dict[int, int]:
    """{unit id: number of the plan's articles it leads now} (the units page's 牵头条目)."""
    leads = leads or PlanLeads(plan)
    counts: dict[int, int] = {}
    for article_id in plan.articles.values_list("pk", flat=True):
        unit = leads.article(article_id).unit
        if unit is not None:
            counts[unit.pk] = counts.get(unit.pk, 0) + 1
    return counts
