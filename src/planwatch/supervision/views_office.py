"""The office's supervision pages: 立项 by hand (领导批示 with its document, 会议议定事项, 手工),
the proposals to accept or dismiss, the accountability ledger (read by leaders and auditors, a
unit sees its own), and the settings N, M and the 签收 working days."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from planwatch.accounts.permissions import Action, allowed, require
from planwatch.plans.errors import StoreError
from planwatch.reporting import clock
from planwatch.reporting.services.evidence import ALLOWED_TEXT
from planwatch.units.models import Unit
from planwatch.web.dates import form_date
from planwatch.web.views.common import page

from . import accountability, decisions, services
from .models import Priority, SupervisionItem
from .proposals import proposals
from .queries import visible_measures
from .views import NAV, plan_or_404


def _unit(value: str) -> Unit:
    unit = Unit.objects.filter(pk=int(value)).first() if value.isdigit() and len(value) < 12 else None
    if unit is None:
        raise StoreError("请选择单位")
    return unit


def _new_from(post, files) -> services.NewItem:
    source = post.get("source", "manual")
    detail = {
        "instruction": {"leader": post.get("leader", ""), "date": post.get("source_date", ""), "text": post.get("instruction", "")},
        "meeting": {"meeting": post.get("meeting", ""), "date": post.get("source_date", ""), "item": post.get("meeting_item", "")},
    }.get(source, {})  # fmt: skip
    deadline = form_date(post.get("deadline", ""))
    if deadline is None:
        raise StoreError("请填写办理时限")
    return services.NewItem(
        subject=post.get("subject", ""), requirements=post.get("requirements", ""), lead_unit=_unit(post.get("lead_unit", "")),
        co_units=[_unit(v) for v in post.getlist("co_units") if v], deadline=deadline,
        priority=post.get("priority", "normal"), source=source, source_detail={k: v[:500] for k, v in detail.items()},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def new_item(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    require(request.user, Action.REVIEW, plan)
    if request.method == "POST":
        try:
            with transaction.atomic():
                item = services.open_item(actor=request.user, plan=plan, new=_new_from(request.POST, request.FILES),
                                          files=request.FILES.getlist("files"))  # fmt: skip
            messages.success(request, f"已立项：{item.number}")
            return redirect("supervision:item", pk=item.pk)
        except StoreError as exc:
            messages.error(request, str(exc))
    context = {"plan": plan, "plans": plans, "units": Unit.objects.order_by("name"), "priorities": Priority.choices,
               "form": request.POST, "allowed_files": ALLOWED_TEXT}  # fmt: skip
    return page(request, "supervision/new.html", context, nav=NAV)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_list(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    require(request.user, Action.REVIEW, plan)
    today = clock.today()
    if request.method == "POST":
        key, action = request.POST.get("key", ""), request.POST.get("action", "")
        try:
            with transaction.atomic():
                if action == "accept":
                    item = decisions.accept(actor=request.user, plan=plan, key=key, deadline=form_date(request.POST.get("deadline", "")))
                    messages.success(request, f"已立项：{item.number}")
                else:
                    decisions.dismiss(actor=request.user, plan=plan, key=key, reason=request.POST.get("reason", ""))
                    messages.success(request, "已不予立项；原因变化前不再提示")
        except StoreError as exc:
            messages.error(request, str(exc))
        return redirect("supervision:proposals", plan_id=plan.pk)
    found = proposals(plan=plan, today=today, report_days=services.settings_for(plan).report_overdue_days)
    return page(request, "supervision/proposals.html", {"plan": plan, "plans": plans, "proposals": found}, nav=NAV)


@login_required
@require_http_methods(["GET", "POST"])
def ledger(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    may_record = allowed(request.user, Action.REVIEW, plan)
    if request.method == "POST":
        require(request.user, Action.REVIEW, plan)
        post = request.POST
        try:
            with transaction.atomic():
                accountability.record_measure(
                    actor=request.user, plan=plan, unit=_unit(post.get("unit", "")),
                    kind_id=int(post.get("kind", "0")) if post.get("kind", "").isdigit() else 0,
                    decided_on=form_date(post.get("decided_on", "")) or clock.today(), reason=post.get("reason", ""),
                    document=post.get("document", ""), item_ids=[int(v) for v in post.getlist("items") if v.isdigit()],
                    files=request.FILES.getlist("files"),
                )  # fmt: skip
            messages.success(request, "已记录问责")
            return redirect("supervision:ledger", plan_id=plan.pk)
        except StoreError as exc:
            messages.error(request, str(exc))
    rules = services.settings_for(plan)
    context = {
        "plan": plan, "plans": plans, "measures": list(visible_measures(request.user, plan)), "may_record": may_record,
        "suggestions": accountability.suggestions(plan=plan, repeated=rules.repeated_overdue, today=clock.today()) if may_record else [],
        "kinds": accountability.kinds(), "units": Unit.objects.order_by("name") if may_record else [],
        "items": SupervisionItem.objects.filter(plan=plan).order_by("-year", "-seq") if may_record else [],
        "allowed_files": ALLOWED_TEXT,
    }  # fmt: skip
    return page(request, "supervision/ledger.html", context, nav=NAV)


FIELDS = ("blue_days", "red_after", "ack_workdays", "report_overdue_days", "repeated_overdue")


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    require(request.user, Action.REVIEW, plan)
    current = services.settings_for(plan)
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in FIELDS}
        bad = [current._meta.get_field(f).verbose_name for f, v in values.items() if not v.isdigit() or not 0 < int(v) <= 365]
        office = request.POST.get("office_name", "").strip()
        if bad or not office:
            messages.error(request, "请填写 1 至 365 之间的整数：" + "、".join(bad) if bad else "请填写办公室名称")
        else:
            with transaction.atomic():
                services.update_settings(actor=request.user, plan=plan, values={**{f: int(v) for f, v in values.items()},
                                                                                   "office_name": office[:100]})  # fmt: skip
            messages.success(request, "已保存督办设置；预警将在下次计算时按新设置更新")
            return redirect("supervision:settings", plan_id=plan.pk)
    fields = [(f, current._meta.get_field(f).verbose_name, getattr(current, f)) for f in FIELDS]
    context = {"plan": plan, "plans": plans, "fields": fields, "office_name": current.office_name}
    return page(request, "supervision/settings.html", context, nav=NAV)
