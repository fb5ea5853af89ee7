"""计划: the plans, one plan's chapters → articles (text, units, targets with status lights,
milestones) with a live search, and one article's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from planwatch.accounts.permissions import Action, require, visible_articles
from planwatch.plans.models import Article
from planwatch.tasks import services as task_services
from planwatch.units.models import ArticleUnit

from .. import results
from ..search import search_plan
from .common import choose_plan, is_htmx, page


def _with_related(articles):
    links = ArticleUnit.objects.select_related("unit").order_by("position")
    return articles.select_related("chapter").prefetch_related(
        Prefetch("unit_links", queryset=links), "milestones"
    )


@login_required
def plan_list(request):
    """The plans; with one plan (the usual case) straight to it."""
    require(request.user, Action.VIEW)
    plan, plans = choose_plan(request)
    if len(plans) == 1:
        return redirect("web:plan", pk=plans[0].pk)
    return page(request, "web/plans.html", {"plan": plan, "plans": plans}, nav="plans")


@login_required
def plan_detail(request, pk: int):
    plan, plans = choose_plan(request, plan_id=pk)
    if plan is None or plan.pk != pk:
        raise Http404("未找到计划")
    require(request.user, Action.VIEW, plan)
    q = (request.GET.get("q") or "").strip()
    context = {"plan": plan, "plans": plans, "q": q, "hits": search_plan(plan=plan, user=request.user, q=q)}
    if is_htmx(request) and request.headers.get("HX-Target") == "plan-search-results":
        return page(request, "web/_plan_search.html", context, nav="plans")
    rows = results.plan_results(plan=plan, user=request.user)
    articles = list(_with_related(visible_articles(request.user, plan)).order_by("position"))
    context.update(
        chapters=_chapters(articles, results.by_article(rows)),
        counts=[c for c in results.status_counts(rows) if c[1]],
        total=len(rows),
        article_count=len(articles),
        is_demo=results.any_demo(rows),
    )
    return page(request, "web/plan.html", context, nav="plans")


def _chapters(articles, by_article: dict) -> list[dict]:
    """Articles grouped under their chapters, in document order, each with its results."""
    chapters: list[dict] = []
    for article in articles:
        chapter = article.chapter
        if not chapters or chapters[-1]["chapter"] != chapter:
            chapters.append({"chapter": chapter, "articles": []})
        article.results = by_article.get(article.pk, [])
        chapters[-1]["articles"].append(article)
    return chapters


@login_required
def article_detail(request, pk: int):
    article = get_object_or_404(_with_related(Article.objects.select_related("plan")), pk=pk)
    require(request.user, Action.VIEW, article)
    rows = results.plan_results(plan=article.plan, user=request.user)
    mine = results.by_article(rows).get(article.pk, [])
    context = {
        "plan": article.plan, "article": article, "results": mine, "is_demo": results.any_demo(mine),
        "tasks": task_services.task_rows(tasks=article.tasks.all()),
        "policies": list(article.policy_measures.exclude(state__in=task_services.NOT_REGISTERED)),
    }  # fmt: skip
    return page(request, "web/article.html", context, nav="plans")
