"""Request and response schemas. Field names are English; descriptions are Chinese because they
are what the OpenAPI page (/api/v1/docs) shows the units' developers.

Figures are JSON numbers (the database keeps them as exact decimals; `entered_value` is the figure
as typed, `value` the same in the indicator's unit). Request bodies sit with their endpoints in
observations.py, the evaluation's schemas in evaluation.py, the errors' in errors.py.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from planwatch.progress.periods import parse_period


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _period_label(code: str) -> str:
    try:
        return parse_period(code).label
    except ValueError:
        return code


# --- plans ---------------------------------------------------------------------------------


class PlanRef(Schema):
    id: int
    name: str = Field(description="计划代号，如 shizhong-2023")
    title: str | None = Field(description="计划标题")


class PlanOut(PlanRef):
    period_start: int | None = Field(description="起始年份")
    period_end: int | None = Field(description="截止年份")
    source_name: str = Field(description="导入时的来源文件名")
    updated_at: datetime


class PlanCounts(Schema):
    chapters: int
    articles: int
    units: int = Field(description="计划涉及的责任单位数")
    indicators: int
    targets: int
    milestones: int


class PlanDetail(PlanOut):
    counts: PlanCounts = Field(description="计划的章、条目、单位、指标、目标、里程碑数量")


class ChapterRef(Schema):
    id: int
    number: int = Field(description="章序号（第几章）")
    title: str


class ChapterOut(ChapterRef):
    article_count: int = Field(description="本章中当前用户可见的条目数")


# --- articles ------------------------------------------------------------------------------


class ArticleRef(Schema):
    id: int
    number: int = Field(description="条序号")
    label: str = Field(description="原文编号，如（六）")
    title: str


class UnitLinkOut(Schema):
    id: int = Field(description="责任单位编号")
    name: str = Field(description="责任单位名称")
    role: str = Field(description="lead 牵头单位 / co 配合单位")
    role_label: str
    written_as: str = Field(description="计划原文中的写法")

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()


class ArticleOut(ArticleRef):
    plan_id: int
    chapter: ChapterRef | None = Field(description="所属章")
    text: str = Field(description="条目正文")
    units: list[UnitLinkOut] = Field(description="责任单位（牵头、配合），按原文顺序")

    @staticmethod
    def resolve_units(obj) -> list:
        return list(obj.unit_links.all())


class TargetOut(Schema):
    id: int
    indicator_id: int
    indicator: str = Field(description="指标名称")
    value: float = Field(description="目标值（区间目标为下限）")
    value_max: float | None = Field(description="区间目标的上限")
    unit: str = Field(description="目标值的单位")
    comparator: str = Field(description=">= 不低于、<= 不高于、≈ 左右、= 等于、range 区间")
    comparator_label: str
    basis: str = Field(
        description="level 水平值、annual 每年、cumulative 累计、change_vs_base 较基期变化、portfolio 项目盘子"
    )
    basis_label: str
    year: int | None = Field(description="目标年份；空表示每年")
    base_year: int | None = Field(description="基期年份")
    qualifiers: list[str] = Field(description="限定词，如 力争、左右、累计")
    source: str = Field(description="计划原文中的表述")

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.name

    @staticmethod
    def resolve_comparator_label(obj) -> str:
        return obj.get_comparator_display()

    @staticmethod
    def resolve_basis_label(obj) -> str:
        return obj.get_basis_display()


class MilestoneOut(Schema):
    id: int
    text: str = Field(description="里程碑内容")
    year: int | None = Field(description="完成年份")


class TaskOut(Schema):
    id: int
    text: str = Field(description="具体任务")


class IndicatorBrief(Schema):
    id: int
    name: str
    measure_unit: str = Field(description="计量单位")


class ArticleDetail(ArticleOut):
    plan: PlanRef
    milestones: list[MilestoneOut]
    tasks: list[TaskOut]
    indicators: list[IndicatorBrief]
    targets: list[TargetOut] = Field(description="本条目全部指标的目标")

    @staticmethod
    def resolve_milestones(obj) -> list:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.all())

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())

    @staticmethod
    def resolve_targets(obj) -> list:
        return [t for i in obj.indicators.all() for t in i.targets.all()]


# --- units ---------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str = Field(description="责任单位名称")
    kind: str = Field(description="类型，如 政府部门")
    level: str = Field(description="层级，如 区")
    parent_id: int | None = Field(description="上级单位编号")
    article_count: int = Field(description="牵头或配合的条目数（指定 plan 时只计该计划）")


class UnitArticleOut(Schema):
    id: int = Field(description="条目编号")
    plan: PlanRef
    chapter: ChapterRef | None
    number: int
    label: str
    title: str
    role: str = Field(description="本单位在该条目中的角色：lead 牵头 / co 配合")
    role_label: str
    indicators: list[IndicatorBrief]

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.article_id

    @staticmethod
    def resolve_plan(obj):
        return obj.article.plan

    @staticmethod
    def resolve_chapter(obj):
        return obj.article.chapter

    @staticmethod
    def resolve_number(obj) -> int:
        return obj.article.number

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.article.label

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.article.title

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.article.indicators.all())


class UnitDetail(UnitOut):
    aliases: list[str] = Field(description="别名（合并单位时保留的旧名称）")
    articles: list[UnitArticleOut] = Field(description="本单位牵头或配合的条目")

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return [a.alias for a in obj.aliases.all()]

    @staticmethod
    def resolve_articles(obj) -> list:
        return obj.article_rows


# --- indicators ----------------------------------------------------------------------------


class IndicatorOut(Schema):
    id: int
    plan_id: int
    name: str = Field(description="指标名称")
    code: str = Field(description="指标编码（公式中引用）")
    article: ArticleRef = Field(description="所属条目")
    units: list[str] = Field(description="责任单位名称（牵头在前）")
    lead_units: list[str] = Field(description="牵头单位名称")
    measure_unit: str = Field(description="计量单位")
    kind: str = Field(description="flow 流量（每期新增，年内相加）/ stock 存量（期末水平）")
    frequency: str = Field(description="报送频率：year、half、quarter、month")
    frequency_label: str
    direction: str = Field(description="higher 越高越好 / lower 越低越好")
    is_derived: bool = Field(description="是否计算指标（数值由公式算出，不能直接填报）")
    targets: list[TargetOut]

    @staticmethod
    def resolve_units(obj) -> list[str]:
        links = sorted(obj.article.unit_links.all(), key=lambda link: (link.role != "lead", link.position))
        return [link.unit.name for link in links]

    @staticmethod
    def resolve_lead_units(obj) -> list[str]:
        return [link.unit.name for link in obj.article.unit_links.all() if link.role == "lead"]

    @staticmethod
    def resolve_frequency_label(obj) -> str:
        return obj.get_frequency_display()

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class PointOut(Schema):
    period: str
    value: float


class IndicatorDetail(IndicatorOut):
    plan: PlanRef
    formula: str = Field(description="计算公式（计算指标）")
    latest: PointOut | None = Field(description="最新一期数据")
    observation_count: int = Field(description="已有数据期数")


# --- observations --------------------------------------------------------------------------


class RevisionOut(Schema):
    id: int
    at: datetime = Field(description="修改时间")
    actor: str | None = Field(description="操作人用户名")
    old_value: float | None = Field(description="原数值（指标单位）；新增时为空")
    new_value: float
    old_status: str
    new_status: str
    changes: dict[str, Any] = Field(description="其他变化的字段：字段 → [原值, 新值]")
    reason: str = Field(description="修改原因")

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None

    @staticmethod
    def resolve_old_value(obj) -> float | None:
        return _float(obj.old_value)

    @staticmethod
    def resolve_new_value(obj) -> float | None:
        return _float(obj.new_value)


class ObservationOut(Schema):
    id: int
    indicator_id: int
    period: str = Field(description="期间代码：2024、2024H1、2024Q2、2024-06")
    period_label: str = Field(description="期间的中文写法，如 2024年第二季度")
    period_end: date
    value: float = Field(description="数值（指标的计量单位）")
    measure_unit: str = Field(description="指标的计量单位")
    entered_value: float = Field(description="填报的原始数值")
    entered_unit: str = Field(description="填报时的单位")
    source: str
    note: str
    status: str = Field(description="draft 草稿、submitted 已报送、returned 已退回、approved 已审核")
    status_label: str
    is_demo: bool = Field(description="演示数据")
    derived: bool = Field(description="由公式计算得出")
    entered_by: str | None = Field(description="填报人用户名")
    entered_at: datetime
    revisions: list[RevisionOut] | None = Field(None, description="修订历史（仅当 with_revisions=1）")

    @staticmethod
    def resolve_period_label(obj) -> str:
        return _period_label(obj.period)

    @staticmethod
    def resolve_value(obj) -> float | None:
        return _float(obj.value)

    @staticmethod
    def resolve_entered_value(obj) -> float | None:
        return _float(obj.entered_value)

    @staticmethod
    def resolve_measure_unit(obj) -> str:
        return obj.indicator.measure_unit

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_entered_by(obj) -> str | None:
        return obj.entered_by.get_username() if obj.entered_by_id else None

    @staticmethod
    def resolve_revisions(obj) -> list | None:
        return getattr(obj, "revision_rows", None)
