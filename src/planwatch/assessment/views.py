"""考核 pages, mounted at /assessment/ (namespace "assessment"): a plan's schemes, the ranking
with grades and bars, a unit's card with every line leading to its row and the appeal form, the
appeals queue with the history. Who sees what is `allowed` and `visible_cards`; services write,
one transaction per POST (views_office.py has the office's forms and the exports)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.accounts.permissions import Action, Role, allowed, require, role_of, unit_of, visible_cards
from planwatch.plans.errors import StoreError
from planwatch.reporting import clock
from planwatch.supervision.views import plan_home, plan_or_404
from planwatch.web.views.common import page

from . import services
from .links import line_links
from .models import Appeal, Scheme, SchemeState

NAV = "assessment"


def scheme_or_404(request, pk: int) -> Scheme:
    scheme = get_object_or_404(Scheme.objects.select_related("plan"), pk=pk)
    require(request.user, Action.VIEW, scheme)
    return scheme


@login_required
@require_GET
def index(request):
    """The chosen plan's schemes, for every role (the page lists what each may see)."""
    return plan_home(request, board="assessment:plan", unit_page="assessment:plan", empty="assessment/plan.html",
                     nav=NAV)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request, plan_id: int):
    """The plan's schemes by year (those the user may see); the office creates one."""
    plan, plans = plan_or_404(request, plan_id)
    if request.method == "POST":
        require(request.user, Action.CHANGE, plan)
        try:
            year = int(request.POST.get("year", "")) if request.POST.get("year", "").isdigit() else 0
            if not 2000 <= year <= 2099:
                raise StoreError("请填写考核年度（2000 至 2099）")
            with transaction.atomic():
                scheme = services.create_scheme(actor=request.user, plan=plan, year=year,
                                                name=(request.POST.get("name") or "年度考核").strip()[:60])  # fmt: skip
            messages.success(request, f"已建立{scheme}（默认方案，可修改）")
            return redirect("assessment:edit", pk=scheme.pk)
        except StoreError as exc:
            messages.error(request, str(exc))
    schemes = [s for s in Scheme.objects.filter(plan=plan) if allowed(request.user, Action.VIEW, s)]
    return page(request, "assessment/plan.html", {"plan": plan, "plans": plans, "schemes": schemes}, nav=NAV)


@login_required
@require_GET
def ranking(request, pk: int):
    """The ranking with grades and a bar per unit (a unit before 公布: its own line only)."""
    scheme = scheme_or_404(request, pk)
    cards, version = services.for_viewer(scheme, request.user)
    cards = visible_cards(request.user, scheme, cards)
    if role_of(request.user) is Role.REPORTER and len(cards) == 1 and scheme.state != SchemeState.PUBLISHED:
        return redirect("assessment:card", pk=scheme.pk, unit_id=cards[0]["unit"])
    names = [c["name"] for c in cards[0]["components"]] if cards else []
    context = {"scheme": scheme, "plan": scheme.plan, "cards": cards, "version": version, "names": names,
               "versions": scheme.versions.order_by("-number"), "today": clock.today(),
               "office": role_of(request.user) is Role.OFFICE}  # fmt: skip
    return page(request, "assessment/ranking.html", context, nav=NAV)


@login_required
@require_GET
def card(request, pk: int, unit_id: int):
    """One unit's card: every component's lines, each with the row behind it."""
    scheme = scheme_or_404(request, pk)
    cards, version = services.for_viewer(scheme, request.user)
    found = next((c for c in visible_cards(request.user, scheme, cards) if c["unit"] == unit_id), None)
    if found is None:
        if any(c["unit"] == unit_id for c in cards) or role_of(request.user) is Role.REPORTER:
            raise PermissionDenied("无权查看该单位的考核结果")
        raise Http404("该单位不在本次考核中")
    parts = [*found["components"], found["bonus"], found["deductions"]]
    line_links(parts)
    may_appeal = (scheme.state == SchemeState.CONSULTING and unit_of(request.user) == unit_id
                  and (scheme.appeal_until is None or clock.today() <= scheme.appeal_until))  # fmt: skip
    appeals = Appeal.objects.filter(scheme=scheme, unit_id=unit_id).order_by("-pk")
    context = {"scheme": scheme, "plan": scheme.plan, "card": found, "parts": parts, "version": version,
               "may_appeal": may_appeal, "appeals": appeals, "card_file": f"card-{unit_id}.docx"}  # fmt: skip
    return page(request, "assessment/card.html", context, nav=NAV)


@login_required
@require_POST
def appeal(request, pk: int):
    """A unit appeals one line of its own card."""
    scheme = scheme_or_404(request, pk)
    unit = request.user.profile.unit if unit_of(request.user) else None
    if unit is None:
        raise PermissionDenied("只有责任单位可以申诉")
    post = request.POST
    try:
        source_id = int(post.get("source_id", "")) if post.get("source_id", "").isdigit() else 0
        with transaction.atomic():
            services.appeal(actor=request.user, scheme=scheme, unit=unit, component=post.get("component", ""),
                            kind=post.get("kind", ""), source_id=source_id, reason=post.get("reason", ""),
                            evidence=post.get("evidence", ""), today=clock.today())  # fmt: skip
        messages.success(request, "申诉已提交，等待办公室处理")
    except StoreError as exc:
        messages.error(request, str(exc))
    return redirect("assessment:card", pk=scheme.pk, unit_id=unit.pk)


@login_required
@require_GET
def appeals(request, pk: int):
    """The appeals and the scheme's history: all for the office, a unit's own for a unit."""
    scheme = scheme_or_404(request, pk)
    rows = Appeal.objects.filter(scheme=scheme).select_related("unit").order_by("state", "pk")
    events = scheme.events.select_related("appeal__unit").order_by("at", "pk")
    if role_of(request.user) is Role.REPORTER:
        rows = rows.filter(unit_id=unit_of(request.user))
        events = events.filter(appeal__unit_id=unit_of(request.user))
    context = {"scheme": scheme, "plan": scheme.plan, "appeals": rows, "events": events,
               "may_decide": allowed(request.user, Action.REVIEW, scheme)}  # fmt: skip
    return page(request, "assessment/appeals.html", context, nav=NAV)
