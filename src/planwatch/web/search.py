"""Search across one plan: articles whose label, title or text match, or whose indicators,
units or milestones do — one query (EXISTS subqueries, no DISTINCT over joins), at most
`limit` articles, each with a highlighted snippet of where the words were found."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html

from planwatch.accounts.permissions import visible_articles
from planwatch.indicators.models import Indicator
from planwatch.plans.models import Milestone
from planwatch.units.models import ArticleUnit

MAX_QUERY = 50
SNIPPET = 40


def search_plan(*, plan, user, q: str, limit: int = 30) -> list[dict]:
    q = q.strip()[:MAX_QUERY]
    if not q:
        return []
    articles = visible_articles(user, plan).annotate(
        in_indicator=Exists(Indicator.objects.filter(article=OuterRef("pk"), name__icontains=q)),
        in_unit=Exists(ArticleUnit.objects.filter(article=OuterRef("pk"), unit__name__icontains=q)),
        in_milestone=Exists(Milestone.objects.filter(article=OuterRef("pk"), text__icontains=q)),
    )
    found = articles.filter(
        Q(title__icontains=q) | Q(text__icontains=q) | Q(label__icontains=q)
        | Q(in_indicator=True) | Q(in_unit=True) | Q(in_milestone=True)
    ).select_related("chapter").order_by("position")[:limit]  # fmt: skip
    return [{"article": a, "snippet": highlight(a.text or a.title, q), "where": _where(a)} for a in found]


def _where(article) -> list[str]:
    flags = (("in_indicator", "指标"), ("in_unit", "责任单位"), ("in_milestone", "里程碑"))
    return [label for attr, label in flags if getattr(article, attr, False)]


def highlight(text: str, q: str, width: int = SNIPPET):
    """The text around the first match, the match in <mark>; everything else escaped."""
    text = text or ""
    at = text.lower().find(q.lower()) if q else -1
    if at < 0:
        short = text[: width * 2]
        return format_html("{}{}", short, "…" if len(text) > len(short) else "")
    start, end = max(0, at - width), min(len(text), at + len(q) + width)
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start else "",
        text[start:at],
        text[at : at + len(q)],
        text[at + len(q) : end],
        "…" if end < len(text) else "",
    )
