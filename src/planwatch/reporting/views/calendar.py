"""The office's 报送日历 page: the plan's reporting settings, registering a unit the plan does not
name (区统计局), and the rules — a table a page at a time, filtered by unit and kind, unassigned
targets first, with a bulk edit (tick rows, set unit / frequency / due days / start date /
active for all of them) instead of a form per rule. One rule's bounds are edited on its own page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.accounts.permissions import Action, require
from planwatch.indicators.observations import plain
from planwatch.plans.models import Plan
from planwatch.units.models import Unit

from ..errors import ReportingError
from ..forms import NO_UNIT, BulkRuleForm, CalendarForm, RuleForm, UnitForm
from ..models import ReportingRule
from ..services.calendar import (
    calendar_for,
    register_unit,
    sync_rules,
    update_calendar,
    update_rule,
    update_rules,
)
from .units import render_page

RULES_PER_PAGE = 50


@login_required
def calendar_index(request):
    require(request.user, Action.CHANGE)
    plans = list(Plan.objects.order_by("name"))
    if len(plans) == 1:
        return redirect("reporting:calendar", plan_id=plans[0].pk)
    return render_page(request, "reporting/calendar_index.html", {"plans": plans})


def _errors(form) -> str:
    return "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e[0]}".lstrip("：")
                    for f, e in form.errors.items())  # fmt: skip


def _post_calendar(request, plan) -> None:
    action = request.POST.get("action")
    with transaction.atomic():
        if action == "sync":
            messages.success(request, sync_rules(actor=request.user, plan=plan).text)
        elif action == "settings":
            form = CalendarForm(request.POST, instance=calendar_for(plan))
            if not form.is_valid():
                messages.error(request, f"未保存：{_errors(form)}")
                return
            fields = {name: form.cleaned_data[name] for name in CalendarForm.Meta.fields}
            update_calendar(actor=request.user, plan=plan, **fields)
            messages.success(request, "报送设置已保存")
        elif action == "unit":
            form = UnitForm(request.POST)
            if form.is_valid():
                unit, new = register_unit(actor=request.user, name=form.cleaned_data["name"])
                messages.success(
                    request,
                    f"已登记报送单位：{unit.name}" if new else f"单位“{unit.name}”已登记，无需重复添加",
                )
            else:
                messages.error(request, "请填写单位名称")


def filtered_rules(plan, query) -> list[ReportingRule]:
    """The plan's rules, unassigned active ones first then in the plan's order; narrowed by the
    page's filters (unit: an id or "none"; kind: indicator or article)."""
    rules = ReportingRule.objects.filter(plan=plan).select_related("indicator__article", "article", "unit")
    unit, kind = query.get("unit", ""), query.get("kind", "")
    if unit == NO_UNIT:
        rules = rules.filter(unit__isnull=True)
    elif unit.isdigit():
        rules = rules.filter(unit_id=int(unit))
    if kind == "indicator":
        rules = rules.filter(indicator__isnull=False)
    elif kind == "article":
        rules = rules.filter(indicator__isnull=True)
    return sorted(rules, key=lambda r: (r.unit_id is not None or not r.active, r.home_article.position,
                                        r.indicator.position if r.indicator_id else -1))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request, plan_id: int):
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.CHANGE, plan)
    if request.method == "POST":
        try:
            _post_calendar(request, plan)
        except ReportingError as exc:
            messages.error(request, str(exc))
        return redirect("reporting:calendar", plan_id=plan.pk)
    units = list(Unit.objects.order_by("name"))
    rules = filtered_rules(plan, request.GET)
    page = Paginator(rules, RULES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "plan": plan, "page": page, "units": units, "query": query.urlencode(),
        "unit_filter": request.GET.get("unit", ""), "kind_filter": request.GET.get("kind", ""),
        "total": ReportingRule.objects.filter(plan=plan).count(),
        "unassigned": ReportingRule.objects.filter(plan=plan, active=True, unit__isnull=True).count(),
        "bulk_form": BulkRuleForm(plan=plan, units=units),
        "calendar_form": CalendarForm(instance=calendar_for(plan)), "unit_form": UnitForm(),
        "derivable": plan.indicators.count() + plan.articles.count(),
    }  # fmt: skip
    return render_page(request, "reporting/calendar.html", context)


def _back(request, plan) -> str:
    """The calendar page with the filters and page the bulk edit was made from."""
    query = request.POST.get("query", "")
    url = reverse("reporting:calendar", args=[plan.pk])
    return f"{url}?{query}" if query and "\n" not in query and "//" not in query else url


@login_required
@require_POST
def rules_bulk(request, plan_id: int):
    """Apply one change to every ticked rule: all of them or none (one transaction)."""
    plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.CHANGE, plan)
    form = BulkRuleForm(request.POST, plan=plan, units=list(Unit.objects.order_by("name")))
    if not form.is_valid():
        messages.error(request, f"未修改：{_errors(form)}")
        return redirect(_back(request, plan))
    rules = list(form.cleaned_data["rules"])
    try:
        with transaction.atomic():
            changed = update_rules(actor=request.user, rules=rules, reason=form.cleaned_data["reason"],
                                   **form.changes())  # fmt: skip
    except ReportingError as exc:
        messages.error(request, f"未修改：{exc}")
    else:
        messages.success(request, f"已修改 {changed} 条报送规则（勾选 {len(rules)} 条）")
    return redirect(_back(request, plan))


def _rule_form(rule: ReportingRule) -> RuleForm:
    initial = {"unit": rule.unit_id, "frequency": rule.frequency, "due_days": rule.due_days,
               "min_value": plain(rule.min_value), "max_value": plain(rule.max_value), "active": rule.active,
               "starts_on": rule.starts_on}  # fmt: skip
    return RuleForm(initial=initial, prefix=f"r{rule.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def rule_update(request, pk: int):
    """One rule on a page of its own (GET), saved by POST: everything the bulk edit sets, and the
    bounds (minimum and maximum) that only make sense per indicator."""
    rule = get_object_or_404(ReportingRule.objects.select_related("plan", "indicator", "article", "unit"), pk=pk)
    require(request.user, Action.CHANGE, rule.plan)
    if request.method == "GET":
        return render_page(request, "reporting/rule.html", {"rule": rule, "form": _rule_form(rule), "plan": rule.plan})
    form = RuleForm(request.POST, prefix=f"r{rule.pk}")
    if not form.is_valid():
        messages.error(request, f"“{rule.item_name}”未保存：{_errors(form)}")
        return redirect(rule_url(rule))
    fields = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
    try:
        with transaction.atomic():
            changed = update_rule(actor=request.user, rule=rule, reason=form.cleaned_data["reason"], **fields)
    except ReportingError as exc:
        messages.error(request, f"“{rule.item_name}”未保存：{exc}")
    else:
        messages.success(request, f"“{rule.item_name}”已保存" if changed else f"“{rule.item_name}”没有变化")
    return redirect(rule_url(rule))


def rule_url(rule: ReportingRule) -> str:
    return reverse("reporting:rule", args=[rule.pk])
