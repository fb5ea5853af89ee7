"""The office's 报送日历 page: rules derived from the plan, the unassigned targets first, one
small form per rule (unit, frequency, due days, bounds), the plan's reminder settings, and
registering a unit the plan does not name (区统计局)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.accounts.permissions import Action, require
from planwatch.indicators.observations import plain
from planwatch.plans.models import Plan

from ..errors import ReportingError
from ..forms import CalendarForm, RuleForm, UnitForm
from ..models import ReportingRule
from ..services.calendar import calendar_for, register_unit, sync_rules, update_calendar, update_rule
from .units import render_page


@login_required
def calendar_index(request):
    require(request.user, Action.CHANGE)
    plans = list(Plan.objects.order_by("name"))
    if len(plans) == 1:
        return redirect("reporting:calendar", plan_id=plans[0].pk)
    return render_page(request, "reporting/calendar_index.html", {"plans": plans})


def _rule_form(rule: ReportingRule) -> RuleForm:
    initial = {"unit": rule.unit_id, "frequency": rule.frequency, "due_days": rule.due_days,
               "min_value": plain(rule.min_value), "max_value": plain(rule.max_value), "active": rule.active}  # fmt: skip
    return RuleForm(initial=initial, prefix=f"r{rule.pk}")


def _post_calendar(request, plan) -> None:
    action = request.POST.get("action")
    with transaction.atomic():
        if action == "sync":
            messages.success(request, sync_rules(actor=request.user, plan=plan).text)
        elif action == "settings":
            form = CalendarForm(request.POST, instance=calendar_for(plan))
            if not form.is_valid():
                errors = "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items())
                messages.error(request, f"未保存：{errors}")
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
    rules = list(
        ReportingRule.objects.filter(plan=plan).select_related("indicator__article", "article", "unit")
    )
    rules.sort(key=lambda r: (r.unit_id is not None or not r.active, r.home_article.position,
                              r.indicator.position if r.indicator_id else -1))  # fmt: skip
    context = {
        "plan": plan, "rows": [(r, _rule_form(r)) for r in rules],
        "unassigned": sum(1 for r in rules if r.unit_id is None and r.active),
        "calendar_form": CalendarForm(instance=calendar_for(plan)), "unit_form": UnitForm(),
        "derivable": plan.indicators.count() + plan.articles.count(),
    }  # fmt: skip
    return render_page(request, "reporting/calendar.html", context)


@login_required
@require_POST
def rule_update(request, pk: int):
    rule = get_object_or_404(ReportingRule.objects.select_related("plan", "indicator", "article"), pk=pk)
    require(request.user, Action.CHANGE, rule.plan)
    form = RuleForm(request.POST, prefix=f"r{rule.pk}")
    if not form.is_valid():
        errors = "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items())
        messages.error(request, f"“{rule.item_name}”未保存：{errors}")
        return redirect("reporting:calendar", plan_id=rule.plan_id)
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
    return reverse("reporting:calendar", args=[rule.plan_id]) + f"#rule-{rule.pk}"
