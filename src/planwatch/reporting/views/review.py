"""The office's 审核 page: the queue of submitted figures and texts, approve / return with a
reason, and unlocking approved periods. Only users who may `review` (the office) get here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from planwatch.accounts.permissions import Action, require
from planwatch.params import id_param
from planwatch.plans.models import Plan
from planwatch.units.models import Unit

from ..errors import Invalid, ReportingError
from ..forms import ReasonForm
from ..models import ArticleReport, Submission
from ..services.review import approve, describe, locked_items, return_item, review_queue, unlock
from .units import render_page

MODELS = {"submission": Submission, "report": ArticleReport}
DONE = {"approve": "已审核通过", "return": "已退回", "unlock": "已解锁"}


def _filter(request):
    plan_id, unit_id = id_param(request, "plan", "计划"), id_param(request, "unit", "单位")
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id else None
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return plan, unit


@login_required
def review_page(request):
    require(request.user, Action.REVIEW)
    plan, unit = _filter(request)
    queue = review_queue(plan=plan, unit=unit)
    context = {
        "queue": queue, "locked": locked_items(plan=plan, unit=unit), "plan_filter": plan,
        "unit_filter": unit, "plans": Plan.objects.order_by("name"), "reason_form": ReasonForm(),
        "units": Unit.objects.filter(pk__in=_queue_units(queue)).order_by("name"),
    }  # fmt: skip
    return render_page(request, "reporting/review.html", context)


def _queue_units(queue) -> set[int]:
    return {row.item.unit_id for row in queue["submissions"]} | {r.unit_id for r in queue["reports"]}


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("reporting:review")


@login_required
@require_POST
def review_action(request, kind: str, pk: int, action: str):
    """approve / return (reason) / unlock (reason) one item; the message says what happened."""
    if kind not in MODELS or action not in DONE:
        raise Http404
    reason = request.POST.get("reason", "")
    try:
        with transaction.atomic():  # the workflow re-reads the item under a lock in here
            item = get_object_or_404(MODELS[kind].objects.select_related("unit"), pk=pk)
            require(request.user, Action.REVIEW, item)
            if action == "approve":
                approve(actor=request.user, item=item)
            elif action == "return":
                return_item(actor=request.user, item=item, reason=reason)
            else:
                unlock(actor=request.user, item=item, reason=reason)
    except Invalid as exc:
        messages.error(request, f"{describe(item)}未处理：{exc}")
    except ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{describe(item)}{DONE[action]}")
    return _back(request)
