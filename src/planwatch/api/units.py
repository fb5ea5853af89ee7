"""Responsible units (责任单位) and the articles each leads or co-operates on."""

from django.db.models import Count, Q, prefetch_related_objects
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from planwatch.accounts.permissions import Action, visible_units
from planwatch.units.models import ArticleUnit

from .common import UNIT_REF, Pagination, check, find_plan, find_unit, user_of
from .errors import ERRORS
from .schemas import UnitDetail, UnitOut

router = Router(tags=["责任单位 units"])


class PlanFilter(Schema):
    plan: str | None = Field(None, description="计划代号或编号：只看该计划涉及的单位和条目")


def _link_filter(plan) -> Q:
    return Q(article_links__article__plan=plan) if plan is not None else Q()


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="责任单位列表")
@paginate(Pagination)
def list_units(request, filters: Query[PlanFilter]):
    """填报员只能看到本单位。"""
    check(request, Action.VIEW)
    plan = find_plan(filters.plan) if filters.plan else None
    units = visible_units(user_of(request))
    if plan is not None:
        units = units.filter(pk__in=ArticleUnit.objects.filter(article__plan=plan).values("unit_id"))
    return units.annotate(article_count=Count("article_links", filter=_link_filter(plan))).order_by("name")


@router.get("/units/{ref}", response={200: UnitDetail, **ERRORS}, summary="一个责任单位及其条目")
def get_unit(request, ref: UNIT_REF, filters: Query[PlanFilter]):
    """`ref` 是单位编号或名称（含简称、别名）。填报员只能查看本单位。"""
    unit = find_unit(ref)
    check(request, Action.VIEW, unit)
    plan = find_plan(filters.plan) if filters.plan else None
    links = ArticleUnit.objects.filter(unit=unit).select_related("article__plan", "article__chapter")
    if plan is not None:
        links = links.filter(article__plan=plan)
    links = links.prefetch_related("article__indicators").order_by("article__plan__name", "article__position")
    prefetch_related_objects([unit], "aliases")
    unit.article_rows = list(links)
    unit.article_count = len(unit.article_rows)
    return unit
