"""Indicators with their article, units and targets; one indicator's chart data."""

from datetime import date

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from planwatch.accounts.permissions import Action, visible_indicators
from planwatch.indicators.models import Indicator, Observation
from planwatch.params import MAX_ID
from planwatch.units.models import ArticleUnit

from .common import INDICATOR_ID, Pagination, check, find_unit, get_or_404, plan_or_only, user_of
from .errors import ERRORS
from .evaluation import Chart
from .schemas import IndicatorDetail, IndicatorOut

router = Router(tags=["指标 indicators"])


def with_related(indicators):
    """Article, its units and the targets for a whole page in three queries."""
    links = ArticleUnit.objects.select_related("unit").order_by("position")
    return indicators.select_related("article").prefetch_related(
        Prefetch("article__unit_links", queryset=links), "targets"
    )


def get_indicator(request, indicator_id: int, action=Action.VIEW) -> Indicator:
    """The indicator, 404 when there is none, 403 when the user may not `action` it."""
    indicators = with_related(Indicator.objects.select_related("plan"))
    indicator = get_or_404(indicators, f"未找到指标：{indicator_id}", pk=indicator_id)
    check(request, action, indicator)
    return indicator


class IndicatorFilter(Schema):
    plan: str | None = Field(None, description="计划代号或编号；库中有多个计划时必填")
    unit: str | None = Field(None, description="责任单位的编号或名称：该单位牵头或配合的条目中的指标")
    article: int | None = Field(None, ge=1, le=MAX_ID, description="条目编号")


@router.get(
    "/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="指标列表（含条目、责任单位、目标）"
)
@paginate(Pagination)
def list_indicators(request, filters: Query[IndicatorFilter]):
    """填报员只能看到本单位条目中的指标。"""
    check(request, Action.VIEW)
    plan = plan_or_only(filters.plan)
    indicators = visible_indicators(user_of(request), plan)
    if filters.unit:
        unit = find_unit(filters.unit)
        indicators = indicators.filter(
            article_id__in=ArticleUnit.objects.filter(unit=unit).values("article_id")
        )
    if filters.article is not None:
        indicators = indicators.filter(article_id=filters.article)
    return with_related(indicators).order_by("article__position", "position", "pk")


@router.get("/indicators/{indicator_id}", response={200: IndicatorDetail, **ERRORS}, summary="一个指标")
def get_one(request, indicator_id: INDICATOR_ID):
    """另一单位的指标：403。"""
    indicator = get_indicator(request, indicator_id)
    observations = Observation.objects.filter(indicator=indicator)
    indicator.latest = observations.order_by("-period_key").values("period", "value").first()
    indicator.observation_count = observations.count()
    return indicator


class AsOf(Schema):
    as_of: date | None = Field(None, description="评估日期 YYYY-MM-DD（默认今天）")


@router.get(
    "/indicators/{indicator_id}/chart", response={200: Chart, **ERRORS}, summary="指标图表数据（ECharts）"
)
def chart(request, indicator_id: INDICATOR_ID, params: Query[AsOf]):
    """数据序列、目标线、序时进度路径和预测区间，与指标页面的图表同源。"""
    from planwatch.indicators.evaluation import indicator_chart

    indicator = get_indicator(request, indicator_id)
    return indicator_chart(indicator=indicator, as_of=params.as_of)
