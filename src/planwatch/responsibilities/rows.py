"""The rows of the 责任分解 screen and table: every article of a plan, each followed by its
targets, with the units the plan lists, the current lead and the proposal.

A fixed number of queries for a whole plan (articles, targets, links, leads, units, the table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.indicators.models import Target

from .leads import Current, PlanLeads
from .proposals import Proposal
from .services import proposer_for


@dataclass
class Row:
    key: str  # "a<article id>" or "i<indicator id>" (services.resolve_items)
    article: object
    target: Target | None
    listed: list
    current: Current
    proposal: Proposal
    co_units: list = field(default_factory=list)

    @property
    def is_target(self) -> bool:
        return self.target is not None

    @property
    def name(self) -> str:
        return self.target.indicator.name if self.target else f"{self.article.label}{self.article.title}"

    @property
    def chapter(self) -> str:
        return str(self.article.chapter) if self.article.chapter else ""

    @property
    def differs(self) -> bool:
        return self.proposal.unit is not None and self.proposal.unit != self.current.unit

    def involves(self, unit_id: int) -> bool:
        units = [self.current.unit, self.proposal.unit, *self.listed]
        return any(u is not None and u.pk == unit_id for u in units)


def plan_rows(plan) -> list[Row]:
    leads = PlanLeads(plan)
    proposer = proposer_for(plan, leads)
    by_article: dict[int, list[Target]] = {}
    targets = Target.objects.filter(indicator__plan=plan).select_related("indicator").order_by("position", "pk")
    for t in targets:
        by_article.setdefault(t.indicator.article_id, []).append(t)
    rows = []
    for article in plan.articles.select_related("chapter").prefetch_related("milestones").order_by("position"):
        listed = leads.listed_units(article.pk)
        current = leads.article(article.pk)
        rows.append(Row(f"a{article.pk}", article, None, listed, current, proposer.for_article(article),
                        co_units=[u for u in listed if u != current.unit]))  # fmt: skip
        for t in by_article.get(article.pk, []):
            lead = leads.indicator(t.indicator)
            rows.append(Row(f"i{t.indicator_id}", article, t, listed, lead,
                            proposer.for_indicator(t.indicator, article),
                            co_units=[u for u in listed if u != lead.unit]))  # fmt: skip
    return rows


@dataclass
class Filters:
    chapter: int | None = None
    unit: int | None = None
    unassigned: bool = False
    differs: bool = False

    @classmethod
    def from_query(cls, query) -> Filters:
        def number(name):
            value = query.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(number("chapter"), number("unit"), query.get("unassigned") == "1", query.get("differs") == "1")

    def keep(self, row: Row) -> bool:
        return (
            (self.chapter is None or (row.article.chapter is not None and row.article.chapter.number == self.chapter))
            and (self.unit is None or row.involves(self.unit))
            and (not self.unassigned or row.current.unit is None)
            and (not self.differs or row.differs)
        )


def unassigned_targets(plan) -> list[Row]:
    """Targets without a lead (their own or their article's), with proposals: the dashboard
    lists them. Three queries when every target has a lead, five otherwise."""
    leads = PlanLeads(plan)
    targets = (
        Target.objects.filter(indicator__plan=plan)
        .select_related("indicator__article__chapter")
        .order_by("indicator__article__position", "position", "pk")
    )
    open_targets = [t for t in targets if leads.indicator(t.indicator).unit is None]
    if not open_targets:
        return []
    proposer = proposer_for(plan, leads)
    return [
        Row(f"i{t.indicator_id}", t.indicator.article, t, leads.listed_units(t.indicator.article_id),
            leads.indicator(t.indicator), proposer.for_indicator(t.indicator, t.indicator.article))
        for t in open_targets
    ]  # fmt: skip
