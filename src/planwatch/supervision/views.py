"""督办 pages, mounted at /supervision/ (namespace "supervision"): the office's board, an item's
page with its timeline and action forms, the unit's 待办, the leaders' page of red and escalated
items, statistics, proposals, and the accountability ledger (views_office.py).

Thin: `allowed` decides who may do what, services write, one transaction per POST; a refused
step (Conflict) or bad input comes back as a message above the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from planwatch.accounts.permissions import Action, Role, allowed, require, role_of, unit_of, visible_units
from planwatch.plans.errors import StoreError
from planwatch.plans.models import Plan
from planwatch.reporting import clock
from planwatch.reporting.services.evidence import ALLOWED_TEXT
from planwatch.reporting.views.units import evidence_download
from planwatch.web.dates import form_date
from planwatch.web.views.common import choose_plan, page

from . import notices, services
from .api import may_step
from .lifecycle import FLOWS
from .models import Extension, ItemEvent, ItemFile, ItemState, Light, Source, SupervisionItem
from .queries import Filters, escalated, todo, visible_items, visible_measures, with_rows
from .stats import statistics

NAV = "supervision"
STEP_ORDER = ("assign", "acknowledge", "progress", "request_close", "close", "return", "extend", "grant", "refuse")


def plan_or_404(request, plan_id: int) -> tuple[Plan, list[Plan]]:
    plan, plans = choose_plan(request, plan_id)
    if plan is None or plan.pk != plan_id:
        plan = get_object_or_404(Plan, pk=plan_id)
    require(request.user, Action.VIEW, plan)
    return plan, plans


def plan_home(request, *, board: str, unit_page: str, empty: str, nav: str):
    """An app's entry page: the chosen plan's `board` for those who see every unit, `unit_page`
    for a reporter, the `empty` template while no plan is loaded (督办 and 问题 alike)."""
    require(request.user, Action.VIEW)
    plan, _ = choose_plan(request)
    if plan is None:
        return page(request, empty, {"plan": None}, nav=nav)
    return redirect(unit_page if role_of(request.user) is Role.REPORTER else board, plan_id=plan.pk)


@login_required
@require_GET
def index(request):
    """The board for those who see every unit; a unit's 待办 for a reporter."""
    return plan_home(request, board="supervision:board", unit_page="supervision:todo", empty="supervision/board.html",
                     nav=NAV)  # fmt: skip


def _filters(request) -> Filters:
    get = request.GET
    unit = get.get("unit", "")
    return Filters(state=get.get("state", "") if get.get("state") in ItemState.values else "",
                   light=get.get("light", "") if get.get("light") in ("red", "yellow", "blue", "none") else "",
                   unit=int(unit) if unit.isdigit() and len(unit) < 12 else None,
                   source=get.get("source", "") if get.get("source") in Source.values else "", q=get.get("q", "")[:100])  # fmt: skip


@login_required
@require_GET
def board(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    filters = _filters(request)
    items = list(with_rows(filters.apply(visible_items(request.user, plan))).order_by("-year", "-seq"))
    context = {"plan": plan, "plans": plans, "items": items, "filters": filters, "states": ItemState.choices,
               "lights": [("red", "红灯"), ("yellow", "黄灯"), ("blue", "蓝灯"), ("none", "无预警")],
               "sources": Source.choices, "units": visible_units(request.user).order_by("name")}  # fmt: skip
    return page(request, "supervision/board.html", context, nav=NAV)


def _item(pk: int) -> SupervisionItem:
    events = ItemEvent.objects.select_related("actor__profile__unit").prefetch_related("files")
    items = SupervisionItem.objects.select_related("plan", "lead_unit").prefetch_related(
        "co_units", "links", Prefetch("events", queryset=events), "light_changes")  # fmt: skip
    return get_object_or_404(items, pk=pk)


def _steps(user, item) -> list[tuple[str, str]]:
    """The steps this user may take on the item now: (action, label)."""
    out = []
    for action in STEP_ORDER:
        transition = FLOWS[action].transitions[action]
        current = item.extension if FLOWS[action].state_field == "extension" else item.state
        if current in transition.sources and may_step(user, item, action):
            if action == "extend" and item.state not in (ItemState.ASSIGNED, ItemState.HANDLING, ItemState.REQUESTED):
                continue
            out.append((action, transition.label))
    return out


@login_required
@require_GET
def item_detail(request, pk: int):
    item = _item(pk)
    require(request.user, Action.VIEW, item)
    context = {
        "plan": item.plan, "item": item, "steps": _steps(request.user, item), "allowed_files": ALLOWED_TEXT,
        "may_remind": allowed(request.user, Action.REVIEW, item) and item.state in (ItemState.ASSIGNED, ItemState.HANDLING),
        "may_print": allowed(request.user, Action.REVIEW, item), "needs_text": services.NEEDS_TEXT,
        "extension_requested": item.extension == Extension.REQUESTED,
    }  # fmt: skip
    return page(request, "supervision/item.html", context, nav=NAV)


@login_required
@require_POST
def item_step(request, pk: int, action: str):
    item = get_object_or_404(SupervisionItem.objects.select_related("plan").prefetch_related("co_units"), pk=pk)
    require(request.user, Action.VIEW, item)
    if action not in (*STEP_ORDER, "remind") or not may_step(request.user, item, action):
        raise PermissionDenied("无权进行此操作")
    try:
        with transaction.atomic():
            if action == "remind":
                sent = services.remind(actor=request.user, item=item, text=request.POST.get("text", ""))
                messages.success(request, f"已催办，通知 {sent} 人")
            else:
                services.step(actor=request.user, item=item, action=action, text=request.POST.get("text", ""),
                              deadline=form_date(request.POST.get("deadline", "")), files=request.FILES.getlist("files"))  # fmt: skip
                messages.success(request, f"已{FLOWS[action].transitions[action].label}")
    except StoreError as exc:  # Conflict included: nothing was written
        messages.error(request, str(exc))
    return redirect("supervision:item", pk=pk)


@login_required
@require_GET
def notice(request, pk: int, kind: str):
    item = get_object_or_404(SupervisionItem.objects.select_related("plan", "lead_unit"), pk=pk)
    require(request.user, Action.REVIEW, item)
    if kind not in notices.TITLES:
        raise PermissionDenied("无此通知单")
    name, data = notices.notice(item=item, kind=kind, today=clock.today())
    return notices.docx_response(name, data, HttpResponse)


@login_required
@require_GET
def item_file(request, pk):
    stored = get_object_or_404(ItemFile.objects.select_related("item"), pk=pk)
    if stored.item is not None:
        require(request.user, Action.VIEW, stored.item)
    elif not any(allowed(request.user, Action.VIEW, m) for m in visible_measures(request.user, _plan_of(stored))):
        raise PermissionDenied("无权查看该文件")
    return evidence_download(stored)  # same folder, same headers as every evidence file


def _plan_of(stored: ItemFile):
    from .models import AccountabilityMeasure

    measure = AccountabilityMeasure.objects.filter(files=stored).select_related("plan").first()
    if measure is None:
        raise PermissionDenied("无权查看该文件")
    return measure.plan


@login_required
@require_GET
def todo_page(request, plan_id: int):
    """A unit's 待办: to acknowledge, to answer, due soon. The office picks the unit (?unit=)."""
    plan, plans = plan_or_404(request, plan_id)
    unit_id = unit_of(request.user)
    if unit_id is None:
        unit_id = _filters(request).unit
    units = visible_units(request.user).order_by("name")
    lists = todo(visible_items(request.user, plan), unit_id, clock.today(), services.settings_for(plan).blue_days) if unit_id else None
    context = {"plan": plan, "plans": plans, "lists": lists, "units": units, "unit_id": unit_id,
               "is_unit": role_of(request.user) is Role.REPORTER}  # fmt: skip
    return page(request, "supervision/todo.html", context, nav=NAV)


@login_required
@require_GET
def leaders(request, plan_id: int):
    """Red and escalated items, one line each (leaders, the office's weekly list)."""
    plan, plans = plan_or_404(request, plan_id)
    items = list(with_rows(escalated(visible_items(request.user, plan))).order_by("deadline", "seq"))
    return page(request, "supervision/leaders.html", {"plan": plan, "plans": plans, "items": items}, nav=NAV)


@login_required
@require_GET
def stats_page(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    context = {"plan": plan, "plans": plans, "stats": statistics(visible_items(request.user, plan)),
               "light_labels": dict(Light.choices)}  # fmt: skip
    return page(request, "supervision/stats.html", context, nav=NAV)
