"""One policy measure's page: its facts and history, the issued document file, and what it
delivered each period — the issuing unit reports (资金兑现, 惠及企业/人数), the office approves.

Thin: `allowed` decides, policies.py writes, one transaction per POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from planwatch.accounts.permissions import Action, allowed, require
from planwatch.plans.errors import StoreError
from planwatch.reporting.services.evidence import ALLOWED_TEXT
from planwatch.reporting.views.units import evidence_download
from planwatch.web.views.common import page

from . import policies
from .models import PolicyDelivery, PolicyDeliveryEvent, PolicyDocument, PolicyEvent, PolicyMeasure
from .reports import current_period

PEOPLE = "actor__profile__unit"  # history rows show people by name and unit


@login_required
@require_GET
def policy_detail(request, pk: int):
    deliveries = PolicyDelivery.objects.order_by("-period_key").prefetch_related(
        Prefetch("events", queryset=PolicyDeliveryEvent.objects.select_related(PEOPLE)))
    policy = get_object_or_404(PolicyMeasure.objects.select_related("plan", "article", "issuing_unit").prefetch_related(
        "documents", Prefetch("events", queryset=PolicyEvent.objects.select_related(PEOPLE)),
        Prefetch("deliveries", queryset=deliveries)), pk=pk)  # fmt: skip
    require(request.user, Action.VIEW, policy)
    period = current_period()
    current = next((d for d in policy.deliveries.all() if d.period == period), None)
    may_report = (allowed(request.user, Action.REPORT, policy) and policy.state in policies.OUT
                  and (current is None or current.status in ("draft", "returned")))  # fmt: skip
    context = {
        "plan": policy.plan, "policy": policy, "period": period, "current": current, "may_report": may_report,
        "may_review": allowed(request.user, Action.REVIEW, policy), "totals": policies.delivered(policy),
        "may_upload": allowed(request.user, Action.CHANGE, policy) and policy.state in policies.OUT,
        "allowed_files": ALLOWED_TEXT,
    }  # fmt: skip
    return page(request, "tasks/policy.html", context, nav="tasks")


def _done(request, pk: int, write, success: str):
    try:
        with transaction.atomic():
            write()
    except StoreError as exc:  # bad input or a refused step (Conflict)
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("tasks:policy", pk=pk)


@login_required
@require_POST
def policy_document(request, pk: int):
    policy = get_object_or_404(PolicyMeasure, pk=pk)
    require(request.user, Action.CHANGE, policy)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择政策文件")
        return redirect("tasks:policy", pk=pk)
    return _done(request, pk, lambda: policies.attach_document(actor=request.user, policy=policy, upload=upload),
                 "已上传政策文件")  # fmt: skip


@login_required
@require_POST
def policy_delivery(request, pk: int):
    policy = get_object_or_404(PolicyMeasure, pk=pk)
    require(request.user, Action.REPORT, policy)
    p = request.POST
    return _done(request, pk, lambda: policies.submit_delivery(
        actor=request.user, policy=policy, funds=p.get("funds", ""), enterprises=p.get("enterprises", ""),
        people=p.get("people", ""), note=p.get("note", "")[:5000]), "已报送兑现情况，等待领导小组办公室审核")  # fmt: skip


@login_required
@require_POST
def delivery_review(request, pk: int, action: str):
    item = get_object_or_404(PolicyDelivery, pk=pk)
    require(request.user, Action.REVIEW, item)
    return _done(request, item.policy_id, lambda: policies.review_delivery(
        actor=request.user, delivery=item, action=action, reason=request.POST.get("reason", "")[:2000]), "已处理")  # fmt: skip


@login_required
@require_GET
def policy_document_file(request, pk):
    """The policy's document file, to those who may view the policy; always a download."""
    doc = get_object_or_404(PolicyDocument.objects.select_related("policy"), pk=pk)
    require(request.user, Action.VIEW, doc.policy)
    return evidence_download(doc)
