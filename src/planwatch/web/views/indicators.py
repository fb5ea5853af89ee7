"""指标: the list of targets with their statuses (filterable, htmx), and one indicator's page —
chart, explanation, figures, data table, revision history, and the office's entry form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from planwatch.accounts.permissions import Action, allowed, require, visible_indicators
from planwatch.indicators.models import Indicator, Observation, ObservationRevision
from planwatch.plans.models import Chapter
from planwatch.units.models import ArticleUnit

from .. import page_parts, results
from ..entry import save_observation
from ..filters import filter_results, unit_choices
from ..forms import ObservationForm
from .common import choose_plan, is_htmx, page

HISTORY_LIMIT = 50
OBSERVATIONS_PER_PAGE = 40


@login_required
def indicator_list(request):
    require(request.user, Action.VIEW)
    plan, plans = choose_plan(request)
    rows = results.plan_results(plan=plan, user=request.user) if plan else []
    shown, filters = filter_results(rows, request.GET)
    chapters = [(c.number, str(c)) for c in Chapter.objects.filter(plan=plan)] if plan else []
    untargeted = []
    if plan is not None:
        untargeted = list(
            visible_indicators(request.user, plan).filter(targets__isnull=True).select_related("article")
        )
    context = {
        "plan": plan, "plans": plans, "rows": shown, "total": len(rows), "filters": filters,
        "chapters": chapters, "units": unit_choices(rows), "untargeted": untargeted,
        "status_choices": results.shown_standings(rows), "is_demo": results.any_demo(shown),
    }  # fmt: skip
    return page(request, "web/indicators.html", context, nav="indicators", partial="web/_indicator_rows.html")


def _indicator(request, pk: int, action: str = Action.VIEW) -> Indicator:
    """The indicator with its plan and article; its units and targets are read by what needs
    them (`_with_related`), not by a page whose parts are kept."""
    indicator = get_object_or_404(Indicator.objects.select_related("plan", "article__chapter"), pk=pk)
    require(request.user, action, indicator)
    return indicator


def _with_related(indicator: Indicator) -> Indicator:
    """The article's units and the targets, in two queries, for building the page's parts."""
    links = ArticleUnit.objects.select_related("unit").order_by("position")
    prefetch_related_objects([indicator], Prefetch("article__unit_links", queryset=links), "targets")
    return indicator


def _live_context(request, indicator: Indicator, form=None) -> dict:
    """Everything that changes when a figure is saved: statuses, facts, chart, tables, form.
    All but the form is kept per data version, viewer and page of the data table (page_parts)."""
    may_change = allowed(request.user, Action.CHANGE, indicator) and not indicator.is_derived
    number = request.GET.get("p", "")
    number = number if number.isdigit() and len(number) < 7 else "1"
    parts = page_parts.parts(
        request, page=f"indicator{indicator.pk}.{number}", plan=indicator.plan,
        build=lambda: _parts(request, indicator, number, may_change),
    )  # fmt: skip
    fields = None
    if may_change and form is None:
        form = ObservationForm(indicator=indicator)
        fields = _empty_fields(request, indicator, form)
    return {
        "indicator": indicator, "parts": parts, "main": parts["main"], "is_demo": parts["is_demo"],
        "form": form if may_change else None, "form_fields": fields,
    }  # fmt: skip


def _empty_fields(request, indicator: Indicator, form: ObservationForm) -> str:
    """The empty entry form's fields, rendered once per data version: Django renders each widget
    through a template, a quarter of the page's time. Empty, they show only the indicator's
    measure unit (a placeholder); no value, error or csrf token (that stays in the page)."""
    return page_parts.parts(
        request, page=f"indicator-form{indicator.pk}", plan=indicator.plan,
        build=lambda: {"html": page_parts.render(request, "web/_observation_fields.html", {"form": form})},
    )["html"]  # fmt: skip


_PARTS = ("progress", "data", "history")  # web/_indicator_<part>.html


def _parts(request, indicator: Indicator, number: str, may_change: bool) -> dict:
    _with_related(indicator)
    rows = results.plan_results(plan=indicator.plan, user=request.user)
    mine = [r for r in rows if r["indicator_id"] == indicator.pk]
    # a long series is paged (the latest first), so a monthly indicator over many years does not
    # make a page of megabytes; the chart reads the whole series from the JSON twin
    observations = Paginator(
        indicator.observations.select_related("entered_by__profile__unit").order_by("-period_key"),
        OBSERVATIONS_PER_PAGE,
    ).get_page(number)
    history = list(
        ObservationRevision.objects.filter(observation__indicator=indicator)
        .select_related("actor__profile__unit", "observation")
        .order_by("-at", "-pk")[:HISTORY_LIMIT]
    )
    context = {
        "indicator": indicator, "results": mine, "main": mine[0] if mine else None,
        "observations": observations, "history": history, "history_limit": HISTORY_LIMIT,
        "may_change": may_change,
    }  # fmt: skip
    parts = {name: page_parts.render(request, f"web/_indicator_{name}.html", context) for name in _PARTS}
    return {**parts, "main": context["main"], "is_demo": indicator.observations.filter(is_demo=True).exists()}


@login_required
def indicator_detail(request, pk: int):
    indicator = _indicator(request, pk)
    context = {"plan": indicator.plan, **_live_context(request, indicator)}
    return page(request, "web/indicator.html", context, nav="indicators")


@login_required
@require_http_methods(["GET", "POST"])
def save_observation_view(request, pk: int):
    """GET: the entry form filled with one stored period (htmx, from the 修改 button).
    POST: save the figure, then show the indicator again with its new status and chart."""
    indicator = _indicator(request, pk, Action.CHANGE)
    if indicator.is_derived:
        messages.error(request, "计算指标的数值由公式算出，不能直接录入")
        return redirect("web:indicator", pk=pk)
    if request.method == "GET":
        return _edit_form(request, indicator)
    form = ObservationForm(request.POST, indicator=indicator)
    if form.is_valid():
        saved = save_observation(actor=request.user, indicator=indicator, form=form)
        if not is_htmx(request):
            messages.success(request, saved.message)
            return redirect("web:indicator", pk=pk)
        context = {"plan": indicator.plan, "saved": saved, **_live_context(request, indicator)}
        return page(request, "web/_indicator_live.html", context, nav="indicators")
    context = {"plan": indicator.plan, **_live_context(request, indicator, form)}
    template = "web/_indicator_live.html" if is_htmx(request) else "web/indicator.html"
    return page(request, template, context, nav="indicators")


def _edit_form(request, indicator: Indicator):
    observation = get_object_or_404(Observation, indicator=indicator, period=request.GET.get("period", ""))
    form = ObservationForm.for_existing(indicator, observation)
    return page(
        request, "web/_observation_form.html", {"indicator": indicator, "form": form}, nav="indicators"
    )
