"""`GET /api/v1/plans/{ref}/index`: the plan's composite index (统计评价体系), the JSON twin of
the index page and of `planwatch index PLAN --format json` (docs/index.md, docs/api.md)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, ConfigDict
from pydantic import Field as Described

from planwatch.accounts.permissions import Action
from planwatch.api.common import PLAN_REF, check, find_plan, not_found
from planwatch.api.errors import ERRORS

router = Router(tags=["统计评价 index"])
_OPEN = ConfigDict(extra="allow")


class IndexIndicatorOut(BaseModel):
    model_config = _OPEN

    id: int = Described(description="指标编号")
    name: str
    weight: float | None = Described(description="占整个指数的权重（各指标之和为1；熵值法由数据算出）")
    direction: str = Described(description="higher 越高越好 / lower 越低越好")
    method: str = Described(description="标准化方法：target 目标值法、efficacy 功效系数法、zscore")


class IndexDimensionOut(BaseModel):
    model_config = _OPEN

    name: str
    weight: float | None = Described(description="占整个指数的权重（各维度之和为1）")
    indicators: list[IndexIndicatorOut]


class IndexYear(BaseModel):
    model_config = _OPEN

    year: int
    index: float | None = Described(description="综合指数；当年没有任何数据时为空")
    coverage: float | None = Described(description="有数据的指标权重之和（0–1）")
    dimensions: dict[str, float | None] = Described(description="各维度分指数")
    contributions: dict[str, float] = Described(
        description="{指标编号: 对较上年变化的贡献}；之和等于本年指数减上年指数，首年为空"
    )


class IndexQuarter(BaseModel):
    model_config = _OPEN

    quarter: str = Described(description="季度代码，如 2025Q1")
    label: str = Described(description="季度名称，如 2025年第一季度")
    index: float | None
    change: float | None = Described(description="较上季变化")
    coverage: float | None
    dimensions: dict[str, float | None]
    contributions: dict[str, float] = Described(description="{指标编号: 对较上季变化的贡献}")


class IndexEntityYear(BaseModel):
    year: int
    index: float | None
    coverage: float | None


class IndexEntity(BaseModel):
    name: str = Described(description="单位名称；“本计划”为本计划自己的数据")
    own: bool
    years: list[IndexEntityYear]


class IndexRankRow(BaseModel):
    rank: int | None = Described(description="名次；当年没有指数的单位为空，排在最后")
    name: str
    own: bool
    index: float | None
    coverage: float | None


class IndexRanking(BaseModel):
    year: int
    rows: list[IndexRankRow]


class IndexOut(BaseModel):
    model_config = _OPEN

    version: int = Described(description="指数定义的版本号")
    method: str = Described(description="默认标准化方法：target、efficacy、zscore")
    weighting: str = Described(description="赋权方法：given 办公室设定、equal 等权、entropy 熵值法")
    dimensions: list[IndexDimensionOut]
    years: list[IndexYear]
    quarters: list[IndexQuarter] = Described(
        description="逐季结果（有指标按季、半年或月报送时；季末存量，流量取截至季末四个季度合计）"
    )
    entities: list[IndexEntity] = Described(description="导入对比单位数据后：本计划和各对比单位逐年的指数")
    ranking: IndexRanking | None = Described(description="对比单位排名（最近一个本计划和至少一个对比单位都有指数的年份）")
    stored_at: str | None = Described(
        description="已被新版本替代的版本：其结果在被替代时保存，此为计算时间；当前版本为空"
    )


class IndexQuery(Schema):
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="指数定义版本（默认最新版）")
    as_of: date | None = Field(
        None, description="评估日期 YYYY-MM-DD（默认今天）：只用此日期前已结束期间的数据"
    )


@router.get("/plans/{ref}/index", response={200: IndexOut, **ERRORS}, summary="统计评价体系：综合发展指数")
def plan_index(request, ref: PLAN_REF, params: Query[IndexQuery]):
    """每年（数据允许时每季）的综合指数、各维度分指数、覆盖率，以及较上期变化中各指标的贡献
    （贡献之和等于变化）；有对比单位数据时给出各单位的指数和排名。已被替代的版本返回被替代时保存的结果
    （除非指定 as_of，则按该版本设定重新计算）。"""
    from .results import index_result
    from .services import definition_for

    plan = find_plan(ref)
    check(request, Action.VIEW_INDEX, plan)
    definition = definition_for(plan, params.version)
    if definition is None:
        raise not_found("该计划还没有设定统计评价指数" if params.version is None else "没有这个版本的指数")
    return index_result(definition=definition, as_of=params.as_of)
