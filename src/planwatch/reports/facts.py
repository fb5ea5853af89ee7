"""What a report may say: the record for one plan, period and (optionally) unit, read once.

Every sentence of a report is written from a `Facts`: the evaluation rows the dashboard and the
API show as of the period's end (`indicators.evaluation.evaluate_plan`, the same cached
computation), the plan's chapters and milestones, and the units' approved progress texts
(进展情况 / 存在问题 / 下步打算) of the period. Nothing else is read, so a report cannot state what
the record does not hold. The number of queries does not grow with the number of targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planwatch.indicators.evaluation import evaluate_plan
from planwatch.indicators.models import Observation, ObservationStatus
from planwatch.plans.models import Article, Chapter, Milestone
from planwatch.progress.periods import Period, parse_period
from planwatch.reporting.models import ArticleReport, Status
from planwatch.units.models import ArticleUnit

from .errors import ReportError


@dataclass(frozen=True)
class Scope:
    """A plan, a period and optionally one unit (its articles as lead or co-operating unit)."""

    plan: object
    period: Period
    unit: object | None = None

    @property
    def as_of(self) -> date:
        """Statuses are computed as of the period's last day: figures of later periods are not
        yet in a report about this one."""
        return self.period.end


def scope_for(*, plan, period: str, unit=None) -> Scope:
    """A `Scope` from a period code; a bad code is a `ReportError` in Chinese."""
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise ReportError(str(exc)) from exc
    if parsed.kind == "month":
        raise ReportError("报告期间应为季度、半年或年度，如 2025Q2、2025H1、2025")
    return Scope(plan=plan, period=parsed, unit=unit)


@dataclass
class Figures:
    """One indicator's approved figures in time order, in its measure unit."""

    unit: str
    points: list[tuple[str, float]] = field(default_factory=list)  # (period code, value)


@dataclass
class Facts:
    scope: Scope
    results: list[dict]
    chapters: list[Chapter]
    articles: dict[int, Article]
    texts: dict[int, ArticleReport] = field(default_factory=dict)  # article id → latest approved
    milestones: list[Milestone] = field(default_factory=list)  # due by the period's year
    series: dict[int, Figures] = field(default_factory=dict)  # indicator id → its approved figures

    def results_of(self, chapter_number: int | None) -> list[dict]:
        return [r for r in self.results if r["chapter"] == chapter_number]

    def texts_of(self, chapter: Chapter) -> list[ArticleReport]:
        return [t for t in self.texts.values() if self.articles[t.article_id].chapter_id == chapter.pk]


def gather(scope: Scope) -> Facts:
    """Read everything a report of `scope` may quote (a fixed number of queries)."""
    plan = scope.plan
    article_ids = _article_ids(scope)
    results = [r for r in evaluate_plan(plan=plan, as_of=scope.as_of) if r["article_id"] in article_ids]
    articles = {a.pk: a for a in Article.objects.filter(pk__in=article_ids).select_related("chapter")}
    chapters = list(Chapter.objects.filter(plan=plan).order_by("number"))
    milestones = list(
        Milestone.objects.filter(article_id__in=article_ids, year__lte=scope.period.year)
        .select_related("article")
        .order_by("year", "article__position", "position")
    )
    series = _series({r["indicator_id"] for r in results}, scope.as_of)
    return Facts(scope, results, chapters, articles, _texts(scope, article_ids), milestones, series)


def _series(indicator_ids: set[int], as_of: date) -> dict[int, Figures]:
    """Each indicator's approved figures of periods ended by `as_of`, in time order — what the
    indicator chart of the API draws (`indicator_chart`), in one query."""
    rows = Observation.objects.filter(
        indicator_id__in=indicator_ids, status=ObservationStatus.APPROVED, period_end__lte=as_of
    ).order_by("indicator_id", "period_key")
    out: dict[int, Figures] = {}
    for indicator_id, unit, period, value in rows.values_list("indicator_id", "indicator__measure_unit", "period", "value"):
        out.setdefault(indicator_id, Figures(unit)).points.append((period, float(value)))
    return out


def _article_ids(scope: Scope) -> set[int]:
    articles = Article.objects.filter(plan=scope.plan)
    if scope.unit is not None:
        linked = ArticleUnit.objects.filter(unit=scope.unit).values("article_id")
        articles = articles.filter(pk__in=linked)
    return set(articles.values_list("pk", flat=True))


def _texts(scope: Scope, article_ids: set[int]) -> dict[int, ArticleReport]:
    """The latest approved progress text per article among the periods inside the report's
    period (a quarter's reports in a year report: the last one). A unit's report quotes only
    what that unit reported."""
    rows = ArticleReport.objects.filter(
        article_id__in=article_ids, status=Status.APPROVED, period__startswith=str(scope.period.year)
    ).select_related("unit")
    if scope.unit is not None:
        rows = rows.filter(unit=scope.unit)
    latest: dict[int, tuple[Period, ArticleReport]] = {}
    for row in rows:
        period = parse_period(row.period)
        if not _inside(period, scope.period):
            continue
        kept = latest.get(row.article_id)
        if kept is None or kept[0] < period:
            latest[row.article_id] = (period, row)
    return {article_id: row for article_id, (_, row) in latest.items()}


def _inside(period: Period, outer: Period) -> bool:
    return period.year == outer.year and outer.start_month <= period.start_month and period.end_month <= outer.end_month
