"""计划: the plans, one plan's chapters → articles (text, units, targets with status lights,
milestones) with a live search, and one article's page.

The plan page shows its first chapters (`FIRST_SCREEN` articles at least) and the headings of
the rest; a chapter's articles arrive when it scrolls into view (htmx, `?chapter=<number>`), or,
without JavaScript, by its link (the same page with that chapter open; `?chapter=all` opens every
chapter). Every chapter is rendered once per data version and viewer (web/page_parts.py): a
47-article plan is no longer 90 KB on every visit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from planwatch.accounts.permissions import Action, require, visible_articles
from planwatch.plans.models import Article
from planwatch.tasks import services as task_services
from planwatch.units.models import ArticleUnit

from .. import page_parts, results
from ..activity import activity_version
from ..search import search_plan
from .common import choose_plan, is_htmx, page, vary_on_htmx

FIRST_SCREEN = 5  # articles shown at once, chapter by chapter; the later chapters load lazily


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
    # the milestones are read besides the plan's data (the admin corrects them): the activity
    # version watches them (web/activity.py); a plan without its row is built every time
    stamp = page_parts.activity_of(request, plan.pk)
    if stamp is None:
        parts = _plan_parts(request, plan)
    else:
        parts = page_parts.parts(request, page="plan", plan=plan, build=lambda: _plan_parts(request, plan),
                                 also=stamp, still=lambda: activity_version(plan.pk) == stamp)  # fmt: skip
    wanted = request.GET.get("chapter", "")
    if wanted and is_htmx(request):  # one chapter, scrolled into view
        chapter = next((c for c in parts["chapters"] if c["key"] == wanted), None)
        if chapter is None:
            raise Http404("未找到该章")
        return vary_on_htmx(HttpResponse(chapter["html"]))
    context.update(parts["head"], chapters=_opened(parts["chapters"], wanted), all_open=wanted == "all")
    return page(request, "web/plan.html", context, nav="plans")


def _plan_parts(request, plan) -> dict:
    """Every chapter's section rendered (articles with units, targets, milestones), and the
    page's figures."""
    rows = results.plan_results(plan=plan, user=request.user)
    articles = list(_with_related(visible_articles(request.user, plan)).order_by("position"))
    chapters = []
    for c in _chapters(articles, results.by_article(rows)):
        key = str(c["chapter"].number if c["chapter"] and c["chapter"].number is not None else 0)
        html = page_parts.render(request, "web/_plan_chapter.html", {"c": c, "key": key})
        heading = str(c["chapter"]) if c["chapter"] else "其他条目"
        chapters.append({"key": key, "heading": heading, "count": len(c["articles"]), "html": html})
    head = {
        "counts": [c for c in results.status_counts(rows) if c[1]], "total": len(rows),
        "article_count": len(articles), "is_demo": results.any_demo(rows),
    }  # fmt: skip
    return {"chapters": chapters, "head": head}


def _opened(chapters: list[dict], wanted: str) -> list[dict]:
    """The chapters, each marked open when it is on the first screen (the first chapters up to
    `FIRST_SCREEN` articles), asked for by its link, or when all are."""
    shown, out = 0, []
    for c in chapters:
        opened = shown < FIRST_SCREEN or wanted in (c["key"], "all")
        shown += c["count"]
        out.append({**c, "open": opened})
    return out


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
