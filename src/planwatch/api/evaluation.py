"""Where every target of a plan stands (the evaluation service's objects, unchanged) and the
roll-ups the dashboard shows. A reporter gets the targets of the indicators it may view; `unit`
narrows to one unit's articles (lead or co-operating).

The evaluation service is imported inside the endpoints, so this module loads on its own.
"""

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, ConfigDict
from pydantic import Field as Described

from planwatch.accounts.permissions import Action, visible_indicators
from planwatch.units.models import ArticleUnit

from .common import PLAN_REF, check, find_plan, find_unit, user_of
from .errors import ERRORS

router = Router(tags=["评估 evaluation"])

# Plain pydantic models: ninja's Schema reads only declared fields, these keep any the service adds.
_OPEN = ConfigDict(extra="allow")


class UnitRole(BaseModel):
    id: int
    name: str
    role: str = Described(description="lead 牵头 / co 配合")


class EvaluationItem(BaseModel):
    """One target's evaluation, as `planwatch evaluate --format json` prints it."""

    model_config = _OPEN

    target_id: int
    indicator: str = Described(description="指标名称")
    indicator_id: int
    article: str = Described(description="条目编号与标题，如（六）打造现代产业体系")
    article_id: int
    article_number: int | None = Described(description="条序号")
    chapter: int | None = Described(description="章序号")
    unit: str = Described(description="牵头单位（多个以、分隔；无牵头单位时为全部责任单位）")
    units: list[UnitRole] = Described(description="全部责任单位及角色")
    basis: str = Described(description="目标口径：level、annual、cumulative、change_vs_base、portfolio")
    rate: str | None = Described(
        None, description="每年的比率目标：growth 年均增长、decline 年均下降、level 每年保持；其他目标为空"
    )
    comparator: str = Described(description=">=、<=、≈、=、range")
    target: float | None = Described(description="目标值")
    target_max: float | None = Described(description="区间目标的上限")
    target_unit: str = Described(description="目标值单位")
    target_year: int | None = Described(description="目标年份")
    latest: dict[str, Any] | None = Described(description="最新数据 {period, value}")
    base: dict[str, Any] | None = Described(description="基期 {year, value}")
    status: str = Described(
        description="achieved、on_track、needs_acceleration、off_track、deteriorating、no_data"
    )
    status_label: str = Described(
        description="已完成、进展顺利、需加快、进展滞后、倒退、数据不足；目标年份结束后为已实现、未实现或待最终数据"
    )
    verdict: str | None = Described(
        None, description="目标年份结束后的结论：met 已实现、missed 未实现、pending 待最终数据；之前为空"
    )
    standing: str = Described(
        "no_data",
        description="页面上的状态灯：目标进行中为 status，目标年份结束后为 verdict（met、missed、pending）；"
        "总览和各统计按它计数",
    )
    as_of: str | None = Described(None, description="评估日期 YYYY-MM-DD：状态按此日期计算，只用此前已结束期间的数据")
    stale: bool = Described(False, description="最新数据是否已滞后（比应报的最新一期晚一期或以上）")
    age: dict[str, Any] | None = Described(
        None,
        description="最新数据的时效 {period, lag 滞后期数, frequency, stale, text 如“最新数据：2023年（已滞后2期）”}",
    )
    years: list[dict[str, Any]] = Described(
        default_factory=list,
        description="每年目标和比率目标的逐年情况 [{year, period, value, complete, met}]",
    )
    colour: str = Described(description="状态颜色：green、yellow、red、grey")
    ratio: float | None = Described(
        description="进度比＝已取得的进展÷按期应取得的进展（见 docs/methodology.md）"
    )
    expected: float | None = Described(description="按序时进度到最新一期应达到的值")
    forecast: dict[str, Any] | None = Described(
        description="目标年份预测 {value, low, high 80%区间, probability 达标概率（少于5个数据点时为空）, points, first, last}；少于3个数据点时为空"
    )
    explanation: str = Described(description="一句话说明")
    is_demo: bool = Described(description="是否基于演示数据")


class Rollup(BaseModel):
    model_config = _OPEN

    by_status: dict[str, int] = Described(
        description="各状态的目标数（按状态灯 standing：进行中的状态，及目标结束后的 met、missed、pending）"
    )
    by_chapter: list[dict[str, Any]] = Described(description="按章：{chapter, counts: {状态: 数}, total}")
    by_unit: list[dict[str, Any]] = Described(
        description="按牵头单位：{unit, counts, total}；无单位的目标计入“未分配”"
    )
    by_article: list[dict[str, Any]] = Described(description="按条目：{article_id, counts, total}")


class Chart(BaseModel):
    """Chart data for ECharts: the series, the target line, the expected path, the forecast."""

    model_config = _OPEN

    indicator: str
    indicator_id: int
    unit: str = Described(description="计量单位")
    series: list[dict[str, Any]] = Described(description="已审核数据 [{period, value, is_demo}]，按期间先后")
    target: dict[str, Any] | None = Described(description="目标线 {value, value_max, year, comparator, unit}")
    expected_path: list[Any] = Described(description="序时进度路径（每年末一个点）")
    forecast: dict[str, Any] | None = Described(description="目标年份预测及区间")
    status: str
    status_label: str
    explanation: str = Described(description="一句话说明")
    is_demo: bool = Described(description="是否含演示数据")


class EvaluationQuery(Schema):
    as_of: date | None = Field(
        None, description="评估日期 YYYY-MM-DD（默认今天）：只用此日期前已结束期间的数据"
    )
    unit: str | None = Field(None, description="责任单位的编号或名称：只看该单位牵头或配合的条目")


def _evaluation(request, ref: str, params: EvaluationQuery) -> list[dict]:
    from planwatch.indicators.evaluation import evaluate_plan

    plan = find_plan(ref)
    check(request, Action.VIEW, plan)
    indicators = visible_indicators(user_of(request), plan)
    if params.unit:
        unit = find_unit(params.unit)
        indicators = indicators.filter(
            article_id__in=ArticleUnit.objects.filter(unit=unit).values("article_id")
        )
    shown = set(indicators.values_list("pk", flat=True))
    return [row for row in evaluate_plan(plan=plan, as_of=params.as_of) if row["indicator_id"] in shown]


@router.get(
    "/plans/{ref}/evaluation", response={200: list[EvaluationItem], **ERRORS}, summary="计划各目标的进展评估"
)
def evaluation(request, ref: PLAN_REF, params: Query[EvaluationQuery]):
    """与 `planwatch evaluate --format json` 输出的对象相同，每个目标一项。"""
    return _evaluation(request, ref, params)


@router.get(
    "/plans/{ref}/rollup", response={200: Rollup, **ERRORS}, summary="评估汇总：按状态、章、责任单位、条目"
)
def rollup(request, ref: PLAN_REF, params: Query[EvaluationQuery]):
    """总览页的数字：各状态目标数，以及按章、按责任单位、按条目的汇总。"""
    from planwatch.indicators.evaluation import rollup as roll_up

    return roll_up(_evaluation(request, ref, params))
