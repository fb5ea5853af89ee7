"""Plans, their chapters and articles (read-only; plans change by import, articles in the admin)."""

from django.db.models import Count, Prefetch, Q
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from planwatch.accounts.permissions import Action, visible_articles
from planwatch.indicators.models import Indicator
from planwatch.params import MAX_ID
from planwatch.plans.models import Article, Plan
from planwatch.plans.services import plan_counts
from planwatch.units.models import ArticleUnit

from .common import ARTICLE_ID, PLAN_REF, Pagination, check, find_plan, find_unit, get_or_404, user_of
from .errors import ERRORS
from .schemas import ArticleDetail, ArticleOut, ChapterOut, PlanDetail, PlanOut

router = Router(tags=["计划 plans"])


def unit_links() -> Prefetch:
    """An article's unit links with their units, in the plan's order (one query for a page)."""
    return Prefetch("unit_links", queryset=ArticleUnit.objects.select_related("unit").order_by("position"))


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="行动计划列表")
@paginate(Pagination)
def list_plans(request):
    check(request, Action.VIEW)
    return Plan.objects.order_by("name")


@router.get("/plans/{ref}", response={200: PlanDetail, **ERRORS}, summary="一个行动计划")
def get_plan(request, ref: PLAN_REF):
    """`ref` 是计划代号（如 shizhong-2023）或编号。"""
    plan = find_plan(ref)
    check(request, Action.VIEW, plan)
    plan.counts = plan_counts(plan)
    return plan


@router.get("/plans/{ref}/chapters", response={200: list[ChapterOut], **ERRORS}, summary="计划的章")
def list_chapters(request, ref: PLAN_REF):
    plan = find_plan(ref)
    check(request, Action.VIEW, plan)
    visible = visible_articles(user_of(request), plan).order_by()
    counts = dict(visible.values("chapter_id").annotate(n=Count("pk")).values_list("chapter_id", "n"))
    chapters = list(plan.chapters.order_by("number"))
    for chapter in chapters:
        chapter.article_count = counts.get(chapter.pk, 0)
    return chapters


class ArticleFilter(Schema):
    chapter: int | None = Field(None, ge=0, le=MAX_ID, description="章序号（第几章）")
    unit: str | None = Field(None, description="责任单位的编号或名称（牵头或配合）")
    q: str | None = Field(None, description="在标题和正文中搜索")


@router.get(
    "/plans/{ref}/articles",
    response={200: list[ArticleOut], **ERRORS},
    summary="计划的条目（可按章、单位筛选和搜索）",
)
@paginate(Pagination)
def list_articles(request, ref: PLAN_REF, filters: Query[ArticleFilter]):
    """填报员只能看到本单位牵头或配合的条目。"""
    plan = find_plan(ref)
    check(request, Action.VIEW, plan)
    articles = visible_articles(user_of(request), plan)
    if filters.chapter is not None:
        articles = articles.filter(chapter__number=filters.chapter)
    if filters.unit:
        unit = find_unit(filters.unit)
        articles = articles.filter(pk__in=ArticleUnit.objects.filter(unit=unit).values("article_id"))
    if filters.q and filters.q.strip():
        q = filters.q.strip()
        articles = articles.filter(Q(title__icontains=q) | Q(text__icontains=q))
    return articles.select_related("chapter").prefetch_related(unit_links()).order_by("position", "pk")


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetail, **ERRORS},
    summary="一个条目（责任单位、目标、里程碑）",
)
def get_article(request, article_id: ARTICLE_ID):
    articles = Article.objects.select_related("plan", "chapter").prefetch_related(
        unit_links(),
        "milestones",
        "tasks",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets")),
    )
    article = get_or_404(articles, f"未找到条目：{article_id}", pk=article_id)
    check(request, Action.VIEW, article)
    return article
