"""领导小组会议 pages: the meetings of a plan with the problems that need the group (the next
agenda's draft), one meeting's page (agenda, record, decisions — each decision a 督办 item in one
step), and its two DOCX lists. The office acts; leaders and auditors read; units do not see them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.accounts.permissions import Action, allowed, require
from planwatch.plans.errors import StoreError
from planwatch.reporting import clock
from planwatch.reporting.services.evidence import ALLOWED_TEXT
from planwatch.supervision.notices import docx_response
from planwatch.supervision.views import plan_or_404
from planwatch.units.models import Unit
from planwatch.web.dates import form_date
from planwatch.web.views.common import page

from . import meetings as service
from .lists import TITLES, meeting_list
from .models import ENDED, Meeting, Problem
from .views import NAV


def _may_view(user, meeting: Meeting) -> None:
    require(user, Action.VIEW, meeting)  # a unit may not: meetings belong to no unit


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    _may_view(request.user, Meeting(plan=plan))
    if request.method == "POST":
        require(request.user, Action.REVIEW)
        try:
            with transaction.atomic():
                held_on = form_date(request.POST.get("held_on", "")) or clock.today()
                meeting = service.draft(actor=request.user, plan=plan, title=request.POST.get("title", ""), held_on=held_on)
        except StoreError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已拟定{meeting.title}的议题（{meeting.agenda.count()} 个问题）")
            return redirect("problems:meeting", pk=meeting.pk)
    context = {"plan": plan, "plans": plans, "candidates": list(service.needing_the_group(plan).select_related("raised_by")),
               "meetings": Meeting.objects.filter(plan=plan).prefetch_related("agenda", "decisions")}  # fmt: skip
    return page(request, "problems/meetings.html", context, nav=NAV)


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk: int):
    found = get_object_or_404(Meeting.objects.select_related("plan", "minutes"), pk=pk)
    _may_view(request.user, found)
    if request.method == "POST":
        require(request.user, Action.REVIEW, found)
        try:
            with transaction.atomic():
                _post(request, found)
        except StoreError as exc:
            messages.error(request, str(exc))
        return redirect("problems:meeting", pk=pk)
    agenda = found.agenda.select_related("raised_by").order_by("pk")
    others = Problem.objects.filter(plan=found.plan).exclude(state__in=ENDED).exclude(pk__in=agenda.values("pk"))
    context = {"plan": found.plan, "m": found, "agenda": agenda, "others": others.order_by("pk").only("pk", "title"),
               "decisions": found.decisions.select_related("problem", "lead_unit", "item"),
               "units": Unit.objects.order_by("name"), "allowed_files": ALLOWED_TEXT,
               "may_act": allowed(request.user, Action.REVIEW, found)}  # fmt: skip
    return page(request, "problems/meeting.html", context, nav=NAV)


def _post(request, found: Meeting) -> None:
    post = request.POST
    if post.get("do") == "record":
        service.record_meeting(actor=request.user, meeting=found, participants=post.get("participants", ""),
                               minutes=request.FILES.get("minutes"))  # fmt: skip
        messages.success(request, "已记录会议")
        return
    problem = Problem.objects.filter(pk=post.get("problem") or 0, plan=found.plan).first() if post.get("problem", "").isdigit() else None
    if post.get("do") in ("add", "remove"):
        if problem is None:
            raise StoreError("请选择问题")
        service.change_agenda(actor=request.user, meeting=found, problem=problem, add=post["do"] == "add")
        messages.success(request, f"已{'列入' if post['do'] == 'add' else '移出'}议题：{problem.number}")
        return
    unit = Unit.objects.filter(pk=post.get("lead_unit")).first() if post.get("lead_unit", "").isdigit() else None
    deadline = form_date(post.get("deadline", ""))
    if problem is None or unit is None or deadline is None:
        raise StoreError("请选择问题、牵头单位并填写办理时限")
    decision = service.decide(actor=request.user, meeting=found, problem=problem, text=post.get("text", ""),
                              lead_unit=unit, deadline=deadline)  # fmt: skip
    messages.success(request, f"已记录议定事项，并立项{decision.item.number}")


@login_required
@require_GET
def meeting_docx(request, pk: int, kind: str):
    found = get_object_or_404(Meeting.objects.select_related("plan"), pk=pk)
    _may_view(request.user, found)
    if kind not in TITLES:
        raise PermissionDenied("无此清单")
    name, data = meeting_list(meeting=found, kind=kind)
    return docx_response(name, data, HttpResponse)


