"""One item of the 待报送 page saved on its own, and an evidence file removed by its uploader
(a plain post that returns to the page it came from).

Each item has its own small form (htmx swaps the item in place; without script it is a plain
post that comes back to the page), so no request grows with a unit's backlog — the page's old
"全部报送" form had a field per item and failed at Django's 1,000-field limit. The services decide;
these views only find the item, ask `may`, and answer with the item as it now stands.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from planwatch.accounts.permissions import Action, require
from planwatch.web.views.common import is_htmx

from .. import clock
from ..errors import LOCKED_MESSAGE, RACE_MESSAGE, UNDER_REVIEW_MESSAGE, Invalid, ReportingError
from ..forms import item_form
from ..models import Evidence, ReportingRule, Status
from ..services.calendar import jump_rule
from ..services.due import DueItem, item_for
from ..services.evidence import attach_evidence, remove_evidence
from ..services.submissions import check_period, save_article_report, save_submission

RULES = ReportingRule.objects.select_related("plan__reporting_calendar", "unit", "indicator__article", "article")


def unit_anchor(item: DueItem) -> str:
    return reverse("reporting:unit", args=[item.rule.unit_id]) + f"#{item.key}"


def _find(rule_id: int, period: str) -> DueItem:
    """The item of a rule and period that has ended (404 for anything else)."""
    rule = get_object_or_404(RULES, pk=rule_id, active=True, unit__isnull=False)
    on = clock.today()
    try:
        parsed = check_period(rule, period, on)
    except Invalid as exc:
        raise Http404("没有这一期") from exc
    return item_for(rule, parsed, on)


def refusal(item: DueItem) -> str:
    """Why an item filled in on a page opened earlier cannot be saved now."""
    where = f"“{item.rule.item_name}”{item.period.label}"
    if item.record is not None and item.record.locked:
        return f"{where}：{LOCKED_MESSAGE}"
    if item.record is not None and item.record.status == Status.SUBMITTED:
        return f"{where}：{UNDER_REVIEW_MESSAGE}"
    return f"{where}{item.state_label}，不能再次报送"


def answer(request, item: DueItem, *, form=None, note: str = "", error: str = "", status: int = 200):
    """The item as it now stands: the fragment htmx swaps in (always 200, so htmx swaps it), or
    a page of its own for a plain post that needs correcting."""
    if form is None and item.editable:
        form = item_form(item, jump=jump_rule(item.rule.plan))
    context = {"item": item, "form": form, "note": note, "error": error, "may_report": True}
    if is_htmx(request):
        return render(request, "reporting/_item.html", context)
    return render(request, "reporting/item_form.html", {"nav": "reporting", **context}, status=status)


def _save(actor, item: DueItem, form, submit: bool) -> None:
    if item.kind == "indicator":
        record = save_submission(actor=actor, rule=item.rule, period=item.period.code, figure=form.figure(),
                                 submit=submit, on=item.on)  # fmt: skip
    else:
        record = save_article_report(actor=actor, rule=item.rule, period=item.period.code, text=form.text(),
                                     submit=submit, on=item.on)  # fmt: skip
    for upload in form.cleaned_data.get("evidence", []):
        attach_evidence(actor=actor, item=record, upload=upload)


@login_required
@require_POST
def save_item(request, rule_id: int, period: str):
    """Save (保存草稿) or submit (报送) one item; errors beside its fields, nothing half-saved."""
    item = _find(rule_id, period)
    require(request.user, Action.REPORT, item.rule.unit)
    if not item.editable:
        return answer(request, item, error=refusal(item), status=409)
    submit = request.POST.get("action") != "draft"
    form = item_form(item, jump=jump_rule(item.rule.plan), data=(request.POST, request.FILES), submit=submit)
    if not form.is_valid():
        return answer(request, item, form=form, error="未保存：请按提示修改", status=400)
    try:
        with transaction.atomic():
            _save(request.user, item, form, submit)
    except ReportingError as exc:
        return answer(request, item, form=form, error=f"未保存：{exc}", status=409)
    except IntegrityError:  # the same item saved by someone else at the same moment
        return answer(request, item, form=form, error=RACE_MESSAGE, status=409)
    note = "已报送，等待领导小组办公室审核" if submit else "草稿已保存，尚未报送"
    fresh = item_for(item.rule, item.period, item.on)
    if is_htmx(request):
        return answer(request, fresh, note=note)
    messages.success(request, f"“{item.rule.item_name}”{item.period.label}{note}")
    return redirect(unit_anchor(fresh))


@login_required
@require_POST
def remove_file(request, pk):
    """Remove an evidence file: its uploader may, until the item is approved (services decide)."""
    evidence = get_object_or_404(Evidence.objects.select_related("submission", "report", "uploaded_by"), pk=pk)
    owner = evidence.owner
    require(request.user, Action.VIEW, owner)
    try:
        with transaction.atomic():
            remove_evidence(actor=request.user, evidence=evidence)
    except ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除佐证材料“{evidence.name}”，删除记录保留在办理记录中")
    return redirect(_back(request, owner))


def _back(request, owner) -> str:
    """Where a plain post returns: the page it came from (our own path), else the item's page."""
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return back
    name = "reporting:submission" if owner.kind == "submission" else "reporting:report"
    return reverse(name, args=[owner.pk])
